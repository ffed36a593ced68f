"""The worklist shows an overdue conversation with its explanation and paragraph; acting on it clears it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from helhed.conftest import PASSWORD
from helhed.rules.calendar import deadline
from helhed.tests.browser import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_overdue_first_conversation_is_shown_and_cleared_by_registering_it(page, live_server, caseworker, citizen):
    log_in(page, live_server, "anne", PASSWORD)
    page.get_by_role("link", name="Det skal ske").first.click()
    item = page.locator(".worklist-item", has_text="Første jobsamtale inden for en uge")
    expect(item.get_by_text("Overskredet")).to_be_visible()
    expect(item.get_by_text("Den første henvendelse til kommunen er ikke registreret på sagen")).to_be_visible()
    expect(item.get_by_role("link", name="LAB § 31, stk. 5")).to_have_attribute("href", re.compile(r"/paragraf/31/$"))
    assert_accessible(page)
    screenshot(page, "da-11-det-skal-ske")

    item.get_by_role("link", name="Registrér en holdt samtale").click()
    expect(page.get_by_label("Type")).to_have_value("jobsamtale")
    expect(page.get_by_label("Hvor eller hvordan")).to_have_value("office")  # the first conversation is in person
    page.get_by_label("Hvad aftalte I?").fill("Søren vil gerne i praktik i genbrug.")
    page.get_by_role("button", name="Registrér").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Det skal ske")
    expect(page.locator(".worklist-item", has_text="Første jobsamtale inden for en uge")).to_have_count(0)
    expect(page.locator(".worklist-item", has_text="Første samtale ved personligt fremmøde")).to_have_count(0)


def test_the_coordinating_caseworker_right_is_offered_and_answered_in_one_click_each(page, live_server, caseworker,
                                                                                      citizen):
    log_in(page, live_server, "anne", PASSWORD)
    page.get_by_role("link", name="Det skal ske").first.click()
    item = page.locator(".worklist-item", has_text="Retten til en koordinerende sagsbehandler")
    expect(item.get_by_text("Overskredet")).to_be_visible()
    item.get_by_role("button", name="Registrér at retten blev tilbudt i dag").click()
    item = page.locator(".worklist-item", has_text="Retten til en koordinerende sagsbehandler")
    expect(item.get_by_text("Tilbudt den")).to_be_visible()
    item.get_by_role("button", name="Søren sagde ja").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Det skal ske")
    expect(page.locator(".worklist-item", has_text="Retten til en koordinerende sagsbehandler")).to_have_count(0)


def test_a_106_exemption_names_its_ground_and_end_and_clears_the_item(page, live_server, caseworker, citizen):
    log_in(page, live_server, "anne", PASSWORD)
    page.get_by_role("link", name="Det skal ske").first.click()
    item = page.locator(".worklist-item", has_text="Første jobsamtale inden for en uge")
    item.get_by_role("link", name="Fritag efter § 106").click()
    expect(page.get_by_label("Første jobsamtale inden for en uge")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Retten til en koordinerende sagsbehandler")).to_have_count(0)  # never
    assert_accessible(page)
    page.get_by_label("Starter ordinært job på fuld tid eller fleksjob inden for 6 uger", exact=False).check()
    page.get_by_label("Begrundelse").fill("Kontrakt på fuldtidsjob hos Fjordby Genbrug fra 4. januar.")
    page.get_by_label("Til", exact=True).fill("2027-03-01")
    page.get_by_role("button", name="Registrér fritagelse").click()
    expect(page.locator("#id_valid_to-error")).to_contain_text("højst 42 dage")  # longer than the ground allows: refused, input kept
    expect(page.get_by_label("Begrundelse")).to_have_value("Kontrakt på fuldtidsjob hos Fjordby Genbrug fra 4. januar.")
    page.get_by_label("Til", exact=True).fill("2027-01-03")
    page.get_by_role("button", name="Registrér fritagelse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Det skal ske")
    expect(page.locator(".worklist-item", has_text="Første jobsamtale inden for en uge")).to_have_count(0)


def test_booking_from_the_worklist_suggests_the_deadline_and_shows_the_booking(page, live_server, caseworker, citizen):
    log_in(page, live_server, "anne", PASSWORD)
    page.get_by_role("link", name="Det skal ske").first.click()
    item = page.locator(".worklist-item", has_text="Første jobsamtale inden for en uge")
    item.get_by_role("link", name="Book en samtale").click()
    expect(page.get_by_label("Type")).to_have_value("jobsamtale")
    expect(page.get_by_label("Hvor eller hvordan")).to_have_value("office")
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Det skal ske")
    item = page.locator(".worklist-item", has_text="Første jobsamtale inden for en uge")
    expect(item.get_by_role("link", name="Booket")).to_be_visible()  # still due until it is held, but booked


def test_the_day_plan_puts_a_right_not_offered_first_groups_by_citizen_and_filters(page, live_server, caseworker,
                                                                                    make_citizen):
    today = timezone.localdate()
    make_citizen(caseworker, cpr="0101951234", first="Ida", last="Ahl", group="2",
                 since=today - datetime.timedelta(days=20))
    make_citizen(caseworker, cpr="0202901234", first="Søren", last="Ågård", group="3",
                 since=today - datetime.timedelta(days=20))
    log_in(page, live_server, "anne", PASSWORD)
    page.get_by_role("link", name="Det skal ske").first.click()
    overdue = page.locator("#overdue + p + ol > li")
    # Søren's right to a coordinating caseworker harms more than Ida's late first conversation: he comes first.
    expect(overdue.first.get_by_role("heading")).to_contain_text("Søren Ågård")
    expect(overdue.first.locator(".worklist-item").first).to_contain_text("Retten til en koordinerende sagsbehandler")
    expect(overdue).to_have_count(2)
    assert_accessible(page)
    screenshot(page, "da-45-det-skal-ske-dagsplan")

    page.get_by_text("Filtrér, eller se en anden dag").click()
    page.get_by_label("Type").select_option(label="En samtale")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.locator(".worklist-item", has_text="Retten til en koordinerende sagsbehandler")).to_have_count(0)
    expect(page.locator(".worklist-item", has_text="Første jobsamtale inden for en uge")).to_have_count(2)

    page.get_by_label("Type").select_option(label="Alle")
    first_due = deadline(today - datetime.timedelta(days=13))
    page.get_by_label("Pr. dato").fill(first_due.isoformat())
    page.get_by_role("button", name="Vis", exact=True).click()
    # On the day the first conversations fall due, only the right, due at once, is overdue.
    expect(page.locator("#overdue + p + ol .worklist-item")).to_have_count(1)
    expect(page.locator("#this-week + ol .worklist-item", has_text="Første jobsamtale inden for en uge")).to_have_count(2)
