"""Writes for referrals (bestillinger) to providers and the mentor's work on them: the state machine, progress
reports, time registration against the granted hours, and attendance. An absence is recorded with its context
and shown to the caseworker; nothing here starts a sanction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.citizens.models import Citizen
from helhed.citizens.services import check_case_date
from helhed.core.models import OrganisationUnit, Role, StaffMember
from helhed.offers.models import Attendance, FrameworkAgreement, MentorTime, Referral, ReferralEvent

State = Referral.State
PROVIDER_KINDS = (OrganisationUnit.Kind.PROVIDER, OrganisationUnit.Kind.SUBCONTRACTOR)
# Warn when a registration brings the week's time to this share of the grant, or past it.
WARN_AT = 0.9


def create_referral(*, staff: StaffMember, citizen: Citizen, provider: OrganisationUnit, service: str,
                    order_text: str, granted_minutes_per_week: int | None, valid_from: datetime.date,
                    valid_to: datetime.date, agreement: FrameworkAgreement | None = None) -> Referral:
    order_text, service = (order_text or "").strip(), (service or "").strip()
    errors = {}
    if provider.municipality_id != citizen.municipality_id or provider.kind not in PROVIDER_KINDS:
        errors["provider"] = _("Choose a provider.")
    if not service:
        errors["service"] = _("Name the service.")
    if not order_text:
        errors["order_text"] = _('Write the order: what the provider is to do, e.g. "accompany to the assessment at '
                                 'the clinic".')
    if not granted_minutes_per_week or granted_minutes_per_week <= 0:
        errors["granted_minutes_per_week"] = _("Give the time granted per week.")
    if agreement is not None and agreement.provider_id != provider.pk and not agreement.subcontractors.filter(
            pk=provider.pk).exists():
        errors["agreement"] = _("The provider does not work under this agreement.")
    if errors:
        raise ValidationError(errors)
    check_case_date(valid_from, "valid_from")
    check_case_date(valid_to, "valid_to")
    if valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end cannot be before the start.")})
    return Referral.objects.create(
        municipality_id=citizen.municipality_id, citizen=citizen, provider=provider, agreement=agreement,
        service=service, order_text=order_text, granted_minutes_per_week=granted_minutes_per_week,
        valid_from=valid_from, valid_to=valid_to, created_by=staff)


@transaction.atomic
def move_referral(*, staff: StaffMember, referral: Referral, to_state: str, note: str = "") -> Referral:
    """Move the referral along `Referral.TRANSITIONS`; anything else is refused and nothing changes. A rejection
    needs the reason."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if to_state not in Referral.TRANSITIONS.get(referral.state, set()):
        raise ValidationError({"to_state": _("A referral that is %(state)s cannot become %(to)s.") % {
            "state": State(referral.state).label.lower(),
            "to": State(to_state).label.lower() if to_state in State.values else to_state}})
    note = (note or "").strip()
    if to_state == State.REJECTED and not note:
        raise ValidationError({"note": _("Give the reason the referral is rejected.")})
    ReferralEvent.objects.create(municipality_id=referral.municipality_id, citizen_id=referral.citizen_id,
                                 referral=referral, from_state=referral.state, to_state=to_state, note=note, by=staff)
    referral.state = to_state
    if (to_state == State.ACCEPTED and staff.unit_id == referral.provider_id and referral.mentor_id is None
            and staff.has_role(Role.MENTOR)):
        referral.mentor = staff  # the mentor who accepts it takes it
    referral.save(update_fields=["state", "mentor"])
    return referral


def report_progress(*, staff: StaffMember, referral: Referral, note: str) -> ReferralEvent:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write the progress report.")})
    referral = Referral.objects.get(pk=referral.pk)
    if referral.state not in Referral.OPEN:
        raise ValidationError({"note": _("Progress is reported while the referral runs.")})
    return ReferralEvent.objects.create(municipality_id=referral.municipality_id, citizen_id=referral.citizen_id,
                                        referral=referral, from_state=referral.state, to_state=referral.state,
                                        note=note, by=staff)


def week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def minutes_in_week(referral: Referral, day: datetime.date) -> int:
    monday, sunday = week_of(day)
    return referral.time_entries.filter(on__range=(monday, sunday)).aggregate(total=Sum("minutes"))["total"] or 0


def _check_running(referral: Referral, on: datetime.date, field: str = "on") -> None:
    if referral.state not in Referral.OPEN:
        raise ValidationError({field: _("The referral is not running.")})
    check_case_date(on, field)
    if on > timezone.localdate():
        raise ValidationError({field: _("Time and attendance are recorded afterwards: the day cannot be ahead.")})
    if not referral.valid_from <= on <= referral.valid_to:
        raise ValidationError({field: _("The day must lie within the referral.")})


@transaction.atomic
def register_time(*, staff: StaffMember, referral: Referral, on: datetime.date, minutes: int | None, kind: str,
                  note: str = "", beyond_grant: bool = False) -> MentorTime:
    """Time spent for the citizen. Past the week's granted time it is refused unless the mentor confirms it
    (`beyond_grant`): the time was spent, and the provider and the caseworker should see it, not lose it."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _check_running(referral, on)
    if kind not in MentorTime.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of time.")})
    if not minutes or not 0 < minutes <= 24 * 60:
        raise ValidationError({"minutes": _("Give the time spent, at most 24 hours.")})
    used = minutes_in_week(referral, on)
    if used + minutes > referral.granted_minutes_per_week and not beyond_grant:
        raise ValidationError({"minutes": _(
            "This brings the week to %(total)s minutes, more than the %(granted)s granted. Confirm that the time was "
            "spent, and tell the caseworker.") % {"total": used + minutes,
                                                  "granted": referral.granted_minutes_per_week}})
    return MentorTime.objects.create(municipality_id=referral.municipality_id, citizen_id=referral.citizen_id,
                                     referral=referral, staff=staff, on=on, minutes=minutes, kind=kind,
                                     note=(note or "").strip())


@transaction.atomic
def register_attendance(*, staff: StaffMember, referral: Referral, on: datetime.date, present: bool,
                        reason: str = "", context: str = "") -> Attendance:
    referral = Referral.objects.get(pk=referral.pk)
    _check_running(referral, on)
    context = (context or "").strip()
    if not present and reason not in Attendance.Reason.values:
        raise ValidationError({"reason": _("Choose the reason for the absence; \"not known yet\" is a reason too.")})
    if not present and not context:
        raise ValidationError({"context": _("Write what you know about the situation: an absence is documentation "
                                            "for the caseworker, not only a registration.")})
    if Attendance.objects.filter(referral=referral, on=on).exists():
        raise ValidationError({"on": _("Attendance is recorded for that day already.")})
    return Attendance.objects.create(municipality_id=referral.municipality_id, citizen_id=referral.citizen_id,
                                     referral=referral, on=on, present=present,
                                     reason="" if present else reason, context=context, recorded_by=staff)
