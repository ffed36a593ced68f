"""Sanction cases referred to the benefits and sanctions unit.

Only the referral is modelled yet: it is the reason a sanction officer may see the citizen. Absences,
safeguards, hearing and decision arrive with the sanctions issue.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhed.citizens.models import Citizen, CitizenRecord
from helhed.core.models import StaffMember


class SanctionCase(CitizenRecord):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="sanction_cases")
    referred_to = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="sanction_cases", verbose_name=_("referred to")
    )
    referred_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("referred by"))
    referred_at = models.DateTimeField(_("referred at"), default=timezone.now)
    summary = models.TextField(_("what the referral is about"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sanction case")
        verbose_name_plural = _("sanction cases")
        indexes = [models.Index(fields=["referred_to", "status"])]
