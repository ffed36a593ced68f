"""The webhook sender: sends the outbox's deliveries (`events.py`) to the subscribers, by the task
`deliver_webhooks` (tasks.py, every minute) or `manage.py deliver_webhooks --loop`.

Exactly once per subscriber and event, as the reminders (contact/services/reminders.py): a delivery is claimed with
a compare-and-set UPDATE that takes a lease, counts the attempt and sets a new claim token; the outcome is recorded
only by the run that still holds that token (a replay or an expired lease gives the delivery a new one). A sender killed after claiming leaves the lease to run
out, and the next run sends again. Every request carries the event's key as `webhook-id` (Standard Webhooks), which
the receiver must treat as an idempotency key: a receiver that stored an event and died before answering gets it
again, and must ignore the repeat.

In order: a subscriber gets its events in the order they happened. While a delivery waits for a retry, the later
ones to the same subscriber wait behind it (a receiver that is down gets one request per wait, not a flood); once
it is delivered, or given up after `API_WEBHOOK_ATTEMPTS`, the next goes. Replay sends the given-up ones again.

Signatures (Standard Webhooks): `webhook-signature` is "v1," and the base64 of HMAC-SHA256 over
"{webhook-id}.{webhook-timestamp}.{body}", keyed with the bytes of the subscription's secret ("whsec_" + base64).
"""

import base64
import datetime
import hashlib
import hmac
import json
import random
import time
import uuid
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from helhed.api.models import Delivery

USER_AGENT = "Helhed-Webhooks/1"


def lease() -> datetime.timedelta:
    """How long a claimed delivery is held: longer than one request may take."""
    return datetime.timedelta(seconds=settings.API_WEBHOOK_TIMEOUT_SECONDS + 30)


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`th failed attempt: the first wait, doubled each time, and up to 10 % more."""
    seconds = settings.API_WEBHOOK_FIRST_WAIT_SECONDS * 2 ** max(0, attempts - 1)
    return datetime.timedelta(seconds=seconds * (1 + random.uniform(0, 0.1)))


# --- The message -----------------------------------------------------------------------------------------------------

NO_LONGER_REACHED = "The client no longer reaches the citizen: not sent."


def body(delivery: Delivery) -> str | None:
    """The message for this subscriber, or None when its client no longer reaches the event's citizen."""
    from helhed.api.events import data_for, reach

    event, client = delivery.event, delivery.subscription.client
    reached = reach(client, [event.citizen_id])
    if event.citizen_id not in reached:
        return None
    return json.dumps({"id": str(event.key), "type": event.type, "timestamp": event.occurred_at.isoformat(),
                       "data": data_for(client, event, reached[event.citizen_id])}, separators=(",", ":"))


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix("whsec_"))


def sign(secret: str, msg_id: str, timestamp: int, content: str) -> str:
    digest = hmac.new(_key(secret), f"{msg_id}.{timestamp}.{content}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify(secret: str, headers, content: str) -> bool:
    """What a receiver does (the tests' receiver too): one of the signatures in the header matches."""
    expected = sign(secret, headers["webhook-id"], int(headers["webhook-timestamp"]), content)
    return any(hmac.compare_digest(expected, given) for given in headers["webhook-signature"].split())


def headers(delivery: Delivery, content: str, timestamp: int | None = None) -> dict:
    timestamp = int(time.time()) if timestamp is None else timestamp
    msg_id = str(delivery.event.key)
    return {"Content-Type": "application/json", "User-Agent": USER_AGENT, "webhook-id": msg_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(delivery.subscription.secret, msg_id, timestamp, content)}


def post(delivery: Delivery) -> str:
    """Send one delivery; returns "" when the receiver took it (2xx), else what went wrong."""
    from helhed.api.events import address_refused

    content = body(delivery)
    if content is None:
        return NO_LONGER_REACHED
    if address_refused(urlsplit(delivery.subscription.url).hostname or ""):
        return "The address is inside a network: not sent."
    try:
        response = requests.post(delivery.subscription.url, data=content.encode(), headers=headers(delivery, content),
                                 timeout=settings.API_WEBHOOK_TIMEOUT_SECONDS, allow_redirects=False)
    except requests.RequestException as error:
        return f"{type(error).__name__}: {error}"[:500] or "error"
    if 200 <= response.status_code < 300:
        return ""
    return f"HTTP {response.status_code}"


# --- Claiming and sending --------------------------------------------------------------------------------------------

def _free(now) -> Q:
    return Q(lease_until__isnull=True) | Q(lease_until__lt=now)


def due(now: datetime.datetime):
    """The deliveries to send now: waiting, their time come, not held by a run, and the first waiting one of their
    subscriber (see "In order" above)."""
    earlier = Delivery.objects.filter(subscription=OuterRef("subscription"), status=Delivery.Status.PENDING,
                                      event_id__lt=OuterRef("event_id"))
    return (Delivery.objects.filter(_free(now), status=Delivery.Status.PENDING, next_attempt_at__lte=now,
                                    subscription__client__active=True)
            .exclude(Exists(earlier)))


def _claim(pk: int, now: datetime.datetime) -> uuid.UUID | None:
    token = uuid.uuid4()
    claimed = (Delivery.objects.filter(_free(now), pk=pk, status=Delivery.Status.PENDING, next_attempt_at__lte=now)
               .update(lease_until=timezone.now() + lease(), attempts=F("attempts") + 1, claim=token))
    return token if claimed else None


def _finish(delivery: Delivery, **changes) -> bool:
    """Record the outcome only if this run still holds the delivery (its claim token is still the delivery's)."""
    return bool(Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.PENDING, claim=delivery.claim)
                .update(lease_until=None, **changes))


def send_one(pk: int) -> str | None:
    """Claim and send one delivery; returns "delivered", "retry" or "failed", or None if another run has it."""
    if _claim(pk, timezone.now()) is None:
        return None
    delivery = Delivery.objects.select_related("event", "subscription__client").get(pk=pk)
    error = post(delivery)
    now = timezone.now()
    if not error:
        _finish(delivery, status=Delivery.Status.DELIVERED, delivered_at=now, last_error="")
        return "delivered"
    failed = delivery.attempts >= settings.API_WEBHOOK_ATTEMPTS or error == NO_LONGER_REACHED
    _finish(delivery, status=Delivery.Status.FAILED if failed else Delivery.Status.PENDING,
            next_attempt_at=now + backoff(delivery.attempts), last_error=error)
    return "failed" if failed else "retry"


def send_due(limit: int = 500) -> dict[str, int]:
    """Send what is due, subscriber by subscriber in event order, up to `limit` requests. Safe to run in several
    processes at once and after one was killed."""
    counts = {"delivered": 0, "retry": 0, "failed": 0}
    sent = 0
    while sent < limit:
        pks = list(due(timezone.now()).order_by("event_id").values_list("pk", flat=True)[:limit - sent])
        progressed = False
        for pk in pks:
            outcome = send_one(pk)
            if outcome is not None:
                counts[outcome] += 1
                sent += 1
                progressed = True
        if not progressed:
            break
    return counts
