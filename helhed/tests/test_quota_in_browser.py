"""In the browser: the caseworker records a 25 % decision on the overview and ends it again, the team leader reads
the 75 % figures, and the worklist opens on today's appointments; every page passes axe."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from helhed.conftest import PASSWORD
from helhed.contact.models import Appointment, QuotaDecision
from helhed.core.models import Role
from helhed.tests.browser import assert_accessible, assert_controls_visible, log_in, open_menu_item, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _english(page, live_server, username):
    log_in(page, live_server, username, PASSWORD)
    page.get_by_role("button", name="English").first.click()


def test_the_caseworker_records_and_ends_a_decision_on_the_overview(page, live_server, caseworker, make_citizen):
    citizen = make_citizen(caseworker, group="2", since=datetime.date(2026, 9, 1))
    _english(page, live_server, "anne")
    page.goto(f"{live_server.url}{reverse('casefile:overview', args=[citizen.pk])}")
    section = page.locator("#section-quota")
    expect(section.get_by_role("heading", name="Exempted from the 75 %?")).to_be_visible()
    assert_accessible(page)
    assert_controls_visible(page)
    section.get_by_label("Why can the citizen find a job on their own?").fill("Udlært tømrer; mange ledige job.")
    section.get_by_role("button", name="Record the decision").click()
    section = page.locator("#section-quota")
    expect(section.get_by_text("Udlært tømrer; mange ledige job.")).to_be_visible()
    expect(section.get_by_text("Anne Sørensen")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "en-quota-decision")
    section.get_by_role("button", name="End the decision").click()
    section = page.locator("#section-quota")
    expect(section.get_by_text("Anne Sørensen ended the decision.")).to_be_visible()
    expect(section.get_by_role("button", name="End the decision")).to_have_count(0)
    assert QuotaDecision.objects.get().valid_to == timezone.localdate()


def test_the_team_leader_reads_the_figures_from_the_menu(page, live_server, caseworker, make_citizen, make_staff,
                                                         municipality):
    for n, exempted in enumerate([True, False, False]):
        person = make_citizen(caseworker, cpr=f"01019{n + 1:05d}", group="1", since=datetime.date(2026, 9, 1))
        if exempted:
            QuotaDecision.objects.create(municipality=municipality, citizen=person, reason="Kan selv.",
                                         decided_by=caseworker, valid_from=datetime.date(2026, 9, 1))
    make_staff(municipality, "leder", role=Role.TEAM_LEADER, first="Lis")
    _english(page, live_server, "leder")
    open_menu_item(page, "Contact course for at least 75 %")
    table = page.get_by_role("table", name="Contact course for at least 75 %, per unit and for the municipality")
    row = table.get_by_role("row", name="The whole municipality")
    expect(row).to_contain_text("66.6 %")
    expect(row).to_contain_text("2 of 3")
    assert_accessible(page)
    screenshot(page, "en-contact-quota")


def test_the_worklist_opens_on_todays_appointments(page, live_server, caseworker, citizen):
    starts = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(9, 15)))
    Appointment.objects.create(municipality=citizen.municipality, citizen=citizen, organiser=caseworker,
                               booked_by=caseworker, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
    _english(page, live_server, "anne")
    page.goto(f"{live_server.url}{reverse('casefile:worklist')}")
    first = page.get_by_role("heading", level=2).first
    expect(first).to_have_text("Today's appointments")
    page.locator(".appointment-today").get_by_role("link", name="Søren Ågård").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('contact:appointment_detail', args=[citizen.pk, Appointment.objects.get().pk])}")
    page.goto(f"{live_server.url}{reverse('casefile:worklist')}")
    assert_accessible(page)
