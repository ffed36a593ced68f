"""Writes: employers, places, the citizen's wishes, offers and their lifecycle. Every change to an offer tells the
rules (`citizen_facts_changed`), so §§ 61, 102, 105, 112 and 167 follow at once. Text is stored as typed (HTML
included, as text); templates escape it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from stdnum.dk import cvr as cvr_numbers
from stdnum.exceptions import ValidationError as NumberError

from helhed.citizens.models import Citizen
from helhed.citizens.selectors import group_on
from helhed.citizens.services import check_case_date
from helhed.citizens.signals import citizen_facts_changed
from helhed.core.models import StaffMember
from helhed.offers.models import (
    Employer,
    HoursAdjustment,
    InternshipWishes,
    Offer,
    OfferExtension,
    Place,
    Sector,
    last_day_from,
)
from helhed.rules.calendar import add_months
from helhed.rules.catalogue import INTERNSHIP_WEEKS, last_day_of_weeks

Kind = Offer.Kind
MAX_MINUTES_PER_WEEK = 37 * 60
# §§ 68–69: wage subsidy up to 6 months at a private employer, 4 at a public one, for target groups 1, 2 and 4.
WAGE_SUBSIDY_MONTHS = {Kind.WAGE_SUBSIDY_PRIVATE: 6, Kind.WAGE_SUBSIDY_PUBLIC: 4}
WAGE_SUBSIDY_GROUPS = {"1", "2", "4"}
MENTOR_MONTHS = 6  # § 167: up to six months at a time, renewed by a concrete assessment


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def normalise_cvr(value: str) -> str:
    """The CVR number's eight digits, or a ValidationError that says what is wrong."""
    try:
        return cvr_numbers.validate(value or "")
    except NumberError:
        raise ValidationError({"cvr": _("%(value)s is not a valid CVR number: it must be 8 digits, and the check digit "
                                        "must match.") % {"value": value or "–"}}) from None


def create_employer(*, staff: StaffMember, name: str, cvr: str, sector: str, address: str = "", postcode: str = "",
                    contact_name: str = "", contact_phone: str = "", contact_email: str = "") -> Employer:
    number = normalise_cvr(cvr)
    existing = Employer.objects.filter(municipality=staff.municipality, cvr=number).first()
    if existing:
        raise ValidationError({"cvr": _("%(name)s is registered with this CVR number already.") % {
            "name": existing.name}})
    return Employer.objects.create(
        municipality=staff.municipality, name=name.strip(), cvr=number, sector=sector, address=address.strip(),
        postcode=postcode.strip(), contact_name=contact_name.strip(), contact_phone=contact_phone.strip(),
        contact_email=contact_email.strip(), created_by=staff,
    )


def create_place(*, staff: StaffMember, employer: Employer, title: str, tasks: str, capacity: int = 1,
                 accommodations: str = "", hours_min: int | None = None, hours_max: int | None = None,
                 found_by_citizen: bool = False) -> Place:
    if employer.municipality_id != staff.municipality_id:
        raise ValidationError({"employer": _("Unknown employer.")})
    if hours_min and hours_max and hours_min > hours_max:
        raise ValidationError({"hours_max": _("The most hours cannot be fewer than the fewest.")})
    return Place.objects.create(
        municipality=staff.municipality, employer=employer, title=title.strip(), tasks=tasks.strip(),
        capacity=capacity or 1, accommodations=accommodations.strip(), hours_min=hours_min, hours_max=hours_max,
        found_by_citizen=found_by_citizen,
    )


def save_wishes(*, staff: StaffMember, citizen: Citizen, ranking: list[str], sectors: list[str], tasks: str = "",
                employer: Employer | None = None, postcode: str = "", hours_per_week: int | None = None,
                accommodation_needs: str = "", in_own_words: str = "") -> InternshipWishes:
    unknown = [c for c in ranking if c not in InternshipWishes.CRITERIA]
    if unknown or len(set(ranking)) != len(ranking):
        raise ValidationError({"ranking": _("Rank each wish once.")})
    wishes, _created = InternshipWishes.objects.update_or_create(
        citizen=citizen, defaults={
            "municipality_id": citizen.municipality_id, "ranking": ranking, "sectors": sectors, "tasks": tasks.strip(),
            "employer": employer, "postcode": postcode.strip(), "hours_per_week": hours_per_week,
            "accommodation_needs": accommodation_needs.strip(), "in_own_words": in_own_words.strip(),
            "updated_by": staff, "updated_at": timezone.now(),
        })
    return wishes


def internship_weeks(citizen: Citizen, start: datetime.date) -> int:
    """§ 61, stk. 1: 4 weeks for target groups 1, 2 and 4 on the first day; 13 for everyone else."""
    return INTERNSHIP_WEEKS.get(group_on(citizen, start) or "", 13)


def _check_period(start: datetime.date, end: datetime.date | None, *, end_required: bool) -> None:
    check_case_date(start, "start")
    if end is None:
        if end_required:
            raise ValidationError({"end": _("Give the last day.")})
        return
    check_case_date(end, "end")
    if end < start:
        raise ValidationError({"end": _("The last day cannot be before the first.")})


def _check_minutes(minutes: int | None, *, required: bool, field: str = "minutes_per_week") -> None:
    if minutes is None:
        if required:
            raise ValidationError({field: _("Give the time per week.")})
        return
    if not 0 < minutes <= MAX_MINUTES_PER_WEEK:
        raise ValidationError({field: _("The time per week must be more than 0 and at most 37 hours.")})


def _overlapping_internship(citizen: Citizen, start: datetime.date, end: datetime.date):
    return Offer.objects.filter(last_day_from(start, open_ended=True), citizen=citizen, kind=Kind.INTERNSHIP,
                                start__lte=end).first()


def _place_taken(place: Place, start: datetime.date, end: datetime.date) -> int:
    """How many internships at the place overlap the period."""
    return Offer.objects.filter(last_day_from(start), place=place, kind=Kind.INTERNSHIP, start__lte=end).count()


@transaction.atomic
def create_internship(*, staff: StaffMember, citizen: Citizen, place: Place, start: datetime.date,
                      end: datetime.date | None, minutes_per_week: int | None, schedule: str = "", tasks: str = "",
                      accommodations: str = "") -> Offer:
    """A company internship at `place` (§ 61). Its length keeps within the citizen's tier on the first day; a longer
    one is an extension, with a reason, once it runs."""
    if place.municipality_id != citizen.municipality_id or not place.active:
        raise ValidationError({"place": _("The place does not take citizens.")})
    _check_period(start, end, end_required=True)
    _check_minutes(minutes_per_week, required=True)
    weeks = internship_weeks(citizen, start)
    limit = last_day_of_weeks(start, weeks)
    if end > limit:
        raise ValidationError({"end": _(
            "An internship for target group %(group)s lasts at most %(weeks)s weeks, to %(limit)s (LAB § 61, stk. 1). "
            "Choose that day or earlier; a 13-week internship can be extended with a reason while it runs."
        ) % {"group": group_on(citizen, start) or "–", "weeks": weeks, "limit": _day(limit)}})
    Citizen.objects.select_for_update().filter(pk=citizen.pk).first()  # one booking at a time per citizen
    clash = _overlapping_internship(citizen, start, end)
    if clash:
        raise ValidationError({"start": _(
            "%(name)s has an internship at the same time already (%(start)s to %(end)s). An internship cannot overlap "
            "another.") % {"name": citizen.first_name, "start": _day(clash.start),
                           "end": _day(clash.last_day) if clash.last_day else "–"}})
    if _place_taken(place, start, end) >= place.capacity:
        raise ValidationError({"place": _("The place is full in that period (%(capacity)s at a time).") % {
            "capacity": place.capacity}})
    offer = Offer.objects.create(
        municipality_id=citizen.municipality_id, citizen=citizen, kind=Kind.INTERNSHIP, place=place,
        employer=place.employer, title=place.title, start=start, end=end, minutes_per_week=minutes_per_week,
        schedule=schedule.strip(), tasks=(tasks or place.tasks).strip(), accommodations=accommodations.strip(),
        created_by=staff,
    )
    citizen_facts_changed(citizen)
    return offer


@transaction.atomic
def create_internship_at_found_place(*, staff: StaffMember, citizen: Citizen, employer_name: str, cvr: str,
                                     sector: str, place_title: str, place_tasks: str = "", contact_name: str = "",
                                     contact_phone: str = "", start: datetime.date, end: datetime.date | None,
                                     minutes_per_week: int | None, schedule: str = "",
                                     accommodations: str = "") -> Offer:
    """The citizen found the place themselves: the employer (found by CVR number, or created), the place and the
    internship in one step."""
    number = normalise_cvr(cvr)
    employer = Employer.objects.filter(municipality=staff.municipality, cvr=number).first() or create_employer(
        staff=staff, name=employer_name, cvr=number, sector=sector or Sector.OTHER, contact_name=contact_name,
        contact_phone=contact_phone)
    place = create_place(staff=staff, employer=employer, title=place_title, tasks=place_tasks,
                         accommodations=accommodations, found_by_citizen=True)
    return create_internship(staff=staff, citizen=citizen, place=place, start=start, end=end,
                             minutes_per_week=minutes_per_week, schedule=schedule, accommodations=accommodations)


def create_offer(*, staff: StaffMember, citizen: Citizen, kind: str, start: datetime.date,
                 end: datetime.date | None = None, title: str = "", minutes_per_week: int | None = None,
                 purpose: str = "", employer: Employer | None = None, schedule: str = "") -> Offer:
    """Any offer but an internship: guidance and upskilling (grounds required), wage subsidy (an employer, at most 6
    or 4 months for groups 1, 2 and 4), mentor support (granted time and a purpose, at most 6 months at a time),
    ordinary hours."""
    if kind not in Kind.values or kind == Kind.INTERNSHIP:
        raise ValidationError({"kind": _("Choose the kind of offer.")})
    _check_period(start, end, end_required=kind != Kind.ORDINARY_HOURS)
    _check_minutes(minutes_per_week, required=kind in (Kind.MENTOR, Kind.ORDINARY_HOURS))
    if kind in (Kind.GUIDANCE, Kind.MENTOR) and not purpose.strip():
        raise ValidationError({"purpose": _("Give the purpose and the grounds for the offer.")})
    if kind in WAGE_SUBSIDY_MONTHS:
        if employer is None:
            raise ValidationError({"employer": _("Choose the employer.")})
        months = WAGE_SUBSIDY_MONTHS[kind]
        if group_on(citizen, start) in WAGE_SUBSIDY_GROUPS and end > add_months(start, months):
            raise ValidationError({"end": _("Wage subsidy lasts at most %(months)s months for this target group, to "
                                            "%(limit)s (LAB §§ 68–69).") % {
                "months": months, "limit": _day(add_months(start, months))}})
    if kind == Kind.MENTOR and end > add_months(start, MENTOR_MONTHS):
        raise ValidationError({"end": _("Mentor support is granted for at most six months at a time, to %(limit)s "
                                        "(LAB § 167). Renew it by a concrete assessment before it ends.") % {
            "limit": _day(add_months(start, MENTOR_MONTHS))}})
    offer = Offer.objects.create(
        municipality_id=citizen.municipality_id, citizen=citizen, kind=kind, employer=employer,
        title=title.strip() or Kind(kind).label, start=start, end=end, minutes_per_week=minutes_per_week,
        purpose=purpose.strip(), schedule=schedule.strip(), created_by=staff,
    )
    citizen_facts_changed(citizen)
    return offer


@transaction.atomic
def extend_offer(*, staff: StaffMember, offer: Offer, new_end: datetime.date, reason: str) -> OfferExtension:
    """§ 61, stk. 2: only a 13-week internship can be extended, each time by up to 13 weeks and with a concrete
    reason. Mentor support is renewed the same way, by up to six months."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    reason = (reason or "").strip()
    if offer.ended_on:
        raise ValidationError({"new_end": _("The offer has ended.")})
    if offer.kind == Kind.INTERNSHIP:
        weeks = internship_weeks(offer.citizen, offer.start)
        if weeks != 13:
            raise ValidationError({"new_end": _("A 4-week internship cannot be extended (LAB § 61, stk. 2).")})
        furthest = offer.end + datetime.timedelta(weeks=13)
    elif offer.kind == Kind.MENTOR:
        furthest = add_months(offer.end, MENTOR_MONTHS)
    else:
        raise ValidationError({"new_end": _("This kind of offer is not extended here: create a new offer.")})
    if not reason:
        raise ValidationError({"reason": _("Give the concrete assessment behind the extension.")})
    check_case_date(new_end, "new_end")
    if new_end <= offer.end:
        raise ValidationError({"new_end": _("The new last day must be after %(end)s.") % {"end": _day(offer.end)}})
    if new_end > furthest:
        raise ValidationError({"new_end": _("One extension reaches at most %(limit)s.") % {"limit": _day(furthest)}})
    extension = OfferExtension.objects.create(
        municipality_id=offer.municipality_id, citizen_id=offer.citizen_id, offer=offer, previous_end=offer.end,
        new_end=new_end, reason=reason, decided_by=staff)
    offer.end = new_end
    offer.save(update_fields=["end"])
    citizen_facts_changed(offer.citizen)
    return extension


def current_minutes(offer: Offer, day: datetime.date) -> int | None:
    """Time per week on `day`: the latest adjustment from that day or before, else the offer's own."""
    adjustments = [a for a in offer.hours_adjustments.all() if a.valid_from <= day]  # prefetched on lists
    if not adjustments:
        return offer.minutes_per_week
    return max(adjustments, key=lambda a: (a.valid_from, a.decided_at)).minutes_per_week


@transaction.atomic
def adjust_hours(*, staff: StaffMember, offer: Offer, valid_from: datetime.date, minutes_per_week: int | None,
                 reason: str) -> HoursAdjustment:
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    reason = (reason or "").strip()
    _check_minutes(minutes_per_week, required=True)
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the change: it is the documentation later decisions "
                                           "rest on.")})
    if valid_from < offer.start or (offer.last_day and valid_from > offer.last_day):
        raise ValidationError({"valid_from": _("The day must lie within the offer (%(start)s to %(end)s).") % {
            "start": _day(offer.start), "end": _day(offer.last_day) if offer.last_day else "–"}})
    previous = current_minutes(offer, valid_from)
    if previous == minutes_per_week:
        raise ValidationError({"minutes_per_week": _("That is the time per week already.")})
    return HoursAdjustment.objects.create(
        municipality_id=offer.municipality_id, citizen_id=offer.citizen_id, offer=offer, valid_from=valid_from,
        previous_minutes=previous or 0, minutes_per_week=minutes_per_week, reason=reason, decided_by=staff)


def record_midway(*, staff: StaffMember, offer: Offer, held_on: datetime.date, note: str) -> Offer:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write what the follow-up found.")})
    if held_on < offer.start:
        raise ValidationError({"held_on": _("The follow-up cannot be before the offer starts.")})
    check_case_date(held_on, "held_on")
    offer.midway_on, offer.midway_note = held_on, note
    offer.save(update_fields=["midway_on", "midway_note"])
    return offer


REPORT_FIELDS = ("attendance", "tasks_managed", "accommodations_worked", "next_step", "text")


@transaction.atomic
def end_offer(*, staff: StaffMember, offer: Offer, ended_on: datetime.date, outcome: str, reason: str = "",
              report: dict | None = None) -> Offer:
    """Close the offer with its outcome and, for an internship, the final report (structured plus free text).
    Stopping early needs the reason."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    reason = (reason or "").strip()
    if offer.ended_on:
        raise ValidationError({"ended_on": _("The offer has ended already.")})
    if outcome not in Offer.Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    check_case_date(ended_on, "ended_on")
    if ended_on < offer.start or (offer.end and ended_on > offer.end):
        raise ValidationError({"ended_on": _("The day must lie within the offer (%(start)s to %(end)s).") % {
            "start": _day(offer.start), "end": _day(offer.end) if offer.end else "–"}})
    if outcome == Offer.Outcome.STOPPED and not reason:
        raise ValidationError({"reason": _("Give the reason it stopped.")})
    report = {key: (value or "").strip() for key, value in (report or {}).items() if key in REPORT_FIELDS}
    if offer.kind == Kind.INTERNSHIP and not any(report.values()):
        raise ValidationError({"text": _("Write the final report: how it went, and what comes next.")})
    offer.ended_on, offer.outcome, offer.outcome_reason, offer.final_report = ended_on, outcome, reason, report
    offer.save(update_fields=["ended_on", "outcome", "outcome_reason", "final_report"])
    citizen_facts_changed(offer.citizen)
    return offer
