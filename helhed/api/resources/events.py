"""Events (hændelser): the client's webhook subscription, the feed of the events sent (or due) to it, and replay.

An event tells that something happened to one of the client's citizens (a referral sent, an appointment booked or
moved, an absence, a plan signed) with ids only; the client reads the resource through the API. Webhooks are signed
as Standard Webhooks asks (`webhook-id`, `webhook-timestamp`, `webhook-signature`); `webhook-id` is the event's key
and the same on every repeat and replay, so the receiver must ignore an id it has seen."""

import datetime
from typing import Literal

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from helhed.api import events as services
from helhed.api.auth import scope
from helhed.api.conventions import REQUEST_ID_PARAM, once, page, page_response
from helhed.api.models import Delivery, Event, Subscription
from helhed.api.problems import ApiProblem
from helhed.api.resources.common import Page

# Seconds before an event shows in the feed: longer than any transaction that writes one.
SETTLE = 30
router = Router(tags=["hændelser"])
EventType = Literal["henvisning.sendt", "aftale.booket", "aftale.flyttet", "fravaer.registreret", "plan.underskrevet"]


class SubscriptionIn(Schema):
    url: str = Field(..., max_length=500, description="https://; http only to localhost in development")
    types: list[EventType] = Field(default_factory=list, max_length=10, description="None: every type")


class SubscriptionOut(Schema):
    url: str
    types: list[EventType]
    created_at: datetime.datetime
    secret: str | None = Field(None, description="The signing secret, given once: when the subscription is made")


class EventOut(Schema):
    id: str = Field(..., description="The event's key: the webhook-id of its webhook")
    type: EventType
    timestamp: datetime.datetime
    data: dict[str, int | list[int]]
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    delivered_at: datetime.datetime | None


class EventPage(Page):
    items: list[EventOut]


class ReplayIn(Schema):
    fra: str = Field(..., min_length=1, max_length=64, description="An event's key (webhook-id), or a time (ISO 8601)")


class ReplayOut(Schema):
    count: int


def subscription_out(subscription: Subscription, *, secret: bool = False) -> dict:
    return {"url": subscription.url, "types": subscription.types, "created_at": subscription.created_at,
            "secret": subscription.secret if secret else None}


def _subscription(request) -> Subscription:
    subscription = Subscription.objects.filter(client=request.api_client).first()
    if subscription is None:
        raise ApiProblem("not_found")
    return subscription


@router.put("/abonnement", response={200: SubscriptionOut, 201: SubscriptionOut}, auth=scope("haendelse.read"),
            summary="Subscribe to events by webhook, or change the subscription")
def put_subscription(request, body: SubscriptionIn, x_request_id: str = REQUEST_ID_PARAM):
    """Creates the subscription (201, with the signing secret: keep it, it is not shown again) or changes its
    address and types (200; the secret stays). From then on each event about one of the client's citizens is sent
    to the address, in order, and repeated with growing waits until the receiver answers 2xx."""
    subscription, created = once(request, services.subscribe, client=request.api_client, url=body.url,
                                 types=list(body.types))
    return Status(201 if created else 200, subscription_out(subscription, secret=created))


@router.get("/abonnement", response=SubscriptionOut, auth=scope("haendelse.read"), summary="The subscription")
def get_subscription(request):
    return subscription_out(_subscription(request))


@router.delete("/abonnement", response={204: None}, auth=scope("haendelse.read"), summary="End the subscription")
def delete_subscription(request, x_request_id: str = REQUEST_ID_PARAM):
    """Ends the subscription; the events not yet sent are not sent, and the feed is emptied."""
    _subscription(request)
    once(request, services.unsubscribe, client=request.api_client)
    return Status(204, None)


@router.get("/haendelser", response=EventPage, auth=scope("haendelse.read"), summary="The events sent or due")
def list_events(request, cursor: str | None = None, limit: int = 25):
    """The events of the subscription, oldest first, with how far each is delivered: the same events as the
    webhooks, for a client that would rather fetch them (or check that it has them all). An event shows here
    `SETTLE` seconds after it happened, so that a page read never passes over an event whose change was still being
    saved; events about a citizen the client no longer reaches are left out."""
    settled = timezone.now() - datetime.timedelta(seconds=SETTLE)
    deliveries = Delivery.objects.filter(subscription__client=request.api_client,
                                         event__occurred_at__lte=settled).select_related("event")
    rows, next_cursor = page(request, deliveries, cursor=cursor, limit=limit, key="event_id")
    reached = services.reach(request.api_client, {d.event.citizen_id for d in rows})
    return page_response([event_out(request.api_client, d, reached[d.event.citizen_id])
                          for d in rows if d.event.citizen_id in reached], next_cursor)


def event_out(client, delivery: Delivery, referral_ids: list[int]) -> dict:
    event: Event = delivery.event
    return {"id": str(event.key), "type": event.type, "timestamp": event.occurred_at,
            "data": services.data_for(client, event, referral_ids),
            "status": delivery.status, "attempts": delivery.attempts, "delivered_at": delivery.delivered_at}


@router.post("/haendelser/genafspil", response=ReplayOut, auth=scope("haendelse.read"),
             summary="Send the events again from an event or a time")
def replay_events(request, body: ReplayIn, x_request_id: str = REQUEST_ID_PARAM):
    """Sends the subscription's events again, from the event with the key `fra` (included) or from the time `fra`,
    in order. They keep their keys: a receiver ignores the ones it has."""
    subscription = _subscription(request)
    return {"count": once(request, services.replay, subscription=subscription, since=body.fra)}
