"""A programme as data: who it is for (a versioned criterion), what it promises, its targets and payments, and the
tracked visitation of every member.

Flere skal med 1 and 2 (S2) are rows in these tables, entered through the programme form, not code.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.models import Citizen, CitizenRecord, TargetGroup
from helhed.core.models import Municipality, StaffMember


class Programme(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    funder = models.CharField(_("funder"), max_length=200, help_text=_("For example STAR or Landsbyggefonden."))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    description = models.TextField(_("description"), blank=True)
    # The efforts promised to every member.
    visit_every_member = models.BooleanField(_("every member is visited (start assessment)"), default=True)
    job_broker_per_citizen = models.BooleanField(_("a personal job broker for every member"), default=False)
    progression_measured = models.BooleanField(_("progression is measured"), default=False)
    created_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Bumped by every programme write, so that the remembered dashboard (core.figures.remembered) is recomputed.
    figures_generation = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "name"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="programme_ends_after_start")]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    """Who the programme is for, over citizen facts. A change is a new version; enrolments keep the version that
    selected them. Empty fields do not narrow the group."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="criteria")
    version = models.PositiveSmallIntegerField()
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    min_years_on_benefit = models.DecimalField(_("at least this many years on benefit"), max_digits=4,
                                               decimal_places=1, null=True, blank=True)
    min_age = models.PositiveSmallIntegerField(_("age from"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("age up to and including"), null=True, blank=True)
    postal_codes = models.JSONField(_("postal codes"), default=list, blank=True)
    changed_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("why changed"), max_length=300, blank=True)

    class Meta:
        ordering = ["programme", "-version"]
        constraints = [models.UniqueConstraint(fields=["programme", "version"], name="one_criterion_per_version")]

    def group_labels(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels.get(code, code)) for code in self.target_groups]


class Target(models.Model):
    class Measure(models.TextChoices):
        APPROVED = "approved", _("The programme is approved")
        VISITED = "visited", _("Share of the group visited")
        IN_WORK_MONTHS = "in_work_months", _("Share in a placement or ordinary hours for at least N months")
        PAID_HOURS_MONTH = "paid_hours_month", _("Share with paid hours in one month")
        PROGRESSION = "progression", _("Share with a progression measurement")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(default=0)
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    threshold = models.DecimalField(_("share of the group (%)"), max_digits=5, decimal_places=1, default=0)
    months = models.PositiveSmallIntegerField(_("months (N)"), null=True, blank=True)
    payment_share = models.DecimalField(_("payment released (per cent of the grant)"), max_digits=5, decimal_places=1,
                                        null=True, blank=True)

    class Meta:
        ordering = ["programme", "position", "pk"]


class Enrolment(CitizenRecord):
    """One member of a programme and the visitation promised: visited, job broker, plan, first step, each dated."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="programme_enrolments")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    enrolled_on = models.DateField(_("enrolled"))
    enrolled_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField(_("visited (start assessment)"), null=True, blank=True)
    job_broker = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("job broker"))
    job_broker_on = models.DateField(_("job broker assigned"), null=True, blank=True)
    plan_on = models.DateField(_("plan made"), null=True, blank=True)
    first_step_on = models.DateField(_("first step taken"), null=True, blank=True)
    ended_on = models.DateField(_("left the programme"), null=True, blank=True)
    end_reason = models.CharField(_("why left"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("programme enrolment")
        verbose_name_plural = _("programme enrolments")
        ordering = ["programme", "pk"]
        constraints = [models.UniqueConstraint(fields=["programme", "citizen"], name="enrolled_once")]
        indexes = [models.Index(fields=["programme", "visited_on"]), models.Index(fields=["citizen", "ended_on"])]
