"""The team around the citizen. Membership is one of the reasons a staff member may see a citizen."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhed.citizens.models import Citizen, CitizenPeriod, CitizenRecord
from helhed.core.models import OrganisationUnit, StaffMember


class CaseTeamMember(CitizenPeriod):
    """One person's part in the team around a citizen, for a period. `valid_to` is the planned or actual last day;
    `ended_at` is when the membership was ended, which ends the access it gives at once."""

    class TeamRole(models.TextChoices):
        COORDINATING_CASEWORKER = "coordinating_caseworker", _("Coordinating caseworker")
        MENTOR = "mentor", _("Mentor")
        JOB_BROKER = "job_broker", _("Job broker")
        PARTNER = "partner", _("Partner")
        OTHER = "other", _("Other")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="team")
    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="team_memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role in this case"), max_length=32, choices=TeamRole.choices)
    organisation = models.ForeignKey(
        OrganisationUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    assignment = models.TextField(
        _("assignment"), blank=True,
        help_text=_('What this person does for the citizen, e.g. "accompany to the assessment at the clinic".'),
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    added_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by"))
    history = HistoricalRecords()

    class Meta(CitizenPeriod.Meta):
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["valid_from", "pk"]
        indexes = [models.Index(fields=["staff", "valid_to"]), models.Index(fields=["citizen", "valid_to"])]

    def __str__(self):
        return f"{self.staff} ({self.get_role_display()})"


class CoordinatorOffer(CitizenRecord):
    """The citizen's right to a coordinating caseworker (LAB § 36) was offered, and what the citizen answered. A
    citizen who declined may be offered it again later: each offer is its own row, and the latest one counts."""

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        NOT_ANSWERED = "", _("Not answered yet")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="coordinator_offers")
    offered_on = models.DateField(_("offered on"))
    offered_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("offer recorded by"))
    answer = models.CharField(_("answer"), max_length=16, choices=Answer.choices, blank=True, default="")
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_recorded_by = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("answer recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("offer of a coordinating caseworker")
        verbose_name_plural = _("offers of a coordinating caseworker")
        ordering = ["offered_on", "pk"]
        indexes = [models.Index(fields=["citizen", "offered_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer="", answered_on__isnull=True)
                | (Q(answer__in=["accepted", "declined"]) & Q(answered_on__gte=models.F("offered_on"))),
                name="coordination_coordinatoroffer_answer",
            )
        ]

    def __str__(self):
        return f"{self.offered_on:%Y-%m-%d} ({self.get_answer_display()})"


class RCSurvey(models.Model):
    """One round of the relational-coordination survey in a municipality."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))

    class Meta:
        ordering = ["-opens_on", "-pk"]


class RCParticipation(models.Model):
    """That a staff member has answered (so nobody answers twice); it does not say what they answered."""

    survey = models.ForeignKey(RCSurvey, on_delete=models.CASCADE, related_name="participations")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "staff"], name="rc_answer_once")]


class RCAnswerSet(models.Model):
    """One anonymous respondent's answers: their role and unit, no person."""

    survey = models.ForeignKey(RCSurvey, on_delete=models.CASCADE, related_name="answer_sets")
    role = models.CharField(max_length=32)
    unit = models.ForeignKey("core.OrganisationUnit", on_delete=models.PROTECT, related_name="+")


class RCAnswer(models.Model):
    answer_set = models.ForeignKey(RCAnswerSet, on_delete=models.CASCADE, related_name="answers")
    about_role = models.CharField(max_length=32)
    dimension = models.CharField(max_length=20)
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rc_score_1_to_5")]
