"""The shared plan (Min Plan, LAB §§ 40–41, or a helhedsorienteret plan with consent), its versions and
signatures; progression instruments and scorings; small steps; and "my story".

`Plan` holds the current content (for pages and queries) and its version number, which is the optimistic lock.
Every save appends a `PlanVersion` with a full snapshot of the content and how the citizen was involved, so the
history and the diff between any two versions are always available. `PlanStep` rows are the current steps; a
step keeps its `key` across versions, so a diff can tell a changed step from a new one.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhed.citizens.models import Citizen
from helhed.core.append_only import AppendOnlyModel
from helhed.core.models import Municipality, StaffMember


class Actor(models.TextChoices):
    CITIZEN = "citizen", _("The citizen")
    CASEWORKER = "caseworker", _("Caseworker")
    MENTOR = "mentor", _("Mentor")
    JOB_BROKER = "job_broker", _("Job broker")
    EMPLOYER = "employer", _("Employer")
    PARTNER = "partner", _("Partner")


class Involvement(models.TextChoices):
    """Monrad's four forms of citizen involvement (domain.md § 9)."""

    DEMOCRACY = "democracy", _("The citizen defined the problem and decided")
    CHOICE = "choice", _("The citizen chose between real options, with the consequences explained")
    SELF_REFLECTION = "self_reflection", _("A conversation about the citizen's wishes and dreams")
    CO_CREATION = "co_creation", _("We planned it together, step by step")


class Position(models.TextChoices):
    AGREES = "agrees", _("The citizen agrees")
    DISAGREES = "disagrees", _("The citizen disagrees")
    NOT_PRESENT = "not_present", _("The citizen was not present")


class Plan(models.Model):
    class Kind(models.TextChoices):
        MIN_PLAN = "min_plan", _("Min Plan (LAB §§ 40–41)")
        HOLISTIC = "holistic", _("Holistic plan across areas (LAB § 40, stk. 3, with consent)")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    citizen = models.OneToOneField(Citizen, on_delete=models.CASCADE, related_name="plan")
    kind = models.CharField(_("kind of plan"), max_length=10, choices=Kind.choices, default=Kind.MIN_PLAN)
    version = models.PositiveIntegerField(default=0)
    own_goal = models.TextField(_("the citizen's own goal"), blank=True)
    job_goal = models.TextField(_("job or education goal"), blank=True)
    stabilising = models.TextField(_("stabilising activities"), blank=True)
    job_search = models.TextField(_("job-search agreements"), blank=True)
    sections = models.JSONField(_("each actor's part"), default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")


class PlanStep(models.Model):
    class Kind(models.TextChoices):
        SUB_GOAL = "sub_goal", _("Sub-goal")
        STEP = "step", _("Step")

    class Status(models.TextChoices):
        OPEN = "open", _("Not done yet")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    # The editor shows each step as a row of six fields: more would be a long way towards Django's limit of 1,000
    # fields in one request (DATA_UPLOAD_MAX_NUMBER_FIELDS), and is not a plan one can follow anyway.
    MAX_PER_PLAN = 100

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="steps")
    key = models.UUIDField(default=uuid.uuid4)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.STEP)
    text = models.CharField(_("what"), max_length=500)
    owner = models.CharField(_("who"), max_length=12, choices=Actor.choices, default=Actor.CITIZEN)
    due = models.DateField(_("by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="one_step_per_key")]


class PlanVersion(AppendOnlyModel):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    changed_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    change_note = models.TextField(_("what changed, and why"), blank=True)
    involvement = models.CharField(_("how the citizen was involved"), max_length=16, choices=Involvement.choices)
    citizen_position = models.CharField(_("the citizen's position"), max_length=12, choices=Position.choices)
    citizen_reason = models.TextField(_("the citizen's reason, in their own words"), blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_plan_version_per_number")]


class PlanSignature(models.Model):
    class Method(models.TextChoices):
        ON_SCREEN = "on_screen", _("Read and approved together on the screen")
        ON_PAPER = "on_paper", _("Signed on paper (scanned to the documents)")
        # The citizen signed it themselves in the citizen portal: no staff member recorded it.
        PORTAL = "portal", _("Signed by the citizen in the portal")

    # The methods a staff member records on the citizen's behalf (the portal's own is the citizen's).
    STAFF_METHODS = (Method.ON_SCREEN, Method.ON_PAPER)

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    version = models.OneToOneField(PlanVersion, on_delete=models.CASCADE, related_name="signature")
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    signed_at = models.DateTimeField(default=timezone.now)
    # Empty when the citizen signed in the portal (`Method.PORTAL`).
    recorded_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+", null=True, blank=True)

    class Meta:
        constraints = [
            # A staff member records every signature but the citizen's own in the portal.
            models.CheckConstraint(
                condition=(models.Q(method="portal", recorded_by__isnull=True)
                           | (~models.Q(method="portal") & models.Q(recorded_by__isnull=False))),
                name="plan_signature_recorded_by_staff_unless_portal",
            ),
        ]


class Instrument(models.Model):
    """A versioned progression instrument: items scored 1–10, each with anchor texts for 1 and 10."""

    code = models.SlugField()
    version = models.PositiveSmallIntegerField()
    name = models.CharField(_("name"), max_length=200)
    licence = models.TextField(_("licence"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="one_instrument_version")]

    def __str__(self):
        return f"{self.name} (v{self.version})"


class InstrumentItem(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField()
    position = models.PositiveSmallIntegerField()
    area = models.CharField(_("area"), max_length=100)
    question = models.CharField(_("question"), max_length=300)
    anchor_low = models.CharField(_("1 means"), max_length=300)
    anchor_high = models.CharField(_("10 means"), max_length=300)
    # Other languages: {"en": {"area": …, "question": …, "anchor_low": …, "anchor_high": …}}; Danish is above.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["position"]

    def text(self, field: str, language: str) -> str:
        return self.translations.get(language, {}).get(field) or getattr(self, field)


class Scoring(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="scorings")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT)
    scored_on = models.DateField(_("date"))
    together_with_citizen = models.BooleanField(_("scored together with the citizen"), default=True)
    note = models.TextField(_("note"), blank=True)
    scored_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["scored_on", "pk"]


class Score(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    scoring = models.ForeignKey(Scoring, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(InstrumentItem, on_delete=models.PROTECT)
    value = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(10)])

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gte=1, value__lte=10), name="score_between_1_and_10"),
        ]


class SmallStep(models.Model):
    """A small step, in the words it was told in ("got up for the internship three days in a row")."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="small_steps")
    text = models.CharField(_("small step"), max_length=500)
    happened_on = models.DateField(_("date"))
    noted_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    noted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-happened_on", "-pk"]


class MyStory(models.Model):
    """A handover summary written with the citizen: shown first to a new caseworker or mentor, so the citizen does
    not have to tell it all again."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    citizen = models.OneToOneField(Citizen, on_delete=models.CASCADE, related_name="story")
    text = models.TextField(_("my story"))
    written_with_citizen = models.BooleanField(_("written together with the citizen"), default=True)
    updated_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    # Every earlier text is kept: a story written with the citizen is not lost to a later edit.
    history = HistoricalRecords()
