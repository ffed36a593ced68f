"""Need-to-know: the reasons a staff member may see a citizen, as SQL filters and as predicates.

Every reason is one `Exists(...)` subquery, so lists filter in the database and a single citizen's
reason is found in one query. `rules` predicates (see `rules.py`) call the same code for one object.

Levels:
- FULL: the whole record (overview, journal, history) — responsible and coordinating caseworker, the sanction
  officer a sanction case is referred to, and a team leader or data-protection officer on a stated reason.
- TEAM: the narrow team view (who is on the team and what they do, how to reach the citizen, safety markers,
  current target group) — mentors, job brokers and other team members, partners with a valid consent.
Writing to the case (notes, target group, markers, team, consents) needs a caseworker reason (WRITE).
Booking and holding appointments (CONTACT) is open to team members too: a mentor meets the citizen every week.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.models import Case, Citizen, Consent
from helhed.core.models import Role, StaffMember


class Reason:
    RESPONSIBLE = "responsible_caseworker"
    COORDINATING = "coordinating_caseworker"
    SANCTION_CASE = "sanction_case"
    STATED_REASON = "stated_reason"
    TEAM_MEMBER = "team_member"
    PARTNER_WITH_CONSENT = "partner_with_consent"
    DATA_PROTECTION = "data_protection"

    LABELS = {
        RESPONSIBLE: _("Responsible caseworker"),
        COORDINATING: _("Coordinating caseworker"),
        SANCTION_CASE: _("Sanction case referred to you"),
        STATED_REASON: _("Stated reason (break the glass)"),
        TEAM_MEMBER: _("Member of the team"),
        PARTNER_WITH_CONSENT: _("Partner with the citizen's consent"),
        DATA_PROTECTION: _("Data-protection review"),
    }


def reason_label(code: str) -> str:
    return Reason.LABELS.get(code, code)


FULL, TEAM = "full", "team"
# Strongest first: the first reason that holds is the one stated and logged.
ORDER = [
    Reason.RESPONSIBLE, Reason.COORDINATING, Reason.SANCTION_CASE, Reason.STATED_REASON,
    Reason.TEAM_MEMBER, Reason.PARTNER_WITH_CONSENT,
]
LEVEL = {
    Reason.RESPONSIBLE: FULL, Reason.COORDINATING: FULL, Reason.SANCTION_CASE: FULL, Reason.STATED_REASON: FULL,
    Reason.TEAM_MEMBER: TEAM, Reason.PARTNER_WITH_CONSENT: TEAM,
}
WRITE_REASONS = {Reason.RESPONSIBLE, Reason.COORDINATING}
# Booking and holding appointments: the caseworkers, and the team members who meet the citizen (mentors, job brokers).
CONTACT_REASONS = WRITE_REASONS | {Reason.TEAM_MEMBER}


@dataclass(frozen=True)
class Access:
    citizen: Citizen
    reason: str
    role: str

    @property
    def level(self):
        return LEVEL[self.reason]

    @property
    def can_write(self):
        return self.reason in WRITE_REASONS

    @property
    def can_meet(self):
        return self.reason in CONTACT_REASONS

    @property
    def reason_label(self):
        return reason_label(self.reason)


def _active(today: datetime.date) -> Q:
    """A period (valid_from, valid_to inclusive, None open) that covers `today`."""
    return Q(valid_from__lte=today) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))


def valid_consent_q(today: datetime.date) -> Q:
    return Q(withdrawn_at__isnull=True, given_on__lte=today) & (Q(expires_on__isnull=True) | Q(expires_on__gte=today))


def _reason_querysets(staff: StaffMember, today: datetime.date, citizen_ref) -> dict:
    """Per reason, the rows that give it. `citizen_ref` is OuterRef("pk") for correlated use, or None for all."""
    from helhed.audit.models import StatedReasonAccess
    from helhed.coordination.models import CaseTeamMember
    from helhed.sanctions.models import SanctionCase

    def of_citizen(queryset):
        return queryset if citizen_ref is None else queryset.filter(citizen=citizen_ref)

    roles = set(staff.role_codes())
    team = of_citizen(CaseTeamMember.objects.filter(_active(today), staff=staff))
    querysets = {}
    if roles & {Role.CASEWORKER, Role.COORDINATING_CASEWORKER}:
        querysets[Reason.RESPONSIBLE] = of_citizen(Case.objects.filter(status=Case.Status.OPEN, responsible=staff))
    if Role.COORDINATING_CASEWORKER in roles:
        querysets[Reason.COORDINATING] = team.filter(role=CaseTeamMember.Role.COORDINATING_CASEWORKER)
    if Role.SANCTION_OFFICER in roles:
        querysets[Reason.SANCTION_CASE] = of_citizen(
            SanctionCase.objects.filter(referred_to=staff, status=SanctionCase.Status.OPEN)
        )
    if roles & {Role.TEAM_LEADER, Role.DATA_PROTECTION}:
        querysets[Reason.STATED_REASON] = of_citizen(
            StatedReasonAccess.objects.filter(staff=staff, expires_at__gt=timezone.now())
        )
    team_roles = {
        Role.MENTOR: CaseTeamMember.Role.MENTOR, Role.JOB_BROKER: CaseTeamMember.Role.JOB_BROKER,
        Role.CASEWORKER: CaseTeamMember.Role.OTHER,
    }
    allowed = [team_roles[r] for r in roles if r in team_roles]
    if allowed:
        querysets[Reason.TEAM_MEMBER] = team.filter(role__in=allowed)
    if Role.PARTNER in roles:
        consent = Consent.objects.filter(valid_consent_q(today), citizen=OuterRef("citizen")).filter(
            Q(recipient_unit=OuterRef("organisation")) | Q(recipient_unit_id=staff.unit_id) | Q(recipient_role=Role.PARTNER)
        )
        querysets[Reason.PARTNER_WITH_CONSENT] = team.filter(role=CaseTeamMember.Role.PARTNER).filter(Exists(consent))
    return querysets


def reason_subqueries(staff: StaffMember, today: datetime.date | None = None) -> dict[str, Exists]:
    """One correlated EXISTS per reason this staff member's roles can have: for annotating rows and single checks."""
    today = today or timezone.localdate()
    return {reason: Exists(qs) for reason, qs in _reason_querysets(staff, today, OuterRef("pk")).items()}


def visible_citizens(staff: StaffMember, *, level: str | None = None, reasons: set[str] | None = None):
    """Citizens of the staff member's municipality they have at least one reason to see, filtered in SQL.

    The filter is `pk IN (citizen ids from each reason's indexed lookup on the staff member, UNIONed)`, so both
    SQLite and PostgreSQL start from the staff member's few rows (an OR of IN lists made PostgreSQL scan every
    citizen with a hashed subplan, 45 ms at 100,000 citizens). The tenant key is
    applied inside those lookups (every case, membership and referral row carries the citizen's municipality),
    not on the citizen table: a filter there makes SQLite walk the municipality's name index — all citizens —
    to avoid a sort, where the lookups give a few dozen rows (see bench/README.md).
    """
    if not staff:
        return Citizen.objects.none()
    querysets = _reason_querysets(staff, timezone.localdate(), None)
    if level:
        querysets = {r: q for r, q in querysets.items() if LEVEL[r] == level}
    if reasons:
        querysets = {r: q for r, q in querysets.items() if r in reasons}
    if not querysets:
        return Citizen.objects.none()
    ids = [qs.filter(municipality_id=staff.municipality_id).order_by().values("citizen_id") for qs in querysets.values()]
    return Citizen.objects.filter(pk__in=ids[0].union(*ids[1:]) if len(ids) > 1 else ids[0])


def get_access(staff: StaffMember, pk: int, *, level: str = TEAM, write: bool = False, meet: bool = False) -> Access:
    """The citizen and the strongest reason to see them, or 404 (Helhed does not reveal that a citizen exists)."""
    if not staff:
        raise Http404
    subqueries = reason_subqueries(staff)
    row = (
        Citizen.objects.filter(pk=pk, municipality_id=staff.municipality_id)
        .annotate(**{f"has_{reason}": q for reason, q in subqueries.items()})
        .first()
    )
    if row is None:
        raise Http404
    for reason in ORDER:
        if getattr(row, f"has_{reason}", False):
            access = Access(citizen=row, reason=reason, role=role_for(staff, reason))
            if ((level == FULL and access.level != FULL) or (write and not access.can_write)
                    or (meet and not access.can_meet)):
                raise Http404
            return access
    raise Http404


def role_for(staff: StaffMember, reason: str) -> str:
    """The role the staff member acts in when they see a citizen for `reason` (written to the read log)."""
    if reason == Reason.STATED_REASON:
        return Role.DATA_PROTECTION if staff.has_role(Role.DATA_PROTECTION) else Role.TEAM_LEADER
    if reason == Reason.TEAM_MEMBER:
        return next((r for r in (Role.MENTOR, Role.JOB_BROKER, Role.CASEWORKER) if staff.has_role(r)), "")
    return {
        Reason.RESPONSIBLE: Role.CASEWORKER, Reason.COORDINATING: Role.COORDINATING_CASEWORKER,
        Reason.SANCTION_CASE: Role.SANCTION_OFFICER, Reason.PARTNER_WITH_CONSENT: Role.PARTNER,
    }[reason]
