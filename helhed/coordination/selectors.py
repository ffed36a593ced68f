"""Reads of the team around the citizen and of the offer of a coordinating caseworker (LAB § 36)."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from helhed.citizens.access import active_on
from helhed.citizens.models import Citizen
from helhed.citizens.selectors import group_on
from helhed.coordination.models import CaseTeamMember, CoordinatorOffer

# LAB § 36: an aktivitetsparat citizen (groups 3 and 5) has the right to be offered a coordinating caseworker and may
# decline; a citizen in jobafklaring or ressourceforløb (groups 7 and 8) must have one.
RIGHT_GROUPS = frozenset({"3", "5"})
APPOINTED_GROUPS = frozenset({"7", "8"})
COORDINATOR_GROUPS = RIGHT_GROUPS | APPOINTED_GROUPS


def current_members(today: datetime.date | None = None) -> QuerySet[CaseTeamMember]:
    """Memberships that hold now: the period covers today and nobody has ended them (the same test as access)."""
    return CaseTeamMember.objects.filter(active_on(today or timezone.localdate()), ended_at__isnull=True)


def current_coordinators(citizen_ids, today: datetime.date | None = None) -> QuerySet[CaseTeamMember]:
    """The coordinating caseworkers on the team of these citizens now."""
    return current_members(today).filter(
        citizen_id__in=citizen_ids, role=CaseTeamMember.TeamRole.COORDINATING_CASEWORKER
    )


def current_group(citizen: Citizen, today: datetime.date | None = None) -> str | None:
    """The citizen's target group today, or None."""
    return group_on(citizen, today or timezone.localdate())


def coordinator_offers(citizen_ids) -> QuerySet[CoordinatorOffer]:
    return CoordinatorOffer.objects.filter(citizen_id__in=citizen_ids).order_by("citizen_id", "offered_on", "pk")


def latest_offer(citizen: Citizen) -> CoordinatorOffer | None:
    return CoordinatorOffer.objects.filter(citizen=citizen).order_by("-offered_on", "-pk").first()


@dataclass(frozen=True)
class CoordinatorRight:
    """What the case file shows about the coordinating caseworker: the group that gives the right, the coordinating
    caseworkers on the team now, and the offers recorded (newest first)."""

    group: str
    coordinators: list[CaseTeamMember]
    offers: list[CoordinatorOffer]

    @property
    def is_offered_right(self) -> bool:
        """Groups 3 and 5: the right is offered and the citizen answers. Groups 7 and 8: one is appointed."""
        return self.group in RIGHT_GROUPS

    @property
    def latest(self) -> CoordinatorOffer | None:
        return self.offers[0] if self.offers else None

    @property
    def awaiting_answer(self) -> bool:
        return self.latest is not None and not self.latest.answer

    @property
    def may_offer(self) -> bool:
        """No offer yet, or the last one was answered (a citizen who declined may be offered it again)."""
        return self.latest is None or bool(self.latest.answer)


def coordinator_right(citizen: Citizen, today: datetime.date | None = None) -> CoordinatorRight | None:
    """The coordinating-caseworker picture for a citizen whose target group today is 3, 5, 7 or 8, else None."""
    group = current_group(citizen, today)
    if group not in COORDINATOR_GROUPS:
        return None
    coordinators = current_coordinators([citizen.pk], today).select_related("staff__user", "organisation")
    offers = CoordinatorOffer.objects.filter(citizen=citizen).select_related(
        "offered_by__user", "answer_recorded_by__user"
    ).order_by("-offered_on", "-pk")
    return CoordinatorRight(group=group, coordinators=list(coordinators), offers=list(offers))
