"""A provider's system proposes a meeting through the API; the caseworker finds it from the start page, books it
with the normal booking (day, time and way of meeting filled in) and the provider's system sees it booked. Counts
the caseworker's interactions from the start page."""

import datetime

import pytest
import requests
from django.utils import timezone
from playwright.sync_api import expect

from helhed.api.models import AppointmentProposal
from helhed.api.tests.conftest import make_referral, token_for
from helhed.conftest import PASSWORD
from helhed.contact.models import Appointment
from helhed.offers.models import Referral
from helhed.tests.browser import assert_accessible, assert_controls_visible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_caseworker_books_a_providers_proposal_in_three_interactions_from_the_start_page(
        page, live_server, caseworker, citizen, provider, provider_client):
    make_referral(caseworker, citizen, provider, state=Referral.State.STARTED)
    api = {"Authorization": f"Bearer {token_for(provider_client)}"}
    starts = timezone.localtime().replace(hour=13, minute=30, second=0, microsecond=0) + datetime.timedelta(days=4)
    proposed = requests.post(f"{live_server.url}/api/v1/aftaler/forslag", headers={**api, "x-requestId": "p-1"}, json={
        "referral_id": Referral.objects.get().pk, "starts_at": starts.isoformat(),
        "ends_at": (starts + datetime.timedelta(hours=1)).isoformat(), "channel": "home_visit",
        "place": "Hjemme hos Søren", "purpose": "Søren vil gerne tale om praktikken med sin mentor og jer."})
    assert proposed.status_code == 201, proposed.text

    log_in(page, live_server, "anne", PASSWORD)  # lands on the start page
    clicks = 0
    page.get_by_role("link", name="Det skal ske").first.click()
    clicks += 1
    section = page.locator("#worklist-api_proposals").locator("xpath=..")
    expect(section).to_contain_text(provider.name)
    assert_accessible(page)
    screenshot(page, "da-96-det-skal-ske-aftaleforslag")
    section.get_by_role("link", name=citizen.full_name).click()
    clicks += 1
    expect(page.locator("#api-proposals")).to_be_visible()
    assert_accessible(page)
    assert_controls_visible(page)
    screenshot(page, "da-96-sagen-aftaleforslag")
    page.get_by_role("link", name="Book den").click()
    clicks += 1
    expect(page.get_by_label("Dato")).to_have_value(starts.date().isoformat())
    expect(page.get_by_label("Klokkeslæt")).to_have_value("13:30")
    expect(page.get_by_label("Hvor eller hvordan")).to_have_value("home_visit")
    screenshot(page, "da-96-book-aftaleforslag")
    page.get_by_role("button", name="Book", exact=True).click()
    clicks += 1
    expect(page.get_by_text("Aftalen er booket")).to_be_visible()
    expect(page.locator("#api-proposals")).to_have_count(0)

    proposal = AppointmentProposal.objects.get()
    assert proposal.state == "booked" and proposal.appointment == Appointment.objects.get(citizen=citizen)
    seen = requests.get(f"{live_server.url}/api/v1/aftaler", headers=api).json()["items"]
    assert [a["proposed_by_organisation"] for a in seen] == [True]
    print(f"\nINTERACTIONS caseworker books a provider's proposal from the start page: {clicks}")
    assert clicks <= 4
