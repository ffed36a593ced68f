"""The 25 % decisions of the 2026 reform (lov nr. 1750 af 29/12/2025).

From 1 July 2026 the kommune holds job conversations and gives offers to at least 75 % of the citizens on
dagpenge, jobparat kontanthjælp and ledighedsydelse (target groups 1, 2 and 9). It may exempt up to 25 % whom it
judges able to find a job themselves. That is a decision about one citizen, recorded with who made it, when and why.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.models import Citizen, CitizenPeriod
from helhed.core.models import StaffMember

MAX_REASON_LENGTH = 2000


class QuotaDecision(CitizenPeriod):
    """The citizen is among the up to 25 % exempted from job conversations and offers from `valid_from`, until
    `valid_to` (inclusive) when the decision is ended. At most one decision covers a day."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="quota_decisions")
    reason = models.TextField(_("reason"), max_length=MAX_REASON_LENGTH)
    decided_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    ended_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
                                 verbose_name=_("ended by"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta(CitizenPeriod.Meta):
        verbose_name = _("decision on the 25 %")
        verbose_name_plural = _("decisions on the 25 %")
        ordering = ["-valid_from"]
        constraints = [
            *CitizenPeriod.Meta.constraints,
            models.UniqueConstraint(fields=["citizen"], condition=Q(valid_to__isnull=True),
                                    name="one_open_quota_decision"),
        ]
        indexes = [models.Index(fields=["municipality", "valid_to"])]

    def __str__(self):
        return str(self._meta.verbose_name)


class QuotaCount(models.Model):
    """The team leader's 75 % figures per unit, kept so that the page does not count every open case per request.

    Every write that can change the figures (a target group period, a case, a 25 % decision, a staff member's unit)
    bumps `generation` after it commits (`contact.quota_counts`); the page recomputes when the stored figures are
    of an older generation, of another day, or older than `MAX_AGE`. Counts only: no citizen is named."""

    MAX_AGE = datetime.timedelta(hours=1)

    municipality = models.OneToOneField("core.Municipality", on_delete=models.CASCADE, related_name="+")
    generation = models.PositiveBigIntegerField(default=0)
    computed_generation = models.PositiveBigIntegerField(null=True)
    day = models.DateField(null=True)
    computed_at = models.DateTimeField(null=True)
    units = models.JSONField(default=list)  # [name, population, exempted, unit id] per unit
