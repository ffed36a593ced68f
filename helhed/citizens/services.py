"""Writes to the citizen record. Views, commands and the API call these; nothing else changes citizens."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from helhed.citizens.cpr import normalise_cpr
from helhed.citizens.models import Case, Citizen, Consent, SafetyMarker, TargetGroup, TargetGroupPeriod
from helhed.citizens.signals import citizen_facts_changed, consent_withdrawn
from helhed.core.models import StaffMember

EARLIEST_DATE = datetime.date(1990, 1, 1)
MAX_DAYS_AHEAD = 366
# An earlier first approach to the kommune is a typo: no open case goes back that far.
EARLIEST_FIRST_APPROACH = datetime.date(2000, 1, 1)
# LAB § 6 nr. 4–5 (uddannelsesparat, aktivitetsparat under 30) are for people under this age.
UNDER_30_GROUPS = frozenset({TargetGroup.UDDANNELSESPARAT, TargetGroup.AKTIVITETSPARAT_U30})
UNDER_30_AGE_LIMIT = 30


def check_case_date(value: datetime.date, field: str = "valid_from"):
    """Dates on a case lie between 1990 and one year ahead: anything else is a typo."""
    today = timezone.localdate()
    if value < EARLIEST_DATE:
        raise ValidationError({field: _("The date cannot be before 1 January 1990.")})
    if value > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError({field: _("The date cannot be more than one year ahead.")})


def check_first_approach(value: datetime.date | None, field: str = "first_approach_on"):
    """The citizen's first approach to the kommune for help (LAB § 31 stk. 5) lies between 2000 and today."""
    if value is None:
        return
    if value < EARLIEST_FIRST_APPROACH:
        raise ValidationError({field: _("The first approach cannot be before 1 January 2000.")})
    if value > timezone.localdate():
        raise ValidationError({field: _("The first approach cannot be in the future.")})


def check_age_for_group(citizen: Citizen, group: str, valid_from: datetime.date, field: str = "group"):
    """LAB § 6 nr. 4–5 are for people under 30: refuse a period in them that starts on or after the 30th birthday.

    The age comes from the birth date in the CPR number; a citizen without one (anonymised) is not checked."""
    if group not in UNDER_30_GROUPS:
        return
    try:
        age = citizen.age_on(valid_from)
    except ValueError:
        return
    if age >= UNDER_30_AGE_LIMIT:
        raise ValidationError({field: _(
            "Target groups 4 and 5 (LAB § 6, nr. 4–5) are for people under 30; %(name)s is %(age)s on %(date)s."
        ) % {"name": citizen.full_name, "age": age, "date": date_format(valid_from, "SHORT_DATE_FORMAT")}})


@transaction.atomic
def create_citizen(
    *,
    staff: StaffMember,
    cpr: str,
    first_name: str,
    last_name: str,
    target_group: str,
    target_group_from: datetime.date,
    target_group_reason: str,
    first_approach_on: datetime.date | None = None,
    **details,
) -> Citizen:
    """Create a citizen, open a case with `staff` as responsible caseworker and record the first target group.

    `first_approach_on` is the citizen's first approach to the kommune for help (første henvendelse), if known."""
    cpr = normalise_cpr(cpr)
    check_first_approach(first_approach_on)
    if Citizen.objects.filter(municipality=staff.municipality, cpr=cpr).exists():
        raise ValidationError({"cpr": _("A citizen with this CPR number already exists in the municipality.")})
    citizen = Citizen(
        municipality=staff.municipality, cpr=cpr, first_name=first_name.strip(), last_name=last_name.strip(), **details
    )
    citizen.full_clean()
    citizen.save()
    Case.objects.create(
        municipality=staff.municipality, citizen=citizen, responsible=staff, opened_on=timezone.localdate(),
        first_approach_on=first_approach_on,
    )
    change_target_group(
        staff=staff, citizen=citizen, group=target_group, valid_from=target_group_from, reason=target_group_reason
    )
    return citizen


@transaction.atomic
def change_target_group(
    *, staff: StaffMember, citizen: Citizen, group: str, valid_from: datetime.date, reason: str
) -> TargetGroupPeriod:
    """Move the citizen to `group` from `valid_from`, closing the open period the day before.

    History is never rewritten: the new period must start after the open period started and
    must not overlap any closed period.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for the target group.")})
    check_case_date(valid_from)
    check_age_for_group(citizen, group, valid_from)
    # Lock the citizen's periods so two workers cannot open overlapping periods at once.
    periods = TargetGroupPeriod.objects.select_for_update().filter(citizen=citizen)
    current = periods.filter(valid_to__isnull=True).first()
    if current and current.group == group:
        raise ValidationError({"group": _("The citizen is already in this target group.")})
    if current and valid_from <= current.valid_from:
        raise ValidationError(
            {"valid_from": _("The new period must start after the current period started (%(date)s).")
             % {"date": date_format(current.valid_from, "SHORT_DATE_FORMAT")}}
        )
    overlapping = periods.filter(valid_to__isnull=False, valid_to__gte=valid_from)
    if overlapping.exists():
        raise ValidationError({"valid_from": _("The new period overlaps an earlier target-group period.")})
    if current:
        current.valid_to = valid_from - datetime.timedelta(days=1)
        current.save(update_fields=["valid_to"])
    period = TargetGroupPeriod(
        municipality=citizen.municipality, citizen=citizen, group=group, valid_from=valid_from,
        reason=reason, decided_by=staff,
    )
    period.full_clean()
    period.save()
    citizen_facts_changed(citizen)
    return period


@transaction.atomic
def add_closed_target_group_period(
    *, staff: StaffMember, citizen: Citizen, group: str, valid_from: datetime.date, valid_to: datetime.date, reason: str
) -> TargetGroupPeriod:
    """Record a past period (e.g. from a predecessor system). It must not overlap any existing period."""
    if valid_to < valid_from:
        raise ValidationError({"valid_to": _("The period cannot end before it starts.")})
    check_case_date(valid_from)
    check_case_date(valid_to, "valid_to")
    check_age_for_group(citizen, group, valid_from)
    overlapping = (
        TargetGroupPeriod.objects.select_for_update()
        .filter(citizen=citizen, valid_from__lte=valid_to)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    )
    if overlapping.exists():
        raise ValidationError({"valid_from": _("The period overlaps an existing target-group period.")})
    period = TargetGroupPeriod(
        municipality=citizen.municipality, citizen=citizen, group=group, valid_from=valid_from,
        valid_to=valid_to, reason=reason.strip(), decided_by=staff,
    )
    period.full_clean()
    period.save()
    citizen_facts_changed(citizen)
    return period


@transaction.atomic
def update_case(*, staff: StaffMember, citizen: Citizen, first_approach_on: datetime.date | None) -> Case:
    """Correct the facts of the citizen's open case: the first approach to the kommune for help (LAB § 31 stk. 5),
    which the first job conversation is counted from. None clears it. Sends `facts_changed` when it changed."""
    check_first_approach(first_approach_on)
    case = Case.objects.select_for_update().filter(citizen=citizen, status=Case.Status.OPEN).first()
    if case is None:
        raise ValidationError(_("The citizen has no open case."))
    if case.first_approach_on != first_approach_on:
        case.first_approach_on = first_approach_on
        case.save(update_fields=["first_approach_on"])
        citizen_facts_changed(citizen)
    return case


def set_safety_marker(*, staff: StaffMember, citizen: Citizen, reason: str, review_date: datetime.date) -> SafetyMarker:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for the safety marker.")})
    if review_date <= timezone.localdate():
        raise ValidationError({"review_date": _("The review date must be in the future.")})
    if review_date > timezone.localdate() + datetime.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError({"review_date": _("Review the marker within a year.")})
    return SafetyMarker.objects.create(
        municipality=citizen.municipality, citizen=citizen, reason=reason, set_by=staff, review_date=review_date
    )


def remove_safety_marker(*, staff: StaffMember, marker: SafetyMarker) -> SafetyMarker:
    """End a marker after review. The row stays, with who removed it and when."""
    if marker.removed_at:
        raise ValidationError(_("The safety marker has already been removed."))
    marker.removed_at = timezone.now()
    marker.removed_by = staff
    marker.save(update_fields=["removed_at", "removed_by"])
    return marker


def record_consent(
    *, staff: StaffMember, citizen: Citizen, purpose: str, legal_basis: str, given_on: datetime.date,
    recipient_unit=None, recipient_role: str = "", expires_on: datetime.date | None = None,
):
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": _("Describe what the consent is for.")})
    if recipient_unit is None and not recipient_role:
        raise ValidationError({"recipient_unit": _("Choose who may receive the information.")})
    if recipient_unit is not None and recipient_unit.municipality_id != citizen.municipality_id:
        raise ValidationError({"recipient_unit": _("Choose a recipient in the municipality.")})
    check_case_date(given_on, "given_on")
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("A consent cannot be given in the future.")})
    if expires_on is not None and expires_on < given_on:
        raise ValidationError({"expires_on": _("The consent cannot expire before it is given.")})
    return Consent.objects.create(
        municipality=citizen.municipality, citizen=citizen, purpose=purpose, legal_basis=legal_basis,
        given_on=given_on, expires_on=expires_on, recipient_unit=recipient_unit, recipient_role=recipient_role,
        recorded_by=staff,
    )


def withdraw_consent(*, staff: StaffMember, consent):
    """Withdrawal takes effect at once: access that rests on the consent ends with this call."""
    if consent.withdrawn_at is not None:
        raise ValidationError(_("The consent has already been withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = staff
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    consent_withdrawn.send(sender=consent.__class__, consent=consent)
    return consent
