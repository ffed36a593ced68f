"""The outreach employment effort (fremskudt beskæftigelsesindsats): an office in a housing area, the residents who
come by, the local target group, and the group activities held with the housing social plan.

The place itself (address, opening hours, staff on duty) is contact's `MeetingPlace`, so that conversations booked
there carry it to the calendar, the feeds and the reminders. `OutreachOffice` adds what only outreach needs: the
housing social plan it works with, and the area whose residents are its local target group.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.models import Citizen
from helhed.contact.models import MeetingPlace
from helhed.core.models import Municipality, OrganisationUnit, StaffMember


def _codes(text: str) -> list[str]:
    return sorted({part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()})


class OutreachOffice(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    place = models.OneToOneField(MeetingPlace, on_delete=models.PROTECT, related_name="outreach_office",
                                 verbose_name=_("place"))
    housing_plan = models.ForeignKey(
        OrganisationUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="outreach_offices",
        verbose_name=_("housing social plan"), help_text=_("The boligsocial helhedsplan the office works with."))
    # The area: residents with one of these postal codes, and (if streets are given) living on one of the streets.
    area_postal_codes = models.CharField(_("postal codes of the area"), max_length=200, blank=True,
                                         help_text=_("Separated by commas, e.g. \"8220, 8210\"."))
    area_streets = models.TextField(_("streets of the area"), blank=True,
                                    help_text=_("One street name a line. Empty: the whole postal code area."))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("outreach office")
        verbose_name_plural = _("outreach offices")
        ordering = ["place__name"]

    def __str__(self):
        return self.place.name

    @property
    def postal_codes(self) -> list[str]:
        return _codes(self.area_postal_codes)

    @property
    def streets(self) -> list[str]:
        return [line.strip() for line in (self.area_streets or "").splitlines() if line.strip()]


class DropIn(models.Model):
    """Residents who came by the office without an appointment: a count (anonymous), or one named citizen (then a
    journal note is written in the citizen's case too)."""

    class Topic(models.TextChoices):
        CV = "cv", _("Help with a CV or an application")
        JOB_SEARCH = "job_search", _("Job search")
        LETTERS = "letters", _("Letters from the municipality, benefits")
        EDUCATION = "education", _("Education")
        ECONOMY = "economy", _("Economy, debt or housing")
        HEALTH = "health", _("Health and well-being")
        OTHER = "other", _("Something else")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey(OutreachOffice, on_delete=models.CASCADE, related_name="drop_ins")
    on = models.DateField(_("date"), default=timezone.localdate)
    count = models.PositiveSmallIntegerField(_("how many"), default=1)
    topic = models.CharField(_("about"), max_length=16, choices=Topic.choices, default=Topic.OTHER)
    citizen = models.ForeignKey(Citizen, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    registered_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("drop-in contact")
        verbose_name_plural = _("drop-in contacts")
        ordering = ["-on", "-registered_at"]
        indexes = [models.Index(fields=["office", "on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(count__gte=1), name="drop_in_at_least_one"),
            models.CheckConstraint(condition=models.Q(citizen__isnull=True) | models.Q(count=1),
                                   name="drop_in_named_is_one"),
        ]


class Group(models.Model):
    class Kind(models.TextChoices):
        DEPRESSION = "depression", _("Depression group")
        WALKING = "walking", _("Walking group")
        JOB_CAFE = "job_cafe", _("Job café")
        CREATIVE = "creative", _("Creative workshop")
        OTHER = "other", _("Other group")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey(OutreachOffice, on_delete=models.PROTECT, related_name="groups",
                               verbose_name=_("outreach office"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    facilitator = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("facilitator"))
    partner = models.ForeignKey(OrganisationUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("partner organisation"))
    active = models.BooleanField(_("running"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("group activity")
        verbose_name_plural = _("group activities")
        ordering = ["name"]

    def __str__(self):
        return self.name


class GroupSession(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    anonymous_count = models.PositiveSmallIntegerField(
        _("residents who came without being registered"), default=0,
        help_text=_("A count only: residents who join without giving their name."))
    note = models.CharField(_("note"), max_length=300, blank=True,
                            help_text=_("What the session was about. No names or personal data."))

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["group", "starts_at"])]

    def __str__(self):
        return f"{self.group.name} {timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"

    @property
    def day(self):
        return timezone.localdate(self.starts_at)


class Attendance(models.Model):
    """A registered citizen took part in a session. Only with the citizen's agreement (`to_plan`) is it noted in the
    plan's small-steps log and listed among the citizen's stabilising activities."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendances")
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="+")
    to_plan = models.BooleanField(
        _("the citizen agrees that it goes into the plan"), default=False,
        help_text=_("Noted as a small step and listed as a stabilising activity in the citizen's plan."))
    small_step = models.ForeignKey("plans.SmallStep", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    registered_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("group attendance")
        verbose_name_plural = _("group attendances")
        constraints = [models.UniqueConstraint(fields=["session", "citizen"], name="attendance_once_per_session")]
