"""The outbox of domain events: each event is written in the transaction of the change it tells about, with one
`Delivery` per subscriber that may reach the citizen, so no change is told without its event and no event is told
about a change that was rolled back. `webhooks.py` sends the deliveries.

Receivers of the domain apps' signals (connected by importing this module from `extensions.py`):
- a referral moved to sent (`offers.ReferralEvent` to "sent"): henvisning.sendt {"referral_id"}
- an appointment booked (`contact.Appointment` created booked): aftale.booket {"appointment_id"}
- an appointment moved (the old one gets `moved_to`): aftale.flyttet {"appointment_id", "moved_from_id"}; a move
  makes a new appointment first, whose "booked" event the move replaces
- an absence (`contact.Absence` created): fravaer.registreret {"absence_id", "appointment_id"}; a day a referred
  citizen did not come (`offers.Attendance` created with present=False): fravaer.registreret
  {"attendance_id", "referral_id"}
- a plan signed (`plans.PlanSignature` created): plan.underskrevet {"plan_id", "version"}

The payload holds ids only: a receiver reads the resource through the API, which checks need-to-know and logs the
read. Who gets an event: a provider's client while the citizen has a referral to its organisation that is sent or
running (`extensions.PROVIDER_STATES`) and, for "referral sent", only the provider the referral is sent to; the
kommune's own system while the citizen has an open case. A subscription with types gets only those.
"""

import base64
import datetime
import ipaddress
import secrets
import socket
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from helhed.api.models import ApiClient, Delivery, Event, OrganisationType, Subscription
from helhed.citizens.models import Case
from helhed.contact.models import Absence, Appointment
from helhed.offers.models import Attendance, Referral, ReferralEvent
from helhed.plans.models import PlanSignature

Type = Event.Type
SCOPE = "haendelse.read"


# --- Writing events --------------------------------------------------------------------------------------------------

def record(*, type: str, citizen_id: int, municipality_id: int, payload: dict, only_provider_id: int | None = None):
    """Write the event and one delivery per subscriber that may reach the citizen (see the module docstring)."""
    event = Event.objects.create(municipality_id=municipality_id, type=type, citizen_id=citizen_id, payload=payload)
    subscriptions = [s for s in _subscriptions(municipality_id) if not s.types or type in s.types]
    if not subscriptions:
        return event
    from helhed.api.extensions import PROVIDER_STATES  # extensions imports this module

    if only_provider_id is not None:
        providers = {only_provider_id}
    else:
        providers = set(Referral.objects.filter(citizen_id=citizen_id, state__in=PROVIDER_STATES)
                        .values_list("provider_id", flat=True))
    open_case = Case.objects.filter(citizen_id=citizen_id, status=Case.Status.OPEN).exists()
    Delivery.objects.bulk_create([
        Delivery(municipality_id=municipality_id, subscription=s, event=event, next_attempt_at=event.occurred_at)
        for s in subscriptions
        if (s.client.organisation_type == OrganisationType.PROVIDER and s.client.organisation_id in providers)
        or (s.client.organisation_type == OrganisationType.KOMMUNE and open_case)
    ])
    return event


def reach(client: ApiClient, citizen_ids) -> dict[int, list[int]]:
    """The citizens among `citizen_ids` the client still reaches, each with the ids of its organisation's referrals
    of them (for a provider; to read the resources an event is about) or [] (the kommune's system: an open case).
    Read when an event is sent and listed, not only when it was written: a citizen no longer referred to the
    provider is no longer told about."""
    from helhed.api.extensions import PROVIDER_STATES  # extensions imports this module

    if client.organisation_type == OrganisationType.PROVIDER:
        found: dict[int, list[int]] = {}
        for citizen_id, referral_id in (Referral.objects.filter(
                citizen_id__in=citizen_ids, provider_id=client.organisation_id, state__in=PROVIDER_STATES)
                .order_by("pk").values_list("citizen_id", "pk")):
            found.setdefault(citizen_id, []).append(referral_id)
        return found
    return {citizen_id: [] for citizen_id in Case.objects.filter(
        citizen_id__in=citizen_ids, status=Case.Status.OPEN).values_list("citizen_id", flat=True)}


def data_for(client: ApiClient, event: Event, referral_ids: list[int]) -> dict:
    """The event's data as this client gets it: for a provider, its referrals of the citizen beside the ids."""
    if client.organisation_type == OrganisationType.PROVIDER:
        return {**event.payload, "referral_ids": referral_ids}
    return dict(event.payload)


def _subscriptions(municipality_id: int) -> list[Subscription]:
    return [s for s in Subscription.objects.select_related("client").filter(
        client__municipality_id=municipality_id, client__active=True) if SCOPE in s.client.scopes]


def _new(created: bool, raw: bool) -> bool:
    return created and not raw  # `raw`: loaddata, not a change


@receiver(post_save, sender=ReferralEvent, dispatch_uid="api.events.referral_sent")
def _referral_sent(sender, instance, created, raw=False, **kwargs):
    if _new(created, raw) and instance.to_state == Referral.State.SENT and instance.from_state != Referral.State.SENT:
        referral = Referral.objects.only("provider_id").get(pk=instance.referral_id)
        record(type=Type.REFERRAL_SENT, citizen_id=instance.citizen_id, municipality_id=instance.municipality_id,
               payload={"referral_id": instance.referral_id}, only_provider_id=referral.provider_id)


@receiver(post_save, sender=Appointment, dispatch_uid="api.events.appointment")
def _appointment(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if created:
        if instance.status == Appointment.Status.BOOKED and not instance.registered_afterwards:
            record(type=Type.APPOINTMENT_BOOKED, citizen_id=instance.citizen_id,
                   municipality_id=instance.municipality_id, payload={"appointment_id": instance.pk})
        return
    if not instance.moved_to_id or (update_fields is not None and "moved_to" not in update_fields):
        return
    if Event.objects.filter(type=Type.APPOINTMENT_MOVED, payload__moved_from_id=instance.pk).exists():
        return
    # The move booked the new appointment a moment ago, in this transaction: its "booked" event was never sent.
    Event.objects.filter(type=Type.APPOINTMENT_BOOKED, citizen_id=instance.citizen_id,
                         payload__appointment_id=instance.moved_to_id).exclude(deliveries__attempts__gt=0).delete()
    record(type=Type.APPOINTMENT_MOVED, citizen_id=instance.citizen_id, municipality_id=instance.municipality_id,
           payload={"appointment_id": instance.moved_to_id, "moved_from_id": instance.pk})


@receiver(post_save, sender=Absence, dispatch_uid="api.events.absence")
def _absence(sender, instance, created, raw=False, **kwargs):
    if _new(created, raw):
        record(type=Type.ABSENCE_RECORDED, citizen_id=instance.citizen_id, municipality_id=instance.municipality_id,
               payload={"absence_id": instance.pk, "appointment_id": instance.appointment_id})


@receiver(post_save, sender=Attendance, dispatch_uid="api.events.attendance")
def _attendance(sender, instance, created, raw=False, **kwargs):
    if _new(created, raw) and not instance.present:
        record(type=Type.ABSENCE_RECORDED, citizen_id=instance.citizen_id, municipality_id=instance.municipality_id,
               payload={"attendance_id": instance.pk, "referral_id": instance.referral_id})


@receiver(post_save, sender=PlanSignature, dispatch_uid="api.events.plan_signed")
def _plan_signed(sender, instance, created, raw=False, **kwargs):
    if _new(created, raw):
        version = instance.version
        plan = version.plan
        record(type=Type.PLAN_SIGNED, citizen_id=plan.citizen_id, municipality_id=instance.municipality_id,
               payload={"plan_id": plan.pk, "version": version.number})


# --- Subscriptions and replay (the services of resources/events.py) ------------------------------------------------

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def new_secret() -> str:
    """A Standard Webhooks secret: "whsec_" and the base64 of the key's bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def _local_allowed() -> bool:
    return bool(settings.DEBUG or getattr(settings, "API_WEBHOOK_HTTP_LOCALHOST", False))


def address_refused(host: str) -> bool:
    """Whether a webhook may not go to `host`: it is, or resolves to, an address inside a network (private, loopback,
    link-local such as the cloud metadata address, reserved, multicast) — a client must not make Helhed's server
    reach what only it can reach. This machine is allowed in development and tests. A name that does not resolve now
    is not refused here; the sender checks again before every request (webhooks.post)."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)}
    except (socket.gaierror, UnicodeError, ValueError):
        return False
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if ip.is_loopback and _local_allowed():
            continue
        if not ip.is_global or ip.is_multicast:
            return True
    return False


def check_url(url: str) -> str:
    """https to an address on the internet, or http/https to this machine in development and tests
    (`API_WEBHOOK_HTTP_LOCALHOST`)."""
    url = (url or "").strip()
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError:
        raise ValidationError({"url": _("Give the full address of the webhook, starting with https://.")})
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.username or parts.password:
        raise ValidationError({"url": _("The webhook address may not hold a user name or password.")})
    local = host in LOCAL_HOSTS or _loopback(host)
    if (local and not _local_allowed()) or (not local and address_refused(host)):
        raise ValidationError({"url": _("The webhook address must be on the internet, not inside a network.")})
    if parts.scheme == "https" or local:
        return url
    raise ValidationError({"url": _("The webhook address must start with https://.")})


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@transaction.atomic
def subscribe(*, client: ApiClient, url: str, types: list[str]) -> tuple[Subscription, bool]:
    """Create or replace the client's subscription; returns it and whether it was created (the secret is shown
    then only). Replacing keeps the secret and the deliveries that wait."""
    url = check_url(url)
    types = sorted(set(types))
    unknown = [t for t in types if t not in Type.values]
    if unknown:
        raise ValidationError({"types": _("Unknown event type: %(type)s.") % {"type": unknown[0]}})
    subscription = Subscription.objects.select_for_update().filter(client=client).first()
    if subscription is None:
        return Subscription.objects.create(client=client, url=url, types=types, secret=new_secret()), True
    subscription.url, subscription.types = url, types
    subscription.save(update_fields=["url", "types"])
    return subscription, False


def unsubscribe(*, client: ApiClient) -> None:
    deleted, _rows = Subscription.objects.filter(client=client).delete()
    if not deleted:
        raise ValidationError({"__all__": _("The client has no subscription.")})


def replay(*, subscription: Subscription, since: str) -> int:
    """Set the subscriber's deliveries from `since` (an event's key, or a time) back to waiting, from the oldest;
    the events keep their keys, so a receiver that got one before sees a repeat it already has. A delivery being
    sent at the moment is sent again once its lease runs out. Returns how many will be sent."""
    deliveries = Delivery.objects.filter(subscription=subscription)
    since = (since or "").strip()
    try:
        key = uuid.UUID(since)
    except ValueError:
        key = None
    if key is not None:
        first = deliveries.filter(event__key=key).values_list("event_id", flat=True).first()
        if first is None:
            raise ValidationError({"fra": _("No event with that key was sent to this client.")})
        deliveries = deliveries.filter(event_id__gte=first)
    else:
        at = _time(since)
        deliveries = deliveries.filter(event__occurred_at__gte=at)
    return deliveries.update(status=Delivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now(),
                             delivered_at=None, last_error="", claim=None)


def _time(text: str) -> datetime.datetime:
    try:
        at = parse_datetime(text)
        if at is not None:
            at = (timezone.make_aware(at) if timezone.is_naive(at) else at).astimezone(datetime.timezone.utc)
    except (ValueError, OverflowError):
        at = None
    if at is None:
        raise ValidationError({"fra": _("Give an event's key (webhook-id) or a time such as 2026-03-01T08:00:00+01:00.")})
    return at
