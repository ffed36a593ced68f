"""What a review of the API found, each kept fixed: webhooks never reach inside a network, events stop when the
citizen is no longer the client's, every error under /api/v1/ is a problem, a write that collides is a conflict,
the service account is nobody's colleague, and a replay fences off a send in flight."""

import datetime
import uuid

import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError
from django.test import RequestFactory
from django.utils import timezone

from helhed.api import conventions, events, webhooks
from helhed.api.models import ApiRequest, Delivery, Subscription
from helhed.api.problems import ApiProblem
from helhed.api.resources import referrals as referral_resource
from helhed.api.tests.conftest import make_referral
from helhed.conftest import PASSWORD
from helhed.coordination.forms import TeamMemberForm
from helhed.offers import referrals
from helhed.offers.models import Referral


@pytest.fixture
def production_webhooks(settings):
    settings.DEBUG = False
    settings.API_WEBHOOK_HTTP_LOCALHOST = False


@pytest.mark.parametrize("url", ["https://169.254.169.254/latest/meta-data", "https://10.0.0.1/hook",
                                 "https://127.0.0.1:8000/hook", "https://localhost/hook", "https://[::1]/hook",
                                 "http://localhost/hook"])
def test_a_webhook_address_inside_a_network_is_refused(production_webhooks, provider_api, url):
    response = provider_api.put("/abonnement", {"url": url})
    assert response.status_code == 422, response.content
    assert "url" in response.json()["errors"]
    assert not Subscription.objects.exists()


def test_the_sender_does_not_post_to_an_address_inside_a_network(production_webhooks, monkeypatch, provider_client,
                                                                 caseworker, citizen, provider):
    Subscription.objects.create(client=provider_client, url="https://10.1.2.3/hook", secret=events.new_secret())
    make_referral(caseworker, citizen, provider)
    posted = []
    monkeypatch.setattr(webhooks.requests, "post", lambda *a, **k: posted.append(a))
    webhooks.send_due()
    assert posted == [] and "inside a network" in Delivery.objects.get().last_error


def test_events_about_a_citizen_no_longer_referred_are_not_sent(monkeypatch, provider_api, caseworker, citizen,
                                                                provider):
    provider_api.put("/abonnement", {"url": "https://modtager.example/hook"})
    referral = make_referral(caseworker, citizen, provider)
    referrals.move_referral(staff=caseworker, referral=referral, to_state=Referral.State.REJECTED, note="Fuldt.")
    posted = []
    monkeypatch.setattr(webhooks.requests, "post", lambda *a, **k: posted.append(a))
    assert webhooks.send_due()["failed"] == 1
    assert posted == [] and Delivery.objects.get().status == Delivery.Status.FAILED


def test_a_replay_while_a_send_is_in_flight_fences_off_that_send(provider_client, caseworker, citizen, provider):
    subscription = Subscription.objects.create(client=provider_client, url="https://modtager.example/hook",
                                               secret=events.new_secret())
    make_referral(caseworker, citizen, provider)
    delivery = Delivery.objects.get()
    assert webhooks._claim(delivery.pk, timezone.now()) is not None
    in_flight = Delivery.objects.get(pk=delivery.pk)
    events.replay(subscription=subscription, since=str(in_flight.event.key))
    assert not webhooks._finish(in_flight, status=Delivery.Status.DELIVERED)  # the old send's outcome is dropped
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.PENDING


def test_every_error_under_the_api_is_a_problem_in_danish_or_english(provider_api, referral, monkeypatch):
    unknown = provider_api.get("/findes-ikke")
    assert unknown.status_code == 404 and unknown["Content-Type"] == "application/problem+json"
    assert unknown.json()["title"] == "Ikke fundet"
    wrong_method = provider_api.client.delete("/api/v1/henvisninger", headers=provider_api.headers())
    assert wrong_method.status_code == 405 and wrong_method["Content-Type"] == "application/problem+json"
    not_json = provider_api.client.post(f"/api/v1/henvisninger/{referral.pk}/status", "{ikke json",
                                        content_type="application/json",
                                        headers=provider_api.headers(request_id="x-1"))
    assert not_json.status_code == 400 and not_json.json()["detail"] == "Forespørgslen er ikke gyldig"
    missing = provider_api.post(f"/henvisninger/{referral.pk}/status", {})
    assert missing.json()["errors"]["state"] == ["Dette er påkrævet."]
    english = provider_api.post(f"/henvisninger/{referral.pk}/status", {}, language="en")
    assert english.json()["errors"]["state"] == ["This is required."]

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(referral_resource, "referral_out", broken)
    error = provider_api.get(f"/henvisninger/{referral.pk}")
    assert error.status_code == 500 and error["Content-Type"] == "application/problem+json"
    assert error.json()["code"] == "server_error" and "a bug" not in error.content.decode()


def test_a_write_that_collides_with_another_is_a_conflict_and_keeps_the_request_id_free(provider_client):
    request = RequestFactory().post("/api/v1/henvisninger/1/fremmoede", HTTP_X_REQUESTID="r-collide")
    request.api_client = provider_client

    def collides():
        raise IntegrityError("offers_attendance_once_a_day")

    with pytest.raises(ApiProblem) as refused:
        conventions.once(request, collides)
    assert refused.value.code == "conflict" and refused.value.status == 409
    assert not ApiRequest.objects.exists()
    assert conventions.once(request, lambda: "saved") == "saved"


def test_the_service_account_is_nobodys_colleague_and_cannot_sign_in(client, provider_client, municipality,
                                                                     caseworker):
    account = provider_client.staff
    assert account not in TeamMemberForm(municipality=municipality).fields["member"].queryset
    assert caseworker in TeamMemberForm(municipality=municipality).fields["member"].queryset
    assert authenticate(RequestFactory().post("/login/"), username=account.user.username, password=PASSWORD) is None
    assert not account.user.is_active and not account.user.has_usable_password()


@pytest.mark.parametrize("value, status", [("*", 428), ('W/"plan-1"', 412)])
def test_if_match_compares_strongly_and_star_is_no_version(provider_api, caseworker, citizen, provider, value, status):
    from helhed.plans import services as plans

    running = make_referral(caseworker, citizen, provider, state=Referral.State.STARTED)
    plans.save_plan(staff=caseworker, citizen=citizen, base_version=0, involvement="co_creation",
                    citizen_position="agrees", content={"own_goal": "Arbejde.", "sections": {}, "steps": []})
    response = provider_api.client.put(
        f"/api/v1/henvisninger/{running.pk}/plan/leverandoerdel",
        {"mentor_section": "Hej", "involvement": "co_creation", "citizen_position": "agrees"},
        content_type="application/json", headers=provider_api.headers(request_id=uuid.uuid4().hex, if_match=value))
    assert response.status_code == status, response.content


def test_the_event_feed_waits_until_an_event_has_settled(provider_api, caseworker, citizen, provider):
    provider_api.put("/abonnement", {"url": "https://modtager.example/hook"})
    make_referral(caseworker, citizen, provider)
    assert provider_api.get("/haendelser").json()["items"] == []
    Delivery.objects.update()  # nothing else changes: only time passes
    from helhed.api.models import Event

    Event.objects.update(occurred_at=timezone.now() - datetime.timedelta(minutes=1))
    assert [e["type"] for e in provider_api.get("/haendelser").json()["items"]] == ["henvisning.sendt"]
