"""Events out: each domain change writes one event, with one delivery per subscriber that may reach the citizen; the
sender signs, retries with growing waits, keeps each subscriber's order, and replay sends again."""

import datetime
import uuid

import pytest
from django.utils import timezone

from helhed.api import events, webhooks
from helhed.api.models import Delivery, Event, Subscription
from helhed.api.tests.conftest import make_referral
from helhed.contact.models import Appointment
from helhed.contact.services.appointments import book_appointment, move_appointment, record_not_held
from helhed.offers import referrals
from helhed.offers.models import Referral
from helhed.plans import content as plan_content
from helhed.plans import services as plans

URL = "https://modtager.example/webhooks"


@pytest.fixture(autouse=True)
def _small_waits(settings):
    settings.API_WEBHOOK_FIRST_WAIT_SECONDS = 10
    settings.API_WEBHOOK_ATTEMPTS = 3
    settings.API_WEBHOOK_HTTP_LOCALHOST = False


def subscribe(client, types=()):
    subscription, _created = events.subscribe(client=client, url=URL, types=list(types))
    return subscription


@pytest.fixture
def subscribers(provider_client, kommune_client, other_provider):
    """The provider's, the kommune's, and another provider's subscription (its client reaches no citizen here)."""
    from helhed.api.clients import register_client
    from helhed.api.models import SCOPES_BY_TYPE, OrganisationType

    other, _secret = register_client(by=None, name="Kompas fagsystem", organisation=other_provider,
                                     organisation_type=OrganisationType.PROVIDER,
                                     scopes=list(SCOPES_BY_TYPE[OrganisationType.PROVIDER]))
    return {"provider": subscribe(provider_client), "kommune": subscribe(kommune_client), "other": subscribe(other)}


def delivered_to(event) -> set[str]:
    names = {"Brobyg fagsystem": "provider", "Kommunens ydelsessystem": "kommune", "Kompas fagsystem": "other"}
    return {names[d.subscription.client.name] for d in event.deliveries.select_related("subscription__client")}


def only_event(type_):
    [event] = Event.objects.filter(type=type_)
    return event


def test_a_referral_sent_is_one_event_for_the_provider_and_the_kommune_not_for_another_provider(
        subscribers, caseworker, citizen, provider):
    referral = make_referral(caseworker, citizen, provider)
    event = only_event(Event.Type.REFERRAL_SENT)
    assert event.payload == {"referral_id": referral.pk} and event.citizen_id == citizen.pk
    assert delivered_to(event) == {"provider", "kommune"}


def test_a_referral_to_another_provider_is_not_told_to_the_provider_who_has_the_citizen(
        subscribers, caseworker, citizen, provider, other_provider):
    make_referral(caseworker, citizen, provider)
    make_referral(caseworker, citizen, other_provider)
    first, second = Event.objects.filter(type=Event.Type.REFERRAL_SENT)
    assert delivered_to(first) == {"provider", "kommune"} and delivered_to(second) == {"other", "kommune"}


def test_an_appointment_booked_and_moved_are_one_event_each(subscribers, caseworker, citizen, referral):
    start = timezone.now() + datetime.timedelta(days=2)
    appointment = book_appointment(staff=caseworker, citizen=citizen, starts_at=start)
    booked = only_event(Event.Type.APPOINTMENT_BOOKED)
    assert booked.payload == {"appointment_id": appointment.pk}
    assert delivered_to(booked) == {"provider", "kommune"}
    new = move_appointment(staff=caseworker, appointment=appointment, starts_at=start + datetime.timedelta(days=1),
                           duration_minutes=30, channel="office", reason="Borgeren skal til lægen.")
    moved = only_event(Event.Type.APPOINTMENT_MOVED)
    assert moved.payload == {"appointment_id": new.pk, "moved_from_id": appointment.pk}
    assert delivered_to(moved) == {"provider", "kommune"}
    assert Event.objects.filter(type=Event.Type.APPOINTMENT_BOOKED).get() == booked  # the move is not a booking too


def test_an_absence_from_a_conversation_and_from_the_provider_are_events(subscribers, caseworker, citizen,
                                                                         provider):
    referral = make_referral(caseworker, citizen, provider, state=Referral.State.STARTED)
    appointment = book_appointment(staff=caseworker, citizen=citizen,
                                   starts_at=timezone.now() - datetime.timedelta(minutes=30))
    record_not_held(staff=caseworker, appointment=appointment, reason="citizen_absent", notice="none",
                    context="Ingen svar på telefon.")
    referrals.register_attendance(staff=caseworker, referral=referral, on=timezone.localdate(), present=False,
                                  reason="ill", context="Ringede om morgenen.")
    referrals.register_attendance(staff=caseworker, referral=referral,
                                  on=timezone.localdate() - datetime.timedelta(days=1), present=True)
    absence, attendance = Event.objects.filter(type=Event.Type.ABSENCE_RECORDED)
    assert absence.payload == {"absence_id": appointment.absence.pk, "appointment_id": appointment.pk}
    assert set(attendance.payload) == {"attendance_id", "referral_id"}
    assert delivered_to(absence) == delivered_to(attendance) == {"provider", "kommune"}


def test_a_plan_signed_is_an_event(subscribers, caseworker, citizen, referral):
    content = {**plan_content.empty(), "own_goal": "Et arbejde udenfor."}
    plans.save_plan(staff=caseworker, citizen=citizen, base_version=0, content=content, involvement="co_creation",
                    citizen_position="agrees")
    plans.sign(staff=caseworker, plan=citizen.plan, number=1, method="on_screen")
    event = only_event(Event.Type.PLAN_SIGNED)
    assert event.payload == {"plan_id": citizen.plan.pk, "version": 1}
    assert delivered_to(event) == {"provider", "kommune"}


def test_a_subscription_with_types_gets_only_those(provider_client, caseworker, citizen, provider):
    subscribe(provider_client, types=["plan.underskrevet"])
    make_referral(caseworker, citizen, provider)
    assert Event.objects.count() == 1 and not Delivery.objects.exists()


def test_an_event_that_is_rolled_back_is_never_sent(subscribers, caseworker, citizen, provider):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        make_referral(caseworker, citizen, provider)
        raise RuntimeError
    assert not Event.objects.exists() and not Delivery.objects.exists()


# --- The sender ------------------------------------------------------------------------------------------------------

class Receiver:
    """requests.post, answering with `statuses` in turn (an exception is raised), and remembering each request."""

    def __init__(self, monkeypatch, *statuses):
        self.statuses, self.requests = list(statuses), []
        monkeypatch.setattr(webhooks.requests, "post", self)

    def __call__(self, url, data, headers, timeout, allow_redirects):
        self.requests.append({"url": url, "body": data.decode(), "headers": headers, "timeout": timeout})
        status = self.statuses.pop(0) if self.statuses else 204
        if isinstance(status, Exception):
            raise status

        class Response:
            status_code = status

        return Response()


def test_a_webhook_is_signed_as_standard_webhooks_ask(monkeypatch, provider_client, caseworker, citizen, provider,
                                                      settings):
    subscription = subscribe(provider_client)
    assert subscription.secret.startswith("whsec_")
    referral = make_referral(caseworker, citizen, provider)
    receiver = Receiver(monkeypatch, 200)
    assert webhooks.send_due() == {"delivered": 1, "retry": 0, "failed": 0}
    [sent] = receiver.requests
    event = Event.objects.get()
    assert sent["url"] == URL and sent["timeout"] == settings.API_WEBHOOK_TIMEOUT_SECONDS
    assert sent["headers"]["webhook-id"] == str(event.key)
    assert abs(int(sent["headers"]["webhook-timestamp"]) - timezone.now().timestamp()) < 60
    assert sent["headers"]["webhook-signature"].startswith("v1,")
    assert webhooks.verify(subscription.secret, sent["headers"], sent["body"])
    assert not webhooks.verify(events.new_secret(), sent["headers"], sent["body"])
    assert not webhooks.verify(subscription.secret, sent["headers"], sent["body"].replace("}", " }"))
    assert '"data":{"referral_id":%d,"referral_ids":[%d]}' % (referral.pk, referral.pk) in sent["body"]
    assert citizen.cpr not in sent["body"]
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED
    assert webhooks.send_due() == {"delivered": 0, "retry": 0, "failed": 0}  # nothing twice


def test_a_failed_delivery_waits_longer_each_time_then_is_given_up(monkeypatch, provider_client, caseworker, citizen,
                                                                   provider):
    import requests

    subscribe(provider_client)
    make_referral(caseworker, citizen, provider)
    receiver = Receiver(monkeypatch, 500, requests.ConnectionError("refused"), requests.Timeout("slow"))
    waits = []
    for attempt in (1, 2, 3):
        before = timezone.now()
        counts = webhooks.send_due()
        delivery = Delivery.objects.get()
        assert delivery.attempts == attempt and delivery.lease_until is None
        waits.append((delivery.next_attempt_at - before).total_seconds())
        assert webhooks.send_due() == {"delivered": 0, "retry": 0, "failed": 0}  # not before its time
        Delivery.objects.update(next_attempt_at=timezone.now())
    assert counts == {"delivered": 0, "retry": 0, "failed": 1}
    assert delivery.status == Delivery.Status.FAILED and "Timeout" in delivery.last_error
    assert 10 <= waits[0] <= 12 and 20 <= waits[1] <= 23  # 10 s, then 20 s, each with up to 10 % jitter
    assert len(receiver.requests) == 3


def test_a_subscriber_gets_its_events_in_order_the_next_waits_for_a_retry(monkeypatch, provider_client,
                                                                          kommune_client, caseworker, citizen,
                                                                          provider):
    subscribe(provider_client)
    make_referral(caseworker, citizen, provider)
    book_appointment(staff=caseworker, citizen=citizen, starts_at=timezone.now() + datetime.timedelta(days=2))
    receiver = Receiver(monkeypatch, 503)
    assert webhooks.send_due() == {"delivered": 0, "retry": 1, "failed": 0}
    assert len(receiver.requests) == 1  # the appointment waits behind the referral
    Delivery.objects.update(next_attempt_at=timezone.now())
    assert webhooks.send_due() == {"delivered": 2, "retry": 0, "failed": 0}
    types = [r["body"].split('"type":"')[1].split('"')[0] for r in receiver.requests]
    assert types == ["henvisning.sendt", "henvisning.sendt", "aftale.booket"]


def test_a_delivery_held_by_a_killed_sender_is_sent_again_when_the_lease_runs_out(monkeypatch, provider_client,
                                                                                 caseworker, citizen, provider):
    subscribe(provider_client)
    make_referral(caseworker, citizen, provider)
    delivery = Delivery.objects.get()
    assert webhooks._claim(delivery.pk, timezone.now())  # a sender claimed it, then was killed
    receiver = Receiver(monkeypatch, 200)
    assert webhooks.send_due()["delivered"] == 0
    Delivery.objects.update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
    assert webhooks.send_due()["delivered"] == 1
    assert Delivery.objects.get().attempts == 2 and len(receiver.requests) == 1


# --- The resource ----------------------------------------------------------------------------------------------------

def test_a_client_subscribes_and_gets_the_secret_once(provider_api, provider_client):
    created = provider_api.put("/abonnement", {"url": URL, "types": ["henvisning.sendt"]})
    assert created.status_code == 201, created.content
    secret = created.json()["secret"]
    assert secret.startswith("whsec_") and Subscription.objects.get(client=provider_client).secret == secret
    changed = provider_api.put("/abonnement", {"url": URL + "/v2", "types": []})
    assert changed.status_code == 200 and changed.json()["secret"] is None
    read = provider_api.get("/abonnement").json()
    assert read == {**changed.json(), "url": URL + "/v2", "types": [], "secret": None}
    assert Subscription.objects.get(client=provider_client).secret == secret  # kept


@pytest.mark.parametrize("url", ["http://modtager.example/webhooks", "http://localhost:8000/hook", "ftp://x.dk/",
                                 "ikke en adresse", "https://bruger:kode@modtager.example/"])
def test_a_webhook_address_must_be_https(provider_api, url):
    response = provider_api.put("/abonnement", {"url": url})
    assert response.status_code == 422 and "url" in response.json()["errors"]
    assert not Subscription.objects.exists()


def test_http_to_this_machine_is_allowed_in_development(provider_api, settings):
    settings.API_WEBHOOK_HTTP_LOCALHOST = True
    assert provider_api.put("/abonnement", {"url": "http://127.0.0.1:9000/hook"}).status_code == 201
    assert provider_api.put("/abonnement", {"url": "http://modtager.example/hook"}).status_code == 422


def test_a_client_ends_its_subscription(provider_api):
    assert provider_api.get("/abonnement").status_code == 404
    provider_api.put("/abonnement", {"url": URL})
    response = provider_api.client.delete("/api/v1/abonnement", headers=provider_api.headers(request_id="d-1"))
    assert response.status_code == 204 and not Subscription.objects.exists()
    again = provider_api.client.delete("/api/v1/abonnement", headers=provider_api.headers(request_id="d-2"))
    assert again.status_code == 404


def test_the_feed_pages_the_clients_own_events(provider_api, provider_client, caseworker, citizen, provider,
                                               other_referral):
    provider_api.put("/abonnement", {"url": URL})
    make_referral(caseworker, citizen, provider)
    book_appointment(staff=caseworker, citizen=citizen, starts_at=timezone.now() + datetime.timedelta(days=2))
    book_appointment(staff=caseworker, citizen=other_referral.citizen,
                     starts_at=timezone.now() + datetime.timedelta(days=3))  # not the provider's citizen
    assert provider_api.get("/haendelser").json()["items"] == []  # not settled yet: a write may still be saving
    Event.objects.update(occurred_at=timezone.now() - datetime.timedelta(seconds=31))
    first = provider_api.get("/haendelser", limit=1).json()
    assert [e["type"] for e in first["items"]] == ["henvisning.sendt"] and first["next_cursor"]
    second = provider_api.get("/haendelser", limit=1, cursor=first["next_cursor"]).json()
    assert [e["type"] for e in second["items"]] == ["aftale.booket"] and second["next_cursor"] is None
    assert second["items"][0]["status"] == "pending"
    referral_ids = list(Referral.objects.filter(citizen=citizen).values_list("pk", flat=True))
    assert second["items"][0]["data"] == {"appointment_id": Appointment.objects.get(citizen=citizen).pk,
                                          "referral_ids": referral_ids}


def test_replay_sends_the_events_again_with_the_same_keys(monkeypatch, provider_api, provider_client, caseworker,
                                                          citizen, provider):
    provider_api.put("/abonnement", {"url": URL})
    make_referral(caseworker, citizen, provider)
    book_appointment(staff=caseworker, citizen=citizen, starts_at=timezone.now() + datetime.timedelta(days=2))
    receiver = Receiver(monkeypatch)
    assert webhooks.send_due()["delivered"] == 2
    first, second = Event.objects.order_by("pk")
    response = provider_api.post("/haendelser/genafspil", {"fra": str(second.key)})
    assert response.status_code == 200 and response.json() == {"count": 1}
    assert webhooks.send_due()["delivered"] == 1
    assert [r["headers"]["webhook-id"] for r in receiver.requests] == [str(first.key), str(second.key),
                                                                       str(second.key)]
    since = (first.occurred_at - datetime.timedelta(seconds=1)).isoformat()
    assert provider_api.post("/haendelser/genafspil", {"fra": since}).json() == {"count": 2}
    assert webhooks.send_due()["delivered"] == 2
    for wrong in ("i går", "2026-13-01T08:00", "0001-01-01T00:00:00+14:00", str(uuid.uuid4())):
        refused = provider_api.post("/haendelser/genafspil", {"fra": wrong})
        assert refused.status_code == 422 and "fra" in refused.json()["errors"], wrong


def test_the_sender_runs_every_minute_and_as_a_command(monkeypatch, provider_client, caseworker, citizen, provider):
    import io

    from django.core.management import call_command

    from helhed.api.tasks import deliver_webhooks
    from helhed.core.schedule import periodic_tasks

    assert any(p.task.module_path == deliver_webhooks.module_path and p.every_minutes == 1 for p in periodic_tasks())
    subscribe(provider_client)
    make_referral(caseworker, citizen, provider)
    receiver = Receiver(monkeypatch)
    out = io.StringIO()
    call_command("deliver_webhooks", "--once", stdout=out)
    assert "delivered 1" in out.getvalue() and len(receiver.requests) == 1
    assert deliver_webhooks.call() == {"delivered": 0, "retry": 0, "failed": 0}
