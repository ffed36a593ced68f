import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from helhed.citizens.models import Citizen
from helhed.citizens.services import check_case_date
from helhed.citizens.signals import citizen_facts_changed
from helhed.coordination import selectors
from helhed.coordination.models import CaseTeamMember, CoordinatorOffer
from helhed.coordination.signals import team_member_added
from helhed.core.models import StaffMember


def add_team_member(
    *, staff: StaffMember, citizen: Citizen, member: StaffMember, role: str, assignment: str = "",
    valid_from: datetime.date | None = None,
) -> CaseTeamMember:
    valid_from = valid_from or timezone.localdate()
    check_case_date(valid_from)
    if member.municipality_id != citizen.municipality_id:
        raise ValidationError({"member": _("The person must work for the same municipality or its providers.")})
    if CaseTeamMember.objects.filter(citizen=citizen, staff=member, role=role, ended_at__isnull=True,
                                     valid_to__isnull=True).exists():
        raise ValidationError({"member": _("The person is already on the team in this role.")})
    membership = CaseTeamMember.objects.create(
        municipality=citizen.municipality, citizen=citizen, staff=member, role=role, organisation=member.unit,
        assignment=assignment.strip(), valid_from=valid_from, added_by=staff,
    )
    citizen_facts_changed(citizen)  # a coordinating caseworker meets the § 36 obligation
    transaction.on_commit(lambda: team_member_added.send(sender=CaseTeamMember, membership=membership))
    return membership


def end_team_membership(*, staff: StaffMember, membership: CaseTeamMember):
    """End a membership now: the access that rests on it ends at once, as a consent withdrawal does."""
    if membership.ended_at is not None or (membership.valid_to and membership.valid_to < timezone.localdate()):
        raise ValidationError(_("The membership has already ended."))
    membership.ended_at = timezone.now()
    membership.valid_to = max(timezone.localdate(), membership.valid_from)
    membership.save(update_fields=["ended_at", "valid_to"])
    citizen_facts_changed(membership.citizen)
    return membership


def _check_day(on: datetime.date, field: str) -> None:
    check_case_date(on, field)
    if on > timezone.localdate():
        raise ValidationError({field: _("The day cannot be in the future.")})


@transaction.atomic
def offer_coordinator(*, staff: StaffMember, citizen: Citizen, on: datetime.date | None = None) -> CoordinatorOffer:
    """Record that the citizen was offered a coordinating caseworker (LAB § 36) on `on` (today). An offer still
    waiting for its answer is not offered twice; after an answer, a new offer may be recorded (a citizen who
    declined may be offered it again)."""
    on = on or timezone.localdate()
    _check_day(on, "offered_on")
    if selectors.current_group(citizen, on) not in selectors.RIGHT_GROUPS:
        raise ValidationError(_("Only an aktivitetsparat citizen (target groups 3 and 5) is offered a coordinating "
                                "caseworker and may decline (LAB § 36); in jobafklaring and ressourceforløb one is "
                                "appointed: add the coordinating caseworker to the team."))
    latest = CoordinatorOffer.objects.select_for_update().filter(citizen=citizen).order_by("-offered_on", "-pk").first()
    if latest is not None and not latest.answer:
        raise ValidationError(
            _("A coordinating caseworker was already offered on %(day)s. Record the citizen's answer to that offer.")
            % {"day": date_format(latest.offered_on, "SHORT_DATE_FORMAT")}
        )
    if latest is not None and on < latest.offered_on:
        raise ValidationError({"offered_on": _("A later offer is already recorded.")})
    offer = CoordinatorOffer.objects.create(municipality=citizen.municipality, citizen=citizen, offered_on=on,
                                            offered_by=staff)
    citizen_facts_changed(citizen)  # an offer with an answer meets the § 36 obligation
    return offer


@transaction.atomic
def record_coordinator_answer(
    *, staff: StaffMember, citizen: Citizen, answer: str, on: datetime.date | None = None,
) -> CoordinatorOffer:
    """Record the citizen's answer ("accepted" or "declined") to the latest offer of a coordinating caseworker."""
    on = on or timezone.localdate()
    if answer not in (CoordinatorOffer.Answer.ACCEPTED, CoordinatorOffer.Answer.DECLINED):
        raise ValidationError({"answer": _("The answer must be either accepted or declined.")})
    _check_day(on, "answered_on")
    offer = CoordinatorOffer.objects.select_for_update().filter(citizen=citizen).order_by("-offered_on", "-pk").first()
    if offer is None:
        raise ValidationError(
            _("No offer of a coordinating caseworker is recorded. Record the offer first, then the answer.")
        )
    if offer.answer:
        raise ValidationError(
            _("The answer to the offer of %(day)s is already recorded. To record a new answer, record a new offer "
              "first.") % {"day": date_format(offer.offered_on, "SHORT_DATE_FORMAT")}
        )
    if on < offer.offered_on:
        raise ValidationError({"answered_on": _("The answer cannot come before the offer.")})
    offer.answer, offer.answered_on, offer.answer_recorded_by = answer, on, staff
    offer.save(update_fields=["answer", "answered_on", "answer_recorded_by", "updated_at"])
    citizen_facts_changed(citizen)
    return offer
