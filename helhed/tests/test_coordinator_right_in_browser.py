"""The caseworker records, in two clicks on the overview, that the right to a coordinating caseworker was offered
and what the citizen answered; the section stays accessible."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from helhed.coordination.models import CoordinatorOffer
from helhed.core.models import Role
from helhed.tests.browser import assert_accessible, assert_controls_visible, log_in, screenshot
from helhed.tests.world import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_caseworker_records_the_offer_and_the_answer_in_two_clicks(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    log_in(page, live_server, Role.CASEWORKER, PASSWORD)
    page.get_by_role("button", name="English").first.click()
    page.goto(f"{live_server.url}{reverse('casefile:overview', args=[world.own.pk])}")
    section = page.locator("#section-coordinator")
    expect(section.get_by_text("Søren has the right to a coordinating caseworker (LAB § 36).")).to_be_visible()
    expect(section.get_by_text("coordinating caseworker since")).to_be_visible()  # the world's coordinator
    section.get_by_role("button", name="Record that the offer was made").click()
    expect(page.get_by_text("Recorded: Søren was offered a coordinating caseworker today.")).to_be_visible()
    assert_accessible(page)
    assert_controls_visible(page)
    screenshot(page, "en-coordinator-offered")
    page.locator("#section-coordinator").get_by_role("button", name="Søren accepted").click()
    expect(page.get_by_text("Recorded: Søren accepted a coordinating caseworker today.")).to_be_visible()
    expect(page.locator("#section-coordinator").get_by_text("Søren accepted on")).to_be_visible()
    assert CoordinatorOffer.objects.get(citizen=world.own).answer == "accepted"
    assert_accessible(page)
