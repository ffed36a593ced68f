"""Absence cases and what may follow them: context, contact attempts, assessments, hearing, decision, letters.

An absence is documentation first. Every registered absence (a missed job conversation, a day missed at an offer, a
missed mentor meeting) opens an absence case that the citizen's own caseworker and the person who registered it
can document; only when the caseworker refers it does a sanction officer see it, and only a sanction officer
decides, and only when the safeguard checker (`helhed.rules.sanctions`) finds nothing missing.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from helhed.citizens.models import Citizen, CitizenRecord
from helhed.core.models import Municipality, StaffMember


class SanctionCase(CitizenRecord):
    """An absence case: one absence (or a § 39 event) with its context, from registration to decision."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Stage(models.TextChoices):
        DOCUMENTING = "documenting", _("Being documented")
        REFERRED = "referred", _("With the sanction officer")
        HEARING = "hearing", _("Hearing sent")
        DECIDED = "decided", pgettext_lazy("absence case stage", "Decided")
        RESOLVED = "resolved", _("Resolved by contact")

    class Source(models.TextChoices):
        JOBSAMTALE = "jobsamtale", _("Missed job conversation")
        OFFER = "offer", _("Absent from an offer")
        MENTOR = "mentor", _("Missed mentor meeting")
        REFUSAL = "refusal", _("Refused an offer or left work")

    class Ground(models.TextChoices):
        OFFER = "36", _("§ 36 absence from an offer")
        CONVERSATION = "37", _("§ 37 absence from a job conversation")
        REDUCTION = "40", _("§ 40 reduction (the § 39 cases)")

    class Cause(models.TextChoices):
        NOT_ASSESSED = "", _("Not assessed yet")
        YES = "yes", _("Yes, there was a reasonable cause")
        NO = "no", _("No reasonable cause")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="sanction_cases")
    source = models.CharField(_("what happened"), max_length=12, choices=Source.choices)
    ground = models.CharField(_("ground"), max_length=2, choices=Ground.choices)
    event_on = models.DateField(_("day of the absence"))
    absent_days = models.JSONField(_("days absent"), default=list, blank=True)
    self_booked = models.BooleanField(_("the citizen booked the conversation themself (§ 37, stk. 3)"), default=False)
    absence = models.OneToOneField("contact.Absence", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="sanction_case")
    referral = models.ForeignKey("offers.Referral", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="sanction_cases")
    summary = models.TextField(_("what the case is about"))
    staff_note = models.TextField(_("note from the mentor or caseworker"), blank=True)
    citizen_explanation = models.TextField(_("the citizen's explanation, in their words"), blank=True)
    contact_on = models.DateField(_("contact re-established on"), null=True, blank=True)
    reported_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+", null=True,
                                    verbose_name=_("registered by"))
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    referred_to = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="sanction_cases", null=True,
                                    blank=True, verbose_name=_("referred to"))
    referred_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
                                    verbose_name=_("referred by"))
    referred_at = models.DateTimeField(_("referred at"), null=True, blank=True)
    reasonable_cause = models.CharField(_("was there a reasonable cause?"), max_length=3, choices=Cause.choices,
                                        blank=True, default="")
    cause_examples = models.JSONField(_("examples that apply"), default=list, blank=True)
    reasonable_cause_assessment = models.TextField(_("assessment of reasonable cause"), blank=True)
    availability_promoted = models.BooleanField(_("will a sanction promote availability?"), null=True, blank=True)
    availability_reasoning = models.TextField(_("why (concrete assessment)"), blank=True)
    vulnerability_assessment = models.TextField(_("the citizen's vulnerability and circumstances"), blank=True)
    assessed_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.DOCUMENTING)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("absence case")
        verbose_name_plural = _("absence cases")
        ordering = ["-event_on", "-pk"]
        indexes = [models.Index(fields=["referred_to", "status"]), models.Index(fields=["municipality", "stage"])]


class ContactAttempt(CitizenRecord):
    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone call")
        HOME_VISIT = "home_visit", _("Home visit")
        MEETING = "meeting", _("Meeting")
        MENTOR = "mentor", _("Through the mentor")
        LETTER = "letter", _("Letter or Digital Post")
        TEXT = "text", _("Text message")

    case = models.ForeignKey(SanctionCase, on_delete=models.CASCADE, related_name="attempts")
    on = models.DateField(_("day"))
    kind = models.CharField(_("how"), max_length=12, choices=Kind.choices)
    reached = models.BooleanField(_("we reached the citizen"), default=False)
    note = models.TextField(_("what happened"), blank=True)
    by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "pk"]


class WrittenGuidance(CitizenRecord):
    """Aktivloven § 35 stk. 1–2: the citizen was given written guidance on rights, duties and sanctions."""

    class How(models.TextChoices):
        DIGITAL_POST = "digital_post", _("Digital Post")
        LETTER = "letter", _("Letter")
        HANDED_OVER = "handed_over", _("Handed over at a meeting")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="sanction_guidance")
    given_on = models.DateField(_("given on"))
    how = models.CharField(_("how"), max_length=12, choices=How.choices)
    recorded_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-given_on"]


class Letter(CitizenRecord):
    """A letter to the citizen (hearing or decision), kept as sent; its PDF is drawn from it on request."""

    class Kind(models.TextChoices):
        HEARING = "hearing", _("Hearing letter")
        DECISION = "decision", _("Decision letter")

    case = models.ForeignKey(SanctionCase, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("letter"), max_length=10, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=2)
    subject = models.CharField(_("subject"), max_length=200)
    paragraphs = models.JSONField(default=list)
    created_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]


class Hearing(CitizenRecord):
    """The hearing before a decision (forvaltningsloven § 19): the letter, its deadline and the citizen's answer,
    recorded by staff or given by the citizen in the portal. Kept with its change history."""

    case = models.OneToOneField(SanctionCase, on_delete=models.CASCADE, related_name="hearing")
    sent_on = models.DateField(_("sent on"))
    deadline = models.DateField(_("answer by"))
    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    answer = models.TextField(_("the citizen's answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # Empty when the citizen gave the answer themself in the portal (then `answered_in_portal`).
    answer_recorded_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+", null=True,
                                           blank=True)
    answered_in_portal = models.BooleanField(_("answered by the citizen in the portal"), default=False)
    history = HistoricalRecords()

    @property
    def answered_late(self) -> bool:
        """Answered after the deadline: the answer is kept and read all the same (`services.record_citizen_answer`)."""
        return self.answered_on is not None and self.answered_on > self.deadline


class Decision(CitizenRecord):
    class Outcome(models.TextChoices):
        NONE = "none", _("No sanction")
        DEDUCTION = "deduction", _("Deduction")
        REDUCTION = "reduction", _("Reduction")

    case = models.OneToOneField(SanctionCase, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    reasons = models.TextField(_("reasons"))
    amount = models.PositiveIntegerField(_("amount (kr.)"), default=0)
    lines = models.JSONField(default=list)
    rate_unconfirmed = models.BooleanField(default=False)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, related_name="+")


class BlockedDecision(CitizenRecord):
    """A decide action the safeguard checker refused, with what was missing (for the statistics)."""

    case = models.ForeignKey(SanctionCase, on_delete=models.CASCADE, related_name="blocked")
    outcome = models.CharField(max_length=10, choices=Decision.Outcome.choices)
    missing = models.JSONField(default=list)
    by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)


class BenefitEvent(CitizenRecord):
    """The deduction or reduction as an event for the benefit system (Helhed does not pay benefits)."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="benefit_event")
    kind = models.CharField(max_length=10, choices=Decision.Outcome.choices)
    amount = models.PositiveIntegerField()
    months = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)


class SanctionRate(models.Model):
    """One period of the municipality's daily sanction rate table (§ 35 stk. 4), kept by the administrator with
    its source. Without rows, the defaults in `helhed.rules.sanctions.DEFAULT_RATES` apply."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)
    threshold_1 = models.DecimalField(_("band 2 from (kr. a month)"), max_digits=9, decimal_places=2)
    threshold_2 = models.DecimalField(_("band 3 above (kr. a month)"), max_digits=9, decimal_places=2)
    threshold_3 = models.DecimalField(_("band 4 from (kr. a month)"), max_digits=9, decimal_places=2)
    rate_1 = models.PositiveIntegerField(_("rate in band 1 (kr. a day)"))
    rate_2 = models.PositiveIntegerField(_("rate in band 2 (kr. a day)"))
    rate_3 = models.PositiveIntegerField(_("rate in band 3 (kr. a day)"))
    rate_4 = models.PositiveIntegerField(_("rate in band 4 (kr. a day)"))
    source = models.TextField(_("source"))
    confirmed = models.BooleanField(_("confirmed against the published figures"), default=False)
    changed_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+", null=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["valid_from"]
