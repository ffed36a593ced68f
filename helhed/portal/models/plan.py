from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhed.citizens.models import CitizenRecord


class PlanAnswer(CitizenRecord):
    """The citizen's answer to one version of their plan, given in the portal: they sign it, or they write that they
    disagree and why."""

    version = models.ForeignKey("plans.PlanVersion", on_delete=models.CASCADE, related_name="portal_answers")
    agrees = models.BooleanField(_("agrees"))
    reason = models.TextField(_("why, in my own words"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("the citizen's answer to the plan")
        verbose_name_plural = _("the citizen's answers to the plan")
        ordering = ["-answered_at"]
        constraints = [models.UniqueConstraint(fields=["version"], name="one_portal_answer_per_plan_version")]
