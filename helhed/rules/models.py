"""Stored evaluation results (for worklists) and exemptions decided by a caseworker."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.models import Citizen, CitizenPeriod, CitizenRecord
from helhed.core.models import StaffMember
from helhed.rules.registry import Status


class ObligationRecord(CitizenRecord):
    """The latest evaluation of one rule for one citizen. Rewritten on every evaluation; explanations are
    computed again when shown, in the reader's language."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="obligation_records")
    rule_id = models.CharField(max_length=50)
    rule_set = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status.choices)
    due = models.DateField(null=True)
    # Helhed's pacing advice (not the law), so the worklist can show it in the week it falls.
    advice_due = models.DateField(null=True)
    evaluated_for = models.DateField()
    evaluated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["citizen", "status"]), models.Index(fields=["municipality", "status", "due"])]


class EvaluationStamp(CitizenRecord):
    """When a citizen's stored results were evaluated, and the first later day on which they could differ without any
    change to the citizen's facts (`changes_on`, None: never by the calendar alone). The nightly scan re-evaluates
    only the citizens whose day has come, those never evaluated, and everyone when the rules' code has changed
    (`rules_version`, `engine.rules_version()`)."""

    citizen = models.OneToOneField(Citizen, on_delete=models.CASCADE, related_name="evaluation_stamp")
    evaluated_for = models.DateField()
    changes_on = models.DateField(null=True)
    rules_version = models.CharField(max_length=16)

    class Meta:
        indexes = [models.Index(fields=["changes_on"])]


class ObligationExemption(CitizenPeriod):
    """A § 106 exemption: a ground from the closed list (rules/grounds.py), the obligations it covers, an end."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="obligation_exemptions")
    ground = models.CharField(_("ground"), max_length=20)
    covers = models.JSONField(_("exempt from"), default=list)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta(CitizenPeriod.Meta):
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
