"""The tenant (municipality), its organisation and its staff."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    """Roles from domain.md §2. The citizen role belongs to the portal, not to staff."""

    CASEWORKER = "caseworker", _("Caseworker")
    COORDINATING_CASEWORKER = "coordinating_caseworker", _("Coordinating caseworker")
    JOB_BROKER = "job_broker", _("Job broker")
    MENTOR = "mentor", _("Mentor")
    SANCTION_OFFICER = "sanction_officer", _("Sanction officer")
    TEAM_LEADER = "team_leader", _("Team leader")
    PARTNER = "partner", _("Partner")
    DATA_PROTECTION = "data_protection", _("Data protection officer")
    ADMIN = "admin", _("Administrator")


def role_label(code: str) -> str:
    return Role(code).label if code in Role.values else code


class Municipality(models.Model):
    """The tenant. Every row of case data carries one."""

    code = models.CharField(
        _("municipality number"), max_length=3, unique=True, validators=[RegexValidator(r"^\d{3}$")]
    )
    name = models.CharField(_("name"), max_length=100)
    # Cases that began earlier have obligations from this day, not a list of overdue items from years back.
    takeover_on = models.DateField(
        _("Helhed taken into use on"), null=True, blank=True,
        help_text=_("Deadlines that fell before this day are not shown as overdue."),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class OrganisationUnit(models.Model):
    class Kind(models.TextChoices):
        EMPLOYMENT = "employment", _("Employment unit")
        BENEFITS_SANCTIONS = "benefits_sanctions", _("Benefits and sanctions unit")
        SOCIAL_SERVICES = "social_services", _("Social services")
        HEALTH = "health", _("Health")
        SOCIAL_HOUSING_PLAN = "social_housing_plan", _("Social-housing plan")
        PROVIDER = "provider", _("Provider")
        SUBCONTRACTOR = "subcontractor", _("Provider's subcontractor")
        EMPLOYER = "employer", _("Employer")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        help_text=_("For a subcontractor: the provider it works under."),
    )
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True)
    internship_places = models.PositiveSmallIntegerField(
        _("internship places"), default=0, help_text=_("For employers: places offered for company internships.")
    )
    sector = models.CharField(_("sector"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["name"]
        indexes = [models.Index(fields=["municipality", "kind"])]

    def __str__(self):
        return self.name


class StaffMember(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="staff")
    unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, related_name="staff")
    title = models.CharField(_("job title"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return self.user.get_full_name() or self.user.get_username()

    def role_codes(self):
        return [r.role for r in self.roles.all()]

    def has_role(self, role):
        return role in self.role_codes()

    def role_labels(self):
        return [Role(code).label for code in self.role_codes()]


class StaffRole(models.Model):
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["staff", "role"], name="unique_staff_role")]
        ordering = ["id"]

    def __str__(self):
        return self.get_role_display()
