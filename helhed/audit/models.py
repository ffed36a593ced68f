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
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, related_name="+")
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="access_log")
    at = models.DateTimeField(_("time"), default=timezone.now)
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
