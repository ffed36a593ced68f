from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhed.citizens.models import CitizenRecord
from helhed.core.models import StaffMember


class MoveRequest(CitizenRecord):
    """The citizen asks to move an appointment. It goes to the caseworker's worklist; the caseworker moves the
    appointment (or not) and marks the request handled."""

    appointment = models.ForeignKey("contact.Appointment", on_delete=models.CASCADE, related_name="move_requests")
    reason = models.TextField(_("why"))
    wishes = models.CharField(_("when it suits me"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("request to move an appointment")
        verbose_name_plural = _("requests to move an appointment")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["appointment"], condition=models.Q(handled_at__isnull=True),
                                               name="one_open_move_request_per_appointment")]


class AbsenceNotice(CitizenRecord):
    """The citizen reports illness or another absence for an appointment. Context for any absence case about the
    same appointment (through the situation extension point), never a sanction by itself."""

    class Kind(models.TextChoices):
        ILL = "ill", _("I am ill")
        OTHER = "other", _("I cannot come for another reason")

    appointment = models.ForeignKey("contact.Appointment", on_delete=models.CASCADE, related_name="absence_notices")
    kind = models.CharField(_("what"), max_length=8, choices=Kind.choices)
    text = models.TextField(_("in my own words"), blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    seen_at = models.DateTimeField(_("seen by the caseworker at"), null=True, blank=True)
    seen_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("absence reported by the citizen")
        verbose_name_plural = _("absences reported by the citizen")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["appointment"], name="one_absence_notice_per_appointment")]
