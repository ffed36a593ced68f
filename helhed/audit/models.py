"""Data protection: access on a stated reason, and what retention removed. (The read log itself is in `citizens`.)"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.models import Citizen, CitizenRecord
from helhed.core.append_only import AppendOnlyModel
from helhed.core.models import Municipality, StaffMember


class StatedReasonAccess(CitizenRecord):
    """Access to one citizen on a stated reason ("break the glass"), for a limited time, reviewed afterwards."""

    class Kind(models.TextChoices):
        BREAK_THE_GLASS = "break_the_glass", _("Break the glass (team leader)")
        DATA_PROTECTION = "data_protection", _("Data-protection request")

    DURATION_MINUTES = 60

    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="stated_accesses", verbose_name=_("staff member")
    )
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="stated_accesses")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    reviewed_by = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("reviewed by")
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("access on a stated reason")
        verbose_name_plural = _("accesses on a stated reason")
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["staff", "expires_at"]), models.Index(fields=["municipality", "reviewed_at"])]


class RetentionRecord(AppendOnlyModel):
    """What the retention job removed for one citizen, and why it was due."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="+")
    ran_at = models.DateTimeField(default=timezone.now)
    last_case_closed_on = models.DateField()
    retention_years = models.PositiveSmallIntegerField()
    removed = models.JSONField(help_text=_("Rows removed per kind of record."))

    class Meta:
        verbose_name = _("retention record")
        ordering = ["-ran_at"]
