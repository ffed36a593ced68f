"""The citizen answers a hearing in the portal: the answer goes onto the sanction case (sanctions' own service), with
the portal's change reason on the history row, and the action is recorded as a `PortalEvent`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helhed.portal.models import PortalEvent
from helhed.portal.models.policy import PORTAL_CHANGE_REASON
from helhed.portal.services.actions import record_action
from helhed.sanctions import services as sanctions
from helhed.sanctions.models import Hearing

ANSWER_MAX_LENGTH = sanctions.ANSWER_MAX_LENGTH


def _plain(error: ValidationError) -> ValidationError:
    """Sanctions' reasons for saying no, in the portal's plain words (for the citizen, not the officer)."""
    codes = {e.code for e in error.error_list} if not hasattr(error, "error_dict") else {
        e.code for errors in error.error_dict.values() for e in errors}
    if sanctions.EMPTY in codes:
        return ValidationError({"answer": _("Write your answer in the box.")})
    if sanctions.TOO_LONG in codes:
        return ValidationError({"answer": _("Your answer is too long. Write at most %(n)s signs.")
                                % {"n": ANSWER_MAX_LENGTH}})
    if sanctions.ANSWERED in codes:
        return ValidationError(_("You sent an answer to this letter before."))
    if sanctions.CLOSED in codes:
        return ValidationError(_("The case is closed. You cannot answer now. Call us if you want to talk."))
    return ValidationError(_("We could not save your answer. Please try again."))


def answer_hearing(*, citizen, hearing: Hearing, answer: str) -> Hearing:
    """The citizen's answer to their own hearing. Raises ValidationError in plain words when it cannot be taken."""
    if hearing.citizen_id != citizen.pk:  # the view looks the hearing up by the citizen already; never trust it
        raise ValidationError(_("We could not save your answer. Please try again."))
    try:
        with transaction.atomic():
            saved = sanctions.record_citizen_answer(case=hearing.case, answer=answer,
                                                    change_reason=PORTAL_CHANGE_REASON)
            record_action(citizen, PortalEvent.Action.HEARING_ANSWERED, about=hearing.letter.subject)
    except ValidationError as error:
        raise _plain(error) from None
    return saved
