"""The citizen record, target-group history, benefits, the case and safety markers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhed.citizens import cpr as cpr_numbers
from helhed.core.append_only import AppendOnlyModel
from helhed.core.models import Municipality, Role, StaffMember


class TargetGroup(models.TextChoices):
    """LAB § 6 (2024 text) groups. Codes are the paragraph's numbers so rule sets can refer to them."""

    DAGPENGE = "1", _("1 · Unemployment benefit (dagpenge)")
    JOBPARAT = "2", _("2 · Job-ready on cash benefit (jobparat)")
    AKTIVITETSPARAT = "3", _("3 · Activity-ready on cash benefit (aktivitetsparat)")
    UDDANNELSESPARAT = "4", _("4 · Education-ready under 30 (uddannelsesparat)")
    AKTIVITETSPARAT_U30 = "5", _("5 · Activity-ready under 30 (aktivitetsparat)")
    SYGEDAGPENGE = "6", _("6 · Sickness benefit (sygedagpenge)")
    JOBAFKLARING = "7", _("7 · Job clarification course (jobafklaringsforløb)")
    RESSOURCEFORLOEB = "8", _("8 · Resource course (ressourceforløb)")
    FLEKSJOB = "9", _("9 · Flex job or flex-job benefit (fleksjob, ledighedsydelse)")
    REVALIDERING = "10", _("10 · Rehabilitation (revalidering)")
    FOERTIDSPENSION = "11", _("11 · Disability pension (førtidspension)")
    SELVFORSOERGENDE = "selvforsoergende", _("Self-supporting (selvforsørgende)")
    UNDER_18 = "under_18", _("Under 18")


class ReminderChoice(models.TextChoices):
    AUTOMATIC = "automatic", _("By text message, else e-mail, else Digital Post")
    SMS = "sms", _("Text message")
    EMAIL = "email", _("E-mail")
    DIGITAL_POST = "digital_post", _("Digital Post")
    NONE = "none", _("No reminders")


class Citizen(models.Model):
    class Language(models.TextChoices):
        DANISH = "da", _("Danish")
        ENGLISH = "en", _("English")
        ARABIC = "ar", _("Arabic")
        SOMALI = "so", _("Somali")
        TURKISH = "tr", _("Turkish")
        PERSIAN = "fa", _("Persian")
        URDU = "ur", _("Urdu")
        POLISH = "pl", _("Polish")
        UKRAINIAN = "uk", _("Ukrainian")
        TIGRINYA = "ti", _("Tigrinya")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="citizens")
    cpr = models.CharField(_("CPR number"), max_length=10)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.DANISH
    )
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    reminders = models.CharField(
        _("reminders of appointments"), max_length=12, choices=ReminderChoice.choices, default=ReminderChoice.AUTOMATIC,
    )
    reachability_notes = models.TextField(
        _("how to reach the citizen"), blank=True,
        help_text=_('For example "no phone credit – send a text" or "knock twice before entering".'),
    )
    # Case-folded "first last" for search: SQLite's LIKE folds only ASCII, so "ågå" would not find "Ågård".
    search_name = models.CharField(max_length=201, editable=False, default="")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        constraints = [models.UniqueConstraint(fields=["municipality", "cpr"], name="unique_cpr_per_municipality")]
        indexes = [models.Index(fields=["municipality", "last_name", "first_name"])]

    def __str__(self):
        return self.full_name

    @staticmethod
    def make_search_name(first_name: str, last_name: str) -> str:
        return f"{first_name} {last_name}".casefold()

    def save(self, *args, **kwargs):
        self.search_name = self.make_search_name(self.first_name, self.last_name)
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def cpr_display(self):
        return cpr_numbers.format_cpr(self.cpr)

    @property
    def birth_date(self):
        return cpr_numbers.birth_date(self.cpr)

    def age_on(self, day) -> int:
        """Whole years of age on `day`, from the birth date in the CPR number (ValueError without one)."""
        return cpr_numbers.age_on(self.birth_date, day)


class CitizenRecord(models.Model):
    """A row of data about one citizen. It carries the tenant key, which always equals the citizen's municipality
    (`tests/test_tenant_keys.py` checks every model). A subclass may redefine `citizen` to name its reverse
    relation."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


class CitizenPeriod(CitizenRecord):
    """A row about a citizen that holds for a period: `valid_to` is inclusive, None means open."""

    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_period",
            )
        ]

    def covers(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class SafetyMarker(CitizenRecord):
    """SOS marker: staff must take precautions when meeting the citizen. Shown wherever the citizen appears."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="safety_markers")
    reason = models.TextField(_("reason"))
    set_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("set by"))
    set_at = models.DateTimeField(_("set at"), auto_now_add=True)
    review_date = models.DateField(_("review date"))
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("removed by")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("safety marker")
        verbose_name_plural = _("safety markers")
        indexes = [models.Index(fields=["citizen", "removed_at"])]


class TargetGroupPeriod(CitizenPeriod):
    """A period in one LAB § 6 group. Periods of one citizen never overlap."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="target_periods")
    group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="+", null=True, verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta(CitizenPeriod.Meta):
        verbose_name = _("target-group period")
        verbose_name_plural = _("target-group periods")
        ordering = ["-valid_from"]
        constraints = [
            *CitizenPeriod.Meta.constraints,
            models.UniqueConstraint(
                fields=["citizen"], condition=Q(valid_to__isnull=True), name="one_open_target_period"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "group", "valid_to"])]

    def __str__(self):
        return self.get_group_display()


class BenefitPeriod(CitizenPeriod):
    class Kind(models.TextChoices):
        KONTANTHJAELP = "kontanthjaelp", _("Cash benefit (kontanthjælp)")
        UDDANNELSESHJAELP = "uddannelseshjaelp", _("Education benefit (uddannelseshjælp)")
        DAGPENGE = "dagpenge", _("Unemployment benefit (dagpenge)")
        SYGEDAGPENGE = "sygedagpenge", _("Sickness benefit (sygedagpenge)")
        RESSOURCEFORLOEBSYDELSE = "ressourceforloebsydelse", _("Resource-course benefit")
        LEDIGHEDSYDELSE = "ledighedsydelse", _("Flex-job benefit (ledighedsydelse)")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="benefit_periods")
    kind = models.CharField(_("benefit"), max_length=32, choices=Kind.choices)
    monthly_amount = models.DecimalField(_("monthly amount (kr.)"), max_digits=9, decimal_places=2)
    history = HistoricalRecords()

    class Meta(CitizenPeriod.Meta):
        verbose_name = _("benefit period")
        verbose_name_plural = _("benefit periods")
        ordering = ["-valid_from"]


class Case(CitizenRecord):
    """The sag: the employment case a caseworker is responsible for. A citizen has at most one open case."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="cases")
    responsible = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="responsible_cases", verbose_name=_("responsible caseworker")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(_("opened"))
    # LAB § 31 stk. 5: the first jobsamtale is due one week from the citizen's first approach to the kommune for help.
    first_approach_on = models.DateField(_("first approach to the kommune for help"), null=True, blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(fields=["citizen"], condition=Q(status="open"), name="one_open_case_per_citizen")
        ]
        indexes = [models.Index(fields=["responsible", "status"])]


class Consent(CitizenRecord):
    """The citizen's consent to share data with a recipient for a purpose. Withdrawal takes effect at once."""

    class LegalBasis(models.TextChoices):
        GDPR_CONSENT = "gdpr_6_1_a_9_2_a", _("Consent (GDPR art. 6(1)(a) and 9(2)(a))")
        RETSSIKKERHEDSLOVEN_11C = "rsl_11c", _("Consent to obtain information (retssikkerhedsloven § 11 c)")
        FORVALTNINGSLOVEN_28 = "fvl_28", _("Consent to pass on information (forvaltningsloven § 28)")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="consents")
    purpose = models.TextField(_("purpose"))
    recipient_unit = models.ForeignKey(
        "core.OrganisationUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("recipient organisation or unit"),
    )
    recipient_role = models.CharField(_("recipient role"), max_length=32, blank=True, choices=Role.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=32, choices=LegalBasis.choices)
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("withdrawn by")
    )
    recorded_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_unit__isnull=False) | ~Q(recipient_role=""), name="consent_has_a_recipient"
            )
        ]
        indexes = [models.Index(fields=["citizen", "withdrawn_at"])]

    def __str__(self):
        return self.purpose


class AccessLogEntry(AppendOnlyModel):
    """The read log: who saw which citizen's data, when, on which page and for which reason.

    It sits in the base layer because every page that shows a citizen writes it (`citizens.readlog`)."""

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
        # The table keeps the name it was created with in the audit app (its append-only trigger is on it).
        db_table = "audit_accesslogentry"
        verbose_name = _("access-log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["citizen", "-at"], name="audit_acces_citizen_5d6e1f_idx"),
                   models.Index(fields=["user", "-at"], name="audit_acces_user_id_53be19_idx")]
