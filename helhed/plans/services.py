"""Writes for plans, progression and "my story"."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.citizens.access import valid_consent_q
from helhed.citizens.models import Citizen, Consent
from helhed.citizens.services import check_case_date
from helhed.citizens.signals import citizen_facts_changed
from helhed.core.models import StaffMember
from helhed.plans import content as plan_content
from helhed.plans.models import (
    Actor,
    Instrument,
    Involvement,
    MyStory,
    Plan,
    PlanSignature,
    PlanStep,
    PlanVersion,
    Position,
    Score,
    Scoring,
    SmallStep,
)

MAX_TEXT = 10_000


class PlanConflict(ValidationError):
    """Someone saved the plan after the version this edit started from. Carries what is needed to show both."""

    def __init__(self, *, current: int, merged: dict, conflicts: list[str], theirs: dict, base: dict):
        super().__init__(_("Someone else saved the plan while you were editing it. Their changes and yours are "
                           "combined below; check the marked fields and save again."))
        self.current, self.merged, self.conflicts, self.theirs, self.base = current, merged, conflicts, theirs, base


def _check(content: dict, *, involvement: str, citizen_position: str, citizen_reason: str, citizen) -> None:
    errors = {}
    if involvement not in Involvement.values:
        errors["involvement"] = _("Say how the citizen was involved.")
    if citizen_position not in Position.values:
        errors["citizen_position"] = _("Say whether the citizen agrees.")
    if citizen_position == Position.DISAGREES and not citizen_reason.strip():
        errors["citizen_reason"] = _("Write the citizen's reason for disagreeing, in their own words.")
    if not content["own_goal"] and citizen_position != Position.NOT_PRESENT:
        errors["own_goal"] = _("Write the citizen's own goal in their words. If they do not want to set one now, "
                               "write that.")
    if any(len(content[f]) > MAX_TEXT for f in plan_content.TEXT_FIELDS) or any(
        len(t) > MAX_TEXT for t in content["sections"].values()
    ):
        errors["__all__"] = _("A field is too long (at most %(max)d characters).") % {"max": MAX_TEXT}
    if len(content["steps"]) > PlanStep.MAX_PER_PLAN:
        errors["steps"] = _("A plan holds at most %(max)d steps. Remove steps that are done or dropped, or add "
                            "fewer agreements as steps this time.") % {"max": PlanStep.MAX_PER_PLAN}
    for step in content["steps"]:
        if len(step["text"]) > 500:
            errors["steps"] = _("Keep each step to at most 500 characters.")
        if step["owner"] not in Actor.values or step["status"] not in PlanStep.Status.values:
            errors["steps"] = _("A step has an unknown owner or status.")
        if step["due"]:
            try:
                check_case_date(datetime.date.fromisoformat(step["due"]), "steps")
            except ValueError:
                errors["steps"] = _("A step has an invalid date.")
            except ValidationError as error:
                errors["steps"] = error.message_dict["steps"]
    if content["kind"] == Plan.Kind.HOLISTIC and not Consent.objects.filter(
        valid_consent_q(timezone.localdate()), citizen=citizen
    ).exists():
        errors["kind"] = _("A holistic plan across areas needs the citizen's consent. Record the consent first.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_plan(
    *, staff: StaffMember, citizen: Citizen, base_version: int, content: dict, involvement: str,
    citizen_position: str, citizen_reason: str = "", change_note: str = "",
) -> PlanVersion:
    """Save a new version of the citizen's plan. `base_version` is the version the edit started from: if the plan
    has moved on since, nothing is saved and PlanConflict carries both edits, combined where they do not clash."""
    plan, _created = Plan.objects.select_for_update().get_or_create(
        citizen=citizen, defaults={"municipality": citizen.municipality}
    )
    mine = plan_content.normalise(content)
    current = plan_content.of_plan(plan)
    if plan.version != base_version:
        base = PlanVersion.objects.filter(plan=plan, number=base_version).values_list("content", flat=True).first()
        base = plan_content.normalise(base) if base else plan_content.empty()
        merged, conflicts = plan_content.merge(base, current, mine)
        raise PlanConflict(current=plan.version, merged=merged, conflicts=conflicts, theirs=current, base=base)
    _check(mine, involvement=involvement, citizen_position=citizen_position, citizen_reason=citizen_reason,
           citizen=citizen)
    change_note = (change_note or "").strip()
    if plan.version and mine == current and not change_note:
        raise ValidationError({"change_note": _(
            "Nothing in the plan changed. To record a follow-up without changes, write what you followed up on."
        )})
    plan.version += 1
    plan.kind = mine["kind"]
    for field in plan_content.TEXT_FIELDS:
        setattr(plan, field, mine[field])
    plan.sections = mine["sections"]
    plan.updated_at = timezone.now()
    plan.save()
    PlanStep.objects.filter(plan=plan).delete()
    PlanStep.objects.bulk_create(
        PlanStep(municipality_id=plan.municipality_id, plan=plan, key=step["key"], kind=step["kind"], text=step["text"], owner=step["owner"],
                 due=step["due"], status=step["status"], position=i)
        for i, step in enumerate(mine["steps"])
    )
    version = PlanVersion.objects.create(
        municipality_id=plan.municipality_id, plan=plan, number=plan.version, content=mine, changed_by=staff, change_note=change_note,
        involvement=involvement, citizen_position=citizen_position, citizen_reason=citizen_reason.strip(),
    )
    citizen_facts_changed(citizen)
    return version


@transaction.atomic
def sign(*, staff: StaffMember, plan: Plan, number: int, method: str) -> PlanSignature:
    """The citizen approves a version. Only the newest version can be signed, and only once."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if number != plan.version:
        raise ValidationError(_("Only the newest version of the plan can be signed. Reload the page."))
    if method not in PlanSignature.STAFF_METHODS:  # the portal's method is the citizen's own (`sign_in_portal`)
        raise ValidationError({"method": _("Say how the citizen approved the plan.")})
    version = PlanVersion.objects.get(plan=plan, number=number)
    if PlanSignature.objects.filter(version=version).exists():
        raise ValidationError(_("This version is already signed."))
    if version.citizen_position == Position.NOT_PRESENT:
        raise ValidationError(_("The citizen was not present at this version. Go through it with the citizen, "
                                "record their position in a new version, then sign."))
    return PlanSignature.objects.create(municipality_id=version.municipality_id, version=version, method=method, recorded_by=staff)


class StalePlanVersion(ValidationError):
    """The plan changed after the version the citizen read: they are shown the newest one first."""

    def __init__(self, *, current: int):
        super().__init__(_("The plan was changed while you read it. Read the new version first."))
        self.current = current


@transaction.atomic
def sign_in_portal(*, plan: Plan, number: int) -> PlanSignature:
    """The citizen signs version `number` of their plan themselves, in the citizen portal. Only the newest version
    can be signed (else `StalePlanVersion`), and only once; no staff member records it. Unlike a signature recorded
    by staff, a version made without the citizen present can be signed here: they read it themselves."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not plan.version or number != plan.version:
        raise StalePlanVersion(current=plan.version)
    version = PlanVersion.objects.get(plan=plan, number=number)
    if PlanSignature.objects.filter(version=version).exists():
        raise ValidationError(_("This version is already signed."))
    return PlanSignature.objects.create(municipality_id=version.municipality_id, version=version,
                                        method=PlanSignature.Method.PORTAL, recorded_by=None)


@transaction.atomic
def record_scoring(*, staff: StaffMember, citizen: Citizen, instrument: Instrument, values: dict[str, int],
                   scored_on: datetime.date, together_with_citizen: bool = True, note: str = "") -> Scoring:
    check_case_date(scored_on, "scored_on")
    if scored_on > timezone.localdate():
        raise ValidationError({"scored_on": _("A scoring cannot be dated in the future.")})
    items = {item.code: item for item in instrument.items.all()}
    if set(values) != set(items):
        raise ValidationError(_("Score every area, from 1 to 10."))
    if any(not isinstance(v, int) or not 1 <= v <= 10 for v in values.values()):
        raise ValidationError(_("Scores go from 1 to 10."))
    scoring = Scoring.objects.create(
        municipality=citizen.municipality, citizen=citizen, instrument=instrument, scored_on=scored_on,
        together_with_citizen=together_with_citizen, note=(note or "").strip(), scored_by=staff,
    )
    Score.objects.bulk_create(Score(municipality_id=scoring.municipality_id, scoring=scoring, item=items[code], value=v) for code, v in values.items())
    return scoring


def add_small_step(*, staff: StaffMember, citizen: Citizen, text: str, happened_on: datetime.date) -> SmallStep:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the small step, in the citizen's words if you can.")})
    if len(text) > 500:
        raise ValidationError({"text": _("Keep a small step to at most 500 characters.")})
    check_case_date(happened_on, "happened_on")
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("A small step is something that has happened.")})
    return SmallStep.objects.create(municipality=citizen.municipality, citizen=citizen, text=text,
                                    happened_on=happened_on, noted_by=staff)


def save_story(*, staff: StaffMember, citizen: Citizen, text: str, written_with_citizen: bool = True) -> MyStory:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("The story is empty.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("The story is too long (at most %(max)d characters).") % {"max": MAX_TEXT}})
    story, _created = MyStory.objects.update_or_create(
        citizen=citizen, defaults={"municipality": citizen.municipality, "text": text,
                                   "written_with_citizen": written_with_citizen, "updated_by": staff,
                                   "updated_at": timezone.now()},
    )
    return story
