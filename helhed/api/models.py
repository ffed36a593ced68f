"""The open API's own records: the clients the administrator registers, the request ids that make writes safe to
retry, the outbox of domain events with its subscriptions and deliveries, and the appointments a provider proposes.

An `ApiClient` acts through a service account: a Django user and a `StaffMember` without roles, in the client's
organisation. The need-to-know reasons of `extensions.py` give that account its citizens, so the read log, the
change history and every service work for a client as they do for staff.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oauth2_provider.settings import oauth2_settings

from helhed.citizens.models import Citizen, CitizenRecord
from helhed.core.models import Municipality, OrganisationUnit, StaffMember


class OrganisationType(models.TextChoices):
    """The organisation types of the national data hub's access model: who the client is, which decides its relation
    to citizens (a provider: its own referred citizens; the kommune's own system: the kommune's citizens)."""

    PROVIDER = "anden_aktoer", _("Other actor (provider)")
    KOMMUNE = "kommune", _("The kommune's own system")


# Scopes name the building block and the access, as the national data hub's do (`visiteringogstatus.write`).
SCOPES = {
    "henvisning.read": _("Read referrals to the organisation"),
    "henvisning.write": _("Accept or reject referrals, report progress"),
    "fremmoede.write": _("Register attendance and mentor time"),
    "aftale.read": _("Read appointments"),
    "aftale.write": _("Propose appointments"),
    "plan.read": _("Read the plan"),
    "plan.write": _("Write the organisation's own part of the plan"),
    "fravaer.read": _("Read absences with their context"),
    "haendelse.read": _("Receive events (webhooks, replay)"),
    "borger.read": _("Read citizens with target groups and obligations"),
    "aktivitet.read": _("Read offers as activities"),
    "program.read": _("Read programme counts"),
}
SCOPES_BY_TYPE = {
    OrganisationType.PROVIDER: ("henvisning.read", "henvisning.write", "fremmoede.write", "aftale.read", "aftale.write",
                                "plan.read", "plan.write", "fravaer.read", "haendelse.read"),
    OrganisationType.KOMMUNE: ("borger.read", "aktivitet.read", "program.read", "haendelse.read"),
}


class ApiClient(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, related_name="api_clients",
                                     verbose_name=_("organisation"))
    organisation_type = models.CharField(_("organisation type"), max_length=16, choices=OrganisationType.choices)
    scopes = models.JSONField(_("scopes"), default=list)
    # The OAuth2 application (django-oauth-toolkit) that holds the client id and the hashed secret.
    application = models.OneToOneField(oauth2_settings.APPLICATION_MODEL, on_delete=models.PROTECT, related_name="+")
    staff = models.OneToOneField(StaffMember, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self):
        return self.name

    @property
    def client_id(self) -> str:
        return self.application.client_id


class ApiRequest(models.Model):
    """A write's `x-requestId`, kept so that a repeat is refused (412) and never makes a second row. The row is
    written in the same transaction as the write: a write that fails leaves no row, and can be sent again."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    request_id = models.CharField(max_length=100)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "request_id"], name="api_request_id_once")]


class Event(models.Model):
    """A domain event in the outbox, written in the transaction of the change it tells about. The payload holds ids
    and no personal data: a receiver reads the resource through the API, which logs the read."""

    class Type(models.TextChoices):
        REFERRAL_SENT = "henvisning.sendt", _("Referral sent")
        APPOINTMENT_BOOKED = "aftale.booket", _("Appointment booked")
        APPOINTMENT_MOVED = "aftale.flyttet", _("Appointment moved")
        ABSENCE_RECORDED = "fravaer.registreret", _("Absence recorded")
        PLAN_SIGNED = "plan.underskrevet", _("Plan signed")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(max_length=32, choices=Type.choices)
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="+")
    payload = models.JSONField(default=dict)
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]


class Subscription(models.Model):
    """A client's webhook: where events go, which types, and the secret the signatures are made with."""

    client = models.OneToOneField(ApiClient, on_delete=models.CASCADE, related_name="subscription")
    url = models.URLField(max_length=500)
    types = models.JSONField(default=list)
    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)


class Delivery(models.Model):
    """One event to one subscriber: the unit of work of the webhook sender, claimed with a lease, retried with
    backoff. The receiver gets the event's key as `webhook-id` and must treat it as an idempotency key."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Given up")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    # Set anew by every claim: the fencing token, so only the run that holds the delivery records its outcome.
    claim = models.UUIDField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "event"], name="api_delivery_once")]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]


class AppointmentProposal(CitizenRecord):
    """A provider proposes a time to meet the citizen; the caseworker books it (or not) in Helhed."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        BOOKED = "booked", _("Booked")
        DECLINED = "declined", _("Declined")

    referral = models.ForeignKey("offers.Referral", on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    channel = models.CharField(_("where or how"), max_length=20)
    place = models.CharField(_("place"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PROPOSED)
    proposed_at = models.DateTimeField(default=timezone.now)
    handled_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)
    # The appointment the caseworker booked from it (set when one is booked at the proposed time).
    appointment = models.OneToOneField("contact.Appointment", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")

    class Meta:
        ordering = ["starts_at", "pk"]
