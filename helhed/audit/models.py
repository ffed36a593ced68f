"""The read log: who saw which citizen's data, when, and on which page."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.models import Citizen
from helhed.core.append_only import AppendOnlyModel
from helhed.core.models import Municipality, StaffMember


class AccessLogEntry(AppendOnlyModel):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("user"))
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, related_name="+")
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="access_log")
    at = models.DateTimeField(_("time"), default=timezone.now)
    role = models.CharField(_("role"), max_length=32, blank=True, help_text=_("The role the user acted in."))
    page = models.CharField(_("page"), max_length=100)
    path = models.CharField(max_length=300)
    reason = models.CharField(
        _("reason"), max_length=100, help_text=_("Why the user may see the citizen, e.g. responsible caseworker.")
    )

    class Meta:
        verbose_name = _("access-log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["citizen", "-at"]), models.Index(fields=["user", "-at"])]


class StatedReasonAccess(models.Model):
    """Access to one citizen on a stated reason ("break the glass"), for a limited time, reviewed afterwards."""

    class Kind(models.TextChoices):
        BREAK_THE_GLASS = "break_the_glass", _("Break the glass (team leader)")
        DATA_PROTECTION = "data_protection", _("Data-protection request")

    DURATION_MINUTES = 60

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
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
