"""What coordination registers: three need-to-know reasons (coordinating caseworker, team member, partner with
consent), the coordinating caseworker and the offers of one as rule facts, the team on the team view, the right to
a coordinating caseworker on the overview, and the team and the offers as personal data."""

from collections import defaultdict

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.access import FULL, TEAM, NeedToKnowReason, register_reason, valid_consent_q
from helhed.citizens.casefile import MAIN, OVERVIEW, TEAM_VIEW, Section, register_section
from helhed.citizens.models import Consent
from helhed.citizens.pages import register_page_title
from helhed.citizens.personal_data import DELETE, PersonalData, declare
from helhed.citizens.signals import consent_withdrawn
from helhed.coordination import selectors
from helhed.coordination.models import CaseTeamMember, CoordinatorOffer
from helhed.core.menu import MenuItem, register_menu_item
from helhed.core.models import Role
from helhed.rules.facts import CoordinatorOffer as CoordinatorOfferFact
from helhed.rules.facts import register_provider

COORDINATING = "coordinating_caseworker"
TEAM_MEMBER = "team_member"
PARTNER_WITH_CONSENT = "partner_with_consent"
TeamRole = CaseTeamMember.TeamRole


def current_memberships(staff, today):
    """Memberships that give access now: the period covers today and nobody has ended them."""
    return selectors.current_members(today).filter(staff=staff)


def _coordinating_rows(staff, today):
    if not staff.has_role(Role.COORDINATING_CASEWORKER):
        return None
    return current_memberships(staff, today).filter(role=TeamRole.COORDINATING_CASEWORKER)


# The staff roles that a team membership in each team role opens the team view for.
_TEAM_ROLE_OF = {Role.MENTOR: TeamRole.MENTOR, Role.JOB_BROKER: TeamRole.JOB_BROKER, Role.CASEWORKER: TeamRole.OTHER}


def _team_member_rows(staff, today):
    allowed = [_TEAM_ROLE_OF[r] for r in staff.role_codes() if r in _TEAM_ROLE_OF]
    return current_memberships(staff, today).filter(role__in=allowed) if allowed else None


def _team_member_role(staff):
    return next((r for r in (Role.MENTOR, Role.JOB_BROKER, Role.CASEWORKER) if staff.has_role(r)), "")


def _partner_rows(staff, today):
    if not staff.has_role(Role.PARTNER):
        return None
    consent = Consent.objects.filter(valid_consent_q(today), citizen=OuterRef("citizen")).filter(
        Q(recipient_unit=OuterRef("organisation")) | Q(recipient_unit_id=staff.unit_id) | Q(recipient_role=Role.PARTNER)
    )
    return current_memberships(staff, today).filter(role=TeamRole.PARTNER).filter(Exists(consent))


register_reason(NeedToKnowReason(
    code=COORDINATING, label=_("Coordinating caseworker"), level=FULL, rank=20, rows=_coordinating_rows,
    acting_role=lambda staff: Role.COORDINATING_CASEWORKER, write=True, meet=True,
    how_to_get=_("You are on the citizen's team as their coordinating caseworker."),
))
register_reason(NeedToKnowReason(
    code=TEAM_MEMBER, label=_("Member of the team"), level=TEAM, rank=50, rows=_team_member_rows,
    acting_role=_team_member_role, meet=True,
    how_to_get=_("The citizen's caseworker adds you to the citizen's team."),
))
register_reason(NeedToKnowReason(
    code=PARTNER_WITH_CONSENT, label=_("Partner with the citizen's consent"), level=TEAM, rank=60,
    rows=_partner_rows, acting_role=lambda staff: Role.PARTNER,
    how_to_get=_("You are on the citizen's team, and a consent from the citizen covers your organisation or partners "
                 "in general."),
))


def coordinating_caseworker_since(citizen_ids):
    """The days that the coordinating caseworkers who are on the team *now* joined it. A membership that has ended
    (`ended_at`), whose last day has passed, or that starts later does not count: only a coordinating caseworker on
    the team now meets the § 36 obligation."""
    days = defaultdict(list)
    for citizen_id, since in selectors.current_coordinators(citizen_ids).values_list("citizen_id", "valid_from"):
        days[citizen_id].append(since)
    return days


def coordinator_offers_for(citizen_ids):
    """The recorded offers of a coordinating caseworker and the citizens' answers, oldest first."""
    offers = defaultdict(list)
    for citizen_id, offered_on, answer, answered_on in selectors.coordinator_offers(citizen_ids).values_list(
        "citizen_id", "offered_on", "answer", "answered_on"
    ):
        offers[citizen_id].append(CoordinatorOfferFact(offered_on=offered_on, answer=answer, answered_on=answered_on))
    return offers


register_provider("coordinating_caseworker", coordinating_caseworker_since)
register_provider("coordinator_offers", coordinator_offers_for)


def _team_context(request, access):
    members = CaseTeamMember.objects.filter(citizen=access.citizen).select_related("staff__user", "organisation")
    return {"team_members": list(members)}


register_section(Section("team", "coordination/sections/team.html", TEAM_VIEW, MAIN, order=10, level=TEAM,
                         context=_team_context))


def _coordinator_context(request, access):
    """The right to a coordinating caseworker; None (and the section empty) unless the citizen's target group today
    is 3, 5, 7 or 8. (Decided here rather than in `visible`, which would read the target group a second time.)"""
    return {"coordinator_right": selectors.coordinator_right(access.citizen)}


register_section(Section("coordinator", "coordination/sections/coordinator.html", OVERVIEW, MAIN, order=25,
                         context=_coordinator_context))
register_page_title("casefile:team_view", _("The team around the citizen"))
register_page_title("coordination:team_member_add", _("Add to the team"))
declare(PersonalData(CaseTeamMember, "citizen", DELETE, order=60))
declare(PersonalData(CoordinatorOffer, "citizen", DELETE, order=65))


def _end_uncovered_partners(sender, consent, **kwargs):
    """A withdrawn consent ends the partner memberships no other valid consent covers: the team view shows them
    ended, and the access that rested on them is gone."""
    from helhed.coordination.services import end_team_membership

    today = timezone.localdate()
    for membership in selectors.current_members(today).filter(citizen=consent.citizen, role=TeamRole.PARTNER).select_related(
            "staff", "citizen"):
        covered = Consent.objects.filter(valid_consent_q(today), citizen=consent.citizen).filter(
            Q(recipient_unit=membership.organisation_id) | Q(recipient_unit_id=membership.staff.unit_id)
            | Q(recipient_role=Role.PARTNER)).exists()
        if not covered:
            end_team_membership(staff=consent.withdrawn_by, membership=membership)


consent_withdrawn.connect(_end_uncovered_partners, dispatch_uid="coordination-end-uncovered-partners")


register_menu_item(MenuItem("coordination:rc_results", _("Relational coordination"), order=68,
                            roles=frozenset({Role.TEAM_LEADER, Role.COORDINATING_CASEWORKER})))
