"""Offers (tilbud) and the employers and places they happen at.

An offer is one of the kinds in `Offer.Kind`: a company internship (virksomhedspraktik, § 61), wage subsidy
(løntilskud, §§ 68–69), guidance and upskilling (vejledning og opkvalificering, § 91), mentor support (§ 167) or
ordinary hours. Every offer is a fact for the legal rules (`extensions.offers_for`).
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from helhed.citizens.models import Citizen, CitizenRecord
from helhed.core.models import Municipality, OrganisationUnit, StaffMember


class Sector(models.TextChoices):
    RETAIL = "retail", _("Retail")
    CLEANING = "cleaning", _("Cleaning")
    CARE = "care", _("Care")
    WAREHOUSE = "warehouse", _("Warehouse and logistics")
    KITCHEN = "kitchen", _("Kitchen and canteen")
    CONSTRUCTION = "construction", _("Construction and crafts")
    GREEN = "green", _("Gardening and green areas")
    OFFICE = "office", _("Office and administration")
    TRANSPORT = "transport", _("Transport")
    PRODUCTION = "production", _("Production")
    OTHER = "other", _("Other")


class Employer(models.Model):
    """A company that takes citizens in internships or with wage subsidy. The CVR number is checked (python-stdnum)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("company name"), max_length=200)
    cvr = models.CharField(_("CVR number"), max_length=8)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact person's phone"), max_length=20, blank=True)
    contact_email = models.EmailField(_("contact person's email"), blank=True)
    created_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "cvr"], name="offers_employer_cvr_once")]
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} (CVR {self.cvr})"


class Place(models.Model):
    """An internship place at an employer: its tasks, how many citizens it takes at once, and what it can accommodate.
    `found_by_citizen`: a citizen found it themselves; from then on it is a place like any other."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="places")
    title = models.CharField(_("place"), max_length=200)
    tasks = models.TextField(_("tasks"))
    capacity = models.PositiveSmallIntegerField(_("citizens at a time"), default=1)
    accommodations = models.TextField(_("accommodations the place can offer"), blank=True)
    hours_min = models.PositiveSmallIntegerField(_("fewest hours a week"), null=True, blank=True)
    hours_max = models.PositiveSmallIntegerField(_("most hours a week"), null=True, blank=True)
    active = models.BooleanField(_("takes citizens"), default=True)
    found_by_citizen = models.BooleanField(_("found by a citizen"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["employer__name", "title"]

    def __str__(self):
        return f"{self.title}, {self.employer.name}"


class Offer(CitizenRecord):
    class Kind(models.TextChoices):
        INTERNSHIP = "virksomhedspraktik", _("Company internship")
        WAGE_SUBSIDY_PRIVATE = "loentilskud_privat", _("Wage subsidy, private employer")
        WAGE_SUBSIDY_PUBLIC = "loentilskud_offentlig", _("Wage subsidy, public employer")
        GUIDANCE = "vejledning", _("Guidance and upskilling")
        MENTOR = "mentor", _("Mentor support")
        ORDINARY_HOURS = "ordinaere_timer", _("Ordinary hours")

    class Outcome(models.TextChoices):
        HIRED = "hired", _("Hired")
        ORDINARY_HOURS = "ordinary_hours", _("Ordinary hours")
        CONTINUED = "continued", _("Continued in another offer")
        COMPLETED = "completed", _("Completed as planned")
        STOPPED = "stopped", _("Stopped")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="offers")
    kind = models.CharField(_("kind of offer"), max_length=30, choices=Kind.choices)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, null=True, blank=True, related_name="offers")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, null=True, blank=True, related_name="offers")
    title = models.CharField(_("title"), max_length=200, blank=True)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"), null=True, blank=True)
    # Hours and minutes per week as the national data hub expects them for an activity, kept as minutes.
    minutes_per_week = models.PositiveIntegerField(_("time per week"), null=True, blank=True)
    schedule = models.CharField(_("schedule"), max_length=200, blank=True)
    tasks = models.TextField(_("tasks"), blank=True)
    accommodations = models.TextField(_("accommodations (skånehensyn)"), blank=True)
    purpose = models.TextField(_("purpose and grounds"), blank=True)
    created_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    midway_on = models.DateField(_("midway follow-up held on"), null=True, blank=True)
    midway_note = models.TextField(_("midway follow-up"), blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("why it stopped"), blank=True)
    final_report = models.JSONField(_("final report"), default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["citizen", "start"]), models.Index(fields=["employer", "kind"]),
                   models.Index(fields=["kind", "ended_on"]), models.Index(fields=["place", "start"])]
        ordering = ["-start", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start:%d-%m-%Y}"

    @property
    def last_day(self):
        """The day the offer ends: ended early, else the planned last day."""
        return self.ended_on or self.end


def last_day_from(day, *, open_ended: bool = False) -> Q:
    """Offers whose last day (`Offer.last_day`: ended early, else planned) is `day` or later; with `open_ended`, also
    those without a last day."""
    running = Q(ended_on__gte=day) | Q(ended_on__isnull=True, end__gte=day)
    return running | Q(ended_on__isnull=True, end__isnull=True) if open_ended else running


class OfferExtension(CitizenRecord):
    """One extension of an offer's last day, with the concrete assessment that justifies it (§ 61, stk. 2)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="extensions")
    previous_end = models.DateField()
    new_end = models.DateField(_("new last day"))
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at", "pk"]


class HoursAdjustment(CitizenRecord):
    """Hours per week changed from a day, up or down, with the reason: the documentation a rehabiliteringsteam
    later needs ("otherwise we start over for 13 weeks")."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="hours_adjustments")
    valid_from = models.DateField(_("from"))
    previous_minutes = models.PositiveIntegerField()
    minutes_per_week = models.PositiveIntegerField(_("time per week"))
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["valid_from", "decided_at", "pk"]


class InternshipWishes(CitizenRecord):
    """What the citizen wants from an internship, in the order the citizen ranks it, and what they need to manage it.
    `ranking` lists the criteria (CRITERIA) most important first; a criterion left out does not count."""

    CRITERIA = ("sector", "tasks", "employer", "distance", "hours")

    citizen = models.OneToOneField(Citizen, on_delete=models.CASCADE, related_name="internship_wishes")
    ranking = models.JSONField(default=list)
    sectors = models.JSONField(default=list)
    tasks = models.CharField(_("tasks the citizen wants"), max_length=300, blank=True)
    employer = models.ForeignKey(Employer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("employer the citizen wants"))
    postcode = models.CharField(_("near postcode"), max_length=4, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours a week the citizen can manage"), null=True, blank=True)
    accommodation_needs = models.TextField(_("accommodation needs (skånebehov)"), blank=True)
    in_own_words = models.TextField(_("in the citizen's own words"), blank=True)
    updated_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)


class FrameworkAgreement(models.Model):
    """A provider's framework agreement (rammeaftale) with the kommune: the services it may deliver, its period, and
    the subcontractors that work under it."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, related_name="framework_agreements")
    title = models.CharField(_("agreement"), max_length=200)
    services = models.JSONField(_("services"), default=list)
    subcontractors = models.ManyToManyField(OrganisationUnit, blank=True, related_name="subcontracted_agreements")
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["provider__name", "title"]

    def __str__(self):
        return f"{self.title} ({self.provider.name})"


class Referral(CitizenRecord):
    """A referral (bestilling) of a citizen to a provider: the order text and the granted time. Its state moves only
    along TRANSITIONS, and every move is a ReferralEvent."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", pgettext_lazy("referral", "Accepted")
        REJECTED = "rejected", _("Rejected")
        STARTED = "started", _("Started")
        ENDED = "ended", _("Ended")

    TRANSITIONS = {
        State.DRAFT: {State.SENT},
        State.SENT: {State.ACCEPTED, State.REJECTED},
        State.ACCEPTED: {State.STARTED, State.ENDED},
        State.STARTED: {State.ENDED},
        State.REJECTED: set(),
        State.ENDED: set(),
    }
    # The provider's mentors see the citizen in these states (need-to-know reason "referred").
    OPEN = (State.ACCEPTED, State.STARTED)

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="referrals")
    provider = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, related_name="referrals",
                                 verbose_name=_("provider"))
    agreement = models.ForeignKey(FrameworkAgreement, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="referrals", verbose_name=_("framework agreement"))
    service = models.CharField(_("service"), max_length=200)
    order_text = models.TextField(_("the order"))
    granted_minutes_per_week = models.PositiveIntegerField(_("time granted per week"))
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    mentor = models.ForeignKey(StaffMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("mentor"))
    created_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["provider", "state"]), models.Index(fields=["mentor", "state"])]
        ordering = ["-valid_from", "-pk"]

    def __str__(self):
        return f"{self.service} ({self.provider.name})"


class ReferralEvent(CitizenRecord):
    """A move of a referral from one state to another, or a progress report (the state unchanged)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=10, choices=Referral.State.choices)
    to_state = models.CharField(max_length=10, choices=Referral.State.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]


class MentorTime(CitizenRecord):
    """Time a mentor spent on a referred citizen, by kind: the evening call and the acute situation count too."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Planned meeting")
        PHONE = "phone", _("Phone")
        ACUTE = "acute", _("Acute situation")
        EVENING = "evening", _("Evening call")
        TRANSPORT = "transport", _("Transport together with the citizen")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="time_entries")
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("day"))
    minutes = models.PositiveIntegerField(_("time"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["referral", "on"])]
        ordering = ["-on", "-recorded_at"]


class Attendance(CitizenRecord):
    """Whether the citizen came, on a day of the referral. An absence is documentation with its context for the
    caseworker to look at; it never starts a sanction by itself (the sanctions app may read it, with its context)."""

    class Reason(models.TextChoices):
        ILL = "ill", _("Ill")
        CHILDCARE = "childcare", _("Childcare")
        TRANSPORT = "transport", _("Transport")
        APPOINTMENT = "appointment", _("Another appointment (doctor, authority)")
        UNKNOWN = "unknown", _("Not known yet")
        OTHER = "other", _("Other")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="attendance")
    on = models.DateField(_("day"))
    present = models.BooleanField(_("came"))
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices, blank=True)
    context = models.TextField(_("what we know about the situation"), blank=True)
    recorded_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral", "on"], name="offers_attendance_once_a_day")]
        ordering = ["-on"]
