"""Writes: define a programme, change who it is for, enrol the selected group, and track each member's visitation."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.citizens.models import TargetGroup
from helhed.coordination.models import CaseTeamMember
from helhed.coordination.services import add_team_member
from helhed.core.models import Role, StaffMember
from helhed.core.validation import field_text
from helhed.programmes import selection
from helhed.programmes.models import Criterion, Enrolment, Programme, Target

# A programme runs within these years; a date outside is a typing error, not a plan.
EARLIEST, LATEST = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)
CRITERION_FIELDS = ("target_groups", "min_years_on_benefit", "min_age", "max_age", "postal_codes")
STEPS = {"visited": "visited_on", "plan": "plan_on", "first_step": "first_step_on"}


def _check_programme(data: dict) -> dict:
    errors = {}
    name = field_text(data.get("name", ""), "name", max_length=200, required=True)
    funder = field_text(data.get("funder", ""), "funder", max_length=200, required=True)
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    for field, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if not isinstance(day, datetime.date) or not EARLIEST <= day <= LATEST:
            errors[field] = _("Give a date between %(first)s and %(last)s.") % {
                "first": EARLIEST.strftime("%d.%m.%Y"), "last": LATEST.strftime("%d.%m.%Y")}
    if not errors and ends_on < starts_on:
        errors["ends_on"] = _("The last day must be on or after the first day.")
    if errors:
        raise ValidationError(errors)
    return {"name": name, "funder": funder, "starts_on": starts_on, "ends_on": ends_on,
            "description": field_text(data.get("description", ""), "description", max_length=5000),
            **{key: bool(data.get(key)) for key in ("visit_every_member", "job_broker_per_citizen",
                                                     "progression_measured")}}


def _check_criterion(data: dict) -> dict:
    groups = list(data.get("target_groups") or [])
    unknown = [g for g in groups if g not in TargetGroup.values]
    if unknown:
        raise ValidationError({"target_groups": _("Unknown target group: %(codes)s") % {"codes": ", ".join(unknown)}})
    years = data.get("min_years_on_benefit")
    if years is not None and not Decimal(0) <= Decimal(years) <= Decimal(60):
        raise ValidationError({"min_years_on_benefit": _("Give a number of years from 0 to 60.")})
    low, high = data.get("min_age"), data.get("max_age")
    for field, age in (("min_age", low), ("max_age", high)):
        if age is not None and not 0 <= age <= 120:
            raise ValidationError({field: _("Give an age from 0 to 120.")})
    if low is not None and high is not None and high < low:
        raise ValidationError({"max_age": _("The highest age must be at least the lowest.")})
    codes = sorted({code.strip() for code in data.get("postal_codes") or [] if code.strip()})
    bad = [code for code in codes if not (len(code) == 4 and code.isdigit())]
    if bad:
        raise ValidationError({"postal_codes": _("A postal code has four digits: %(codes)s") % {"codes": ", ".join(bad)}})
    if not (groups or years is not None or low is not None or high is not None or codes):
        raise ValidationError(_("Say who the programme is for: at least one condition."))
    return {"target_groups": groups, "min_years_on_benefit": years, "min_age": low, "max_age": high,
            "postal_codes": codes}


def _check_targets(targets: list[dict]) -> list[dict]:
    checked, paid = [], Decimal(0)
    for i, target in enumerate(targets):
        measure = target.get("measure")
        if measure not in Target.Measure.values:
            raise ValidationError({f"target-{i}": _("Choose what the target measures.")})
        threshold = Decimal(target.get("threshold") or 0)
        if not Decimal(0) <= threshold <= Decimal(100):
            raise ValidationError({f"target-{i}": _("A share is from 0 to 100 %.")})
        months = target.get("months")
        if measure == Target.Measure.IN_WORK_MONTHS and not (months and 1 <= months <= 36):
            raise ValidationError({f"target-{i}": _("Give the number of months (1 to 36).")})
        payment = target.get("payment_share")
        paid += Decimal(payment or 0)
        checked.append({"measure": measure, "threshold": threshold, "payment_share": payment,
                        "months": months if measure == Target.Measure.IN_WORK_MONTHS else None, "position": i})
    if paid > 100:
        raise ValidationError(_("The payments add up to more than 100 per cent of the grant."))
    return checked


@transaction.atomic
def define_programme(*, staff: StaffMember, data: dict, criterion: dict, targets: list[dict]) -> Programme:
    fields, rule, goals = _check_programme(data), _check_criterion(criterion), _check_targets(targets)
    programme = Programme.objects.create(municipality=staff.municipality, created_by=staff, **fields)
    Criterion.objects.create(municipality=staff.municipality, programme=programme, version=1, changed_by=staff, **rule)
    Target.objects.bulk_create([Target(municipality=staff.municipality, programme=programme, **goal) for goal in goals])
    return programme


@transaction.atomic
def change_criterion(*, staff: StaffMember, programme: Programme, criterion: dict, reason: str) -> Criterion:
    """A new version of who the programme is for. Members already enrolled stay; the next enrolment uses it."""
    rule = _check_criterion(criterion)
    reason = field_text(reason, "reason", max_length=300, required=True)
    current = Programme.objects.select_for_update().get(pk=programme.pk).criteria.first()
    return Criterion.objects.create(municipality=programme.municipality, programme=programme,
                                    version=current.version + 1, changed_by=staff, reason=reason, **rule)


def _figures_changed(programme_id: int) -> None:
    Programme.objects.filter(pk=programme_id).update(figures_generation=F("figures_generation") + 1)


def current_criterion(programme: Programme) -> Criterion:
    return programme.criteria.order_by("-version").first()


def enrol_group(*, staff: StaffMember, programme: Programme, on: datetime.date | None = None) -> int:
    """Enrol every citizen the current criterion selects who is not enrolled yet. Safe to repeat and to run twice at
    once: the unique (programme, citizen) constraint drops a second row. Returns the number newly enrolled."""
    on = on or timezone.localdate()
    if not programme.starts_on <= on <= programme.ends_on:
        raise ValidationError(_("Members can be enrolled only while the programme runs (%(first)s–%(last)s).") % {
            "first": programme.starts_on.strftime("%d.%m.%Y"), "last": programme.ends_on.strftime("%d.%m.%Y")})
    criterion = current_criterion(programme)
    ids = selection.selected_ids(criterion, on)
    before = Enrolment.objects.filter(programme=programme).count()
    Enrolment.objects.bulk_create([
        Enrolment(municipality_id=programme.municipality_id, citizen_id=pk, programme=programme, criterion=criterion,
                  enrolled_on=on, enrolled_by=staff) for pk in ids
    ], batch_size=2000, ignore_conflicts=True)
    _figures_changed(programme.pk)
    return Enrolment.objects.filter(programme=programme).count() - before


def _check_day(enrolment: Enrolment, on: datetime.date) -> None:
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    if on < enrolment.enrolled_on:
        raise ValidationError({"on": _("The date cannot be before the citizen was enrolled (%(day)s).") % {
            "day": enrolment.enrolled_on.strftime("%d.%m.%Y")}})


def record_step(*, staff: StaffMember, enrolment: Enrolment, step: str, on: datetime.date) -> Enrolment:
    """Mark one part of the visitation done on a day: visited (the start assessment), plan made, first step taken."""
    if step not in STEPS:
        raise ValidationError(_("Unknown step."))
    _check_day(enrolment, on)
    setattr(enrolment, STEPS[step], on)
    enrolment.save(update_fields=[STEPS[step]])
    _figures_changed(enrolment.programme_id)
    return enrolment


@transaction.atomic
def assign_job_broker(*, staff: StaffMember, enrolment: Enrolment, broker: StaffMember, on: datetime.date) -> Enrolment:
    """The member's personal job broker, who joins the team around the citizen (and so may see them)."""
    _check_day(enrolment, on)
    if broker.municipality_id != enrolment.municipality_id or not broker.has_role(Role.JOB_BROKER):
        raise ValidationError({"broker": _("Choose a job broker of the municipality.")})
    enrolment.job_broker, enrolment.job_broker_on = broker, on
    enrolment.save(update_fields=["job_broker", "job_broker_on"])
    _figures_changed(enrolment.programme_id)
    on_team = CaseTeamMember.objects.filter(citizen_id=enrolment.citizen_id, staff=broker, ended_at__isnull=True,
                                            role=CaseTeamMember.TeamRole.JOB_BROKER, valid_to__isnull=True).exists()
    if not on_team:
        add_team_member(staff=staff, citizen=enrolment.citizen, member=broker, role=CaseTeamMember.TeamRole.JOB_BROKER,
                        assignment=_("Personal job broker in %(programme)s") % {"programme": enrolment.programme.name},
                        valid_from=on)
    return enrolment


def leave(*, staff: StaffMember, enrolment: Enrolment, on: datetime.date, reason: str) -> Enrolment:
    _check_day(enrolment, on)
    enrolment.ended_on, enrolment.end_reason = on, field_text(reason, "reason", max_length=300, required=True)
    enrolment.save(update_fields=["ended_on", "end_reason"])
    _figures_changed(enrolment.programme_id)
    return enrolment
