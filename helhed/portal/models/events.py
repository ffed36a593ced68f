from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhed.citizens.models import CitizenRecord


class PortalEvent(CitizenRecord):
    """One thing the citizen did in the portal: signed in, signed a plan, asked to move an appointment, … Kept with
    a change history, so the data-protection officer's change history of the citizen lists every portal action."""

    class Action(models.TextChoices):
        SIGNED_IN = "signed_in", _("Signed in to the portal")
        SIGNED_OUT = "signed_out", _("Signed out of the portal")
        PLAN_SIGNED = "plan_signed", _("Signed the plan in the portal")
        PLAN_DISAGREED = "plan_disagreed", _("Disagreed with the plan in the portal")
        MOVE_REQUESTED = "move_requested", _("Asked to move an appointment")
        ABSENCE_REPORTED = "absence_reported", _("Reported illness or absence")
        MESSAGE_SENT = "message_sent", _("Sent a message")
        HEARING_ANSWERED = "hearing_answered", _("Answered a hearing")
        DATA_DOWNLOADED = "data_downloaded", _("Downloaded my data")
        CALENDAR_DOWNLOADED = "calendar_downloaded", _("Downloaded the appointments as a calendar")

    action = models.CharField(_("what the citizen did"), max_length=24, choices=Action.choices)
    about = models.CharField(_("about"), max_length=200, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("portal action")
        verbose_name_plural = _("portal actions")
        ordering = ["-at"]
        indexes = [models.Index(fields=["citizen", "-at"])]
