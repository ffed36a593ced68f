"""The citizen answers the newest version of their plan in the portal: they sign it, or they write that they
disagree and why. One answer per version; a version the plan has moved on from is refused (the optimistic lock is
the plan's version number, as for staff edits)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from helhed.plans.models import Plan, PlanSignature, PlanVersion
from helhed.plans.services import StalePlanVersion, sign_in_portal
from helhed.portal.models import PlanAnswer, PortalEvent
from helhed.portal.services.actions import by_citizen, record_action

MAX_REASON = 2000
AGREE, DISAGREE = "agree", "disagree"

__all__ = ["AGREE", "DISAGREE", "MAX_REASON", "AlreadyAnswered", "StalePlanVersion", "answer_plan"]


class AlreadyAnswered(ValidationError):
    """The citizen has answered this version already (or it is signed): one answer per version."""

    def __init__(self):
        super().__init__(_("You have already answered this version of your plan."))


def _check_reason(reason: str) -> str:
    reason = (reason or "").replace("\r\n", "\n").strip()
    if not reason:
        raise ValidationError({"reason": _("Write why you do not agree.")})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": _("The text is too long. Use at most %(max)d characters.")
                               % {"max": MAX_REASON}})
    return reason


@transaction.atomic
def answer_plan(*, citizen, number: int, answer: str, reason: str = "") -> PlanAnswer:
    """The citizen's answer to version `number` of their plan. `answer`: AGREE signs it (a `PlanAnswer` and the
    plan's `PlanSignature` with the portal's method), DISAGREE needs the reason in their own words. Refuses a
    version that is not the newest (`StalePlanVersion`, nothing written) and a second answer (`AlreadyAnswered`)."""
    if answer not in (AGREE, DISAGREE):
        raise ValidationError({"answer": _("Choose if you agree or not.")})
    # The plan row is locked: two answers sent at once are taken one after the other, and the second is refused.
    plan = Plan.objects.select_for_update().filter(citizen=citizen, version__gt=0).first()
    if plan is None:
        raise ValidationError(_("You do not have a plan yet."))
    if number != plan.version:
        raise StalePlanVersion(current=plan.version)
    version = PlanVersion.objects.get(plan=plan, number=number)
    if (PlanAnswer.objects.filter(citizen=citizen, version=version).exists()
            or PlanSignature.objects.filter(version=version).exists()):
        raise AlreadyAnswered()
    row = PlanAnswer(municipality_id=citizen.municipality_id, citizen=citizen, version=version,
                     agrees=answer == AGREE)
    if answer == AGREE:
        action = PortalEvent.Action.PLAN_SIGNED
    else:
        row.reason = _check_reason(reason)
        action = PortalEvent.Action.PLAN_DISAGREED
    try:
        with transaction.atomic():  # two answers at once: the database keeps one (SQLite does not lock the row)
            if answer == AGREE:
                sign_in_portal(plan=plan, number=number)
            by_citizen(row).save()
    except IntegrityError:
        raise AlreadyAnswered()
    record_action(citizen, action, about=f"Plan version {number}")
    return row
