"""Need-to-know: the reasons a staff member may see a citizen, as SQL filters and as predicates.

This is an extension point. Each app that gives a staff member a reason to see a citizen registers it once, in its
`AppConfig.ready()`, with `register_reason(NeedToKnowReason(...))`: its code and label, the level it opens, how
strong it is, and `rows(staff, today)` — the rows that give the reason. The base turns those rows into one
`Exists(...)` subquery per reason, so lists filter in the database and a single citizen's reason is found in one
query; the django-rules predicates (`predicates.py`) run the same subqueries, so a predicate and a list never
disagree (`tests/test_need_to_know.py` checks that for every registered reason).

Levels:
- FULL: the whole record (overview, journal, history).
- TEAM: the narrow team view (who is on the team and what they do, how to reach the citizen, safety markers,
  current target group).
A reason may also allow writing to the case (`write`) and booking and holding appointments (`meet`).
"""

import datetime
from dataclasses import dataclass
from typing import Callable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.models import Case, Citizen
from helhed.core.models import Role, StaffMember

FULL, TEAM = "full", "team"


@dataclass(frozen=True)
class NeedToKnowReason:
    """One reason a staff member may see a citizen.

    `rows(staff, today)` returns the rows that give `staff` this reason on `today` — a queryset with `citizen_id`
    and `municipality_id` columns, filtered on the staff member through an index — or None when the staff
    member's roles can never have it. `acting_role(staff)` is the role written to the read log. `rank` orders the
    reasons: the strongest (lowest rank) that holds is the one stated and logged.
    """

    code: str
    label: str
    level: str
    rank: int
    rows: Callable[[StaffMember, datetime.date], QuerySet | None]
    acting_role: Callable[[StaffMember], str]
    write: bool = False
    meet: bool = False
    how_to_get: str = ""  # what gives a staff member this reason, said on the refusal page


class NoReason(Http404):
    """A refusal that explains itself: the 404 page says what would give the staff member a reason (for the roles
    they hold), and never whether the citizen exists. `explanation` is read by the 404 handler in core."""

    def __init__(self, *, ways=(), not_enough: str = ""):
        super().__init__("No need-to-know reason")
        self.explanation = {"ways": list(ways), "not_enough": not_enough}


def ways_to_a_reason(staff: StaffMember, today: datetime.date | None = None) -> list[str]:
    """What would give this staff member a reason to see a citizen: the reasons their roles can ever have."""
    today = today or timezone.localdate()
    return [str(r.how_to_get) for r in reasons() if r.how_to_get and r.rows(staff, today) is not None]


_REASONS: dict[str, NeedToKnowReason] = {}
# Reasons that are stated in the read log but never give access by themselves (e.g. the data-protection review).
_LOG_ONLY_LABELS: dict[str, str] = {}


def register_reason(reason: NeedToKnowReason) -> None:
    if reason.level not in (FULL, TEAM):
        raise ValueError(f"Unknown level {reason.level!r} for reason {reason.code!r}")
    _REASONS[reason.code] = reason


def register_log_reason(code: str, label: str) -> None:
    """A reason written to the read log for reviews that are themselves the basis (no access of their own)."""
    _LOG_ONLY_LABELS[code] = label


def reasons() -> list[NeedToKnowReason]:
    """Every registered reason, strongest first."""
    return sorted(_REASONS.values(), key=lambda r: r.rank)


def reason_label(code: str) -> str:
    if code in _REASONS:
        return _REASONS[code].label
    return _LOG_ONLY_LABELS.get(code, code)


@dataclass(frozen=True)
class Access:
    citizen: Citizen
    reason: str
    role: str

    @property
    def level(self):
        return _REASONS[self.reason].level

    @property
    def can_write(self):
        return _REASONS[self.reason].write

    @property
    def can_meet(self):
        return _REASONS[self.reason].meet

    @property
    def works_with_citizen(self):
        """The full record, or a team member who meets the citizen (mentor, job broker): they see appointments,
        progression, small steps and the story. A partner on the team with consent does not."""
        return self.level == FULL or self.can_meet

    @property
    def reason_label(self):
        return reason_label(self.reason)


def active_on(today: datetime.date) -> Q:
    """A period (valid_from, valid_to inclusive, None open) that covers `today`."""
    return Q(valid_from__lte=today) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))


def valid_consent_q(today: datetime.date) -> Q:
    return Q(withdrawn_at__isnull=True, given_on__lte=today) & (Q(expires_on__isnull=True) | Q(expires_on__gte=today))


def _reason_querysets(staff: StaffMember, today: datetime.date, citizen_ref) -> dict[str, QuerySet]:
    """Per reason, the rows that give it. `citizen_ref` is OuterRef("pk") for correlated use, or None for all.

    For the staff member of a request (`core.middleware`), the querysets (not their rows: each use runs its own
    query) are built once per request, because a page asks for them several times and building them costs more
    than the queries (issue 12). A reason's rows may depend on the time (a stated reason expires), so they are
    never kept longer than the request."""
    key = (today, tuple(_REASONS))
    scoped = getattr(staff, "request_scoped", False)
    kept = getattr(staff, "_reason_querysets", None) if scoped else None
    if kept is None or kept[0] != key:
        querysets = {}
        for reason in reasons():
            rows = reason.rows(staff, today)
            if rows is not None:
                querysets[reason.code] = rows
        kept = (key, querysets)
        if scoped:
            staff._reason_querysets = kept
    if citizen_ref is None:
        return dict(kept[1])
    return {code: rows.filter(citizen=citizen_ref) for code, rows in kept[1].items()}


def reason_subqueries(staff: StaffMember, today: datetime.date | None = None) -> dict[str, Exists]:
    """One correlated EXISTS per reason this staff member's roles can have: for annotating rows and single checks."""
    today = today or timezone.localdate()
    return {code: Exists(qs) for code, qs in _reason_querysets(staff, today, OuterRef("pk")).items()}


def visible_citizens(staff: StaffMember, *, level: str | None = None, write: bool = False):
    """Citizens of the staff member's municipality they have at least one reason to see, filtered in SQL.

    `level` keeps the reasons that open that level; `write=True` keeps the reasons that allow writing to the case.

    The filter is `pk IN (citizen ids from each reason's indexed lookup on the staff member, UNIONed)`, so both
    SQLite and PostgreSQL start from the staff member's few rows (an OR of IN lists made PostgreSQL scan every
    citizen with a hashed subplan, 45 ms at 100,000 citizens). The tenant key is
    applied inside those lookups (every case, membership and referral row carries the citizen's municipality),
    not on the citizen table: a filter there makes SQLite walk the municipality's name index — all citizens —
    to avoid a sort, where the lookups give a few dozen rows (see bench/README.md).
    """
    if not staff:
        return Citizen.objects.none()
    return _visible(staff, _reason_querysets(staff, timezone.localdate(), None), level=level, write=write)


def visible_citizens_with_reasons(staff: StaffMember):
    """`visible_citizens`, each row annotated `has_<code>` per reason (read it with `strongest_reason`). The same as
    annotating with `reason_subqueries`, but the reasons' lookups are built once (they were a tenth of a list page)."""
    if not staff:
        return Citizen.objects.none()
    querysets = _reason_querysets(staff, timezone.localdate(), None)
    return _visible(staff, querysets).annotate(
        **{f"has_{code}": Exists(qs.filter(citizen=OuterRef("pk"))) for code, qs in querysets.items()}
    )


def _visible(staff: StaffMember, querysets: dict[str, QuerySet], *, level: str | None = None, write: bool = False):
    if level:
        querysets = {code: q for code, q in querysets.items() if _REASONS[code].level == level}
    if write:
        querysets = {code: q for code, q in querysets.items() if _REASONS[code].write}
    if not querysets:
        return Citizen.objects.none()
    ids = [qs.filter(municipality_id=staff.municipality_id).order_by().values("citizen_id") for qs in querysets.values()]
    return Citizen.objects.filter(pk__in=ids[0].union(*ids[1:]) if len(ids) > 1 else ids[0])


def strongest_reason(row) -> str:
    """The strongest reason annotated on a row as `has_<code>` (see `reason_subqueries`), or ""."""
    return next((r.code for r in reasons() if getattr(row, f"has_{r.code}", False)), "")


def get_access(staff: StaffMember, pk: int, *, level: str = TEAM, write: bool = False, meet: bool = False) -> Access:
    """The citizen and the strongest reason to see them, or 404 (Helhed does not reveal that a citizen exists)."""
    if not staff:
        raise Http404
    row = (
        Citizen.objects.filter(pk=pk, municipality_id=staff.municipality_id)
        .annotate(**{f"has_{code}": q for code, q in reason_subqueries(staff).items()})
        .first()
    )
    code = strongest_reason(row) if row is not None else ""
    if not code:
        raise NoReason(ways=ways_to_a_reason(staff))
    row.request_scoped = getattr(staff, "request_scoped", False)  # read for this request: selectors may keep answers
    access = Access(citizen=row, reason=code, role=role_for(staff, code))
    if (level == FULL and access.level != FULL) or (write and not access.can_write) or (meet and not access.can_meet):
        raise NoReason(not_enough=_("Your reason to see this citizen (%(reason)s) does not cover this page.")
                       % {"reason": access.reason_label})
    return access


def role_for(staff: StaffMember, code: str) -> str:
    """The role the staff member acts in when they see a citizen for `code` (written to the read log)."""
    return _REASONS[code].acting_role(staff) if code in _REASONS else ""


# The base's own reason: the caseworker who holds the citizen's open case.
RESPONSIBLE = "responsible_caseworker"


def _responsible_rows(staff, today):
    if not set(staff.role_codes()) & {Role.CASEWORKER, Role.COORDINATING_CASEWORKER}:
        return None
    return Case.objects.filter(status=Case.Status.OPEN, responsible=staff)


register_reason(NeedToKnowReason(
    code=RESPONSIBLE, label=_("Responsible caseworker"), level=FULL, rank=10, rows=_responsible_rows,
    how_to_get=_("You hold the citizen's case as responsible caseworker (the case is moved to you)."),
    acting_role=lambda staff: Role.CASEWORKER, write=True, meet=True,
))
