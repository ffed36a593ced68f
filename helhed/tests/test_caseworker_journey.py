"""A new caseworker's first day, in a real browser: log in, find a citizen by CPR, write a note, change target group."""

import pytest

from helhed.audit.models import AccessLogEntry
from helhed.citizens.models import TargetGroupPeriod
from helhed.conftest import PASSWORD
from helhed.contact.models import JournalNote
from helhed.tests.browser import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_caseworker(municipality, make_staff, make_citizen):
    staff = make_staff(municipality, "nyansat", first="Karoline", last="Østergaard")
    make_citizen(staff, cpr="1207851234", first="Jørgen", last="Bækgaard", group="2")
    make_citizen(staff, cpr="0303923456", first="Ayaan", last="Hussein", group="3")
    return staff


def open_note_form(page):
    """The note form is folded away once the citizen has notes, and open when the journal is empty."""
    if not page.get_by_label("Notat", exact=True).is_visible():
        page.locator("summary", has_text="Skriv et journalnotat").click()


def test_new_caseworker_finds_citizen_by_cpr_adds_note_and_changes_target_group(page, live_server, new_caseworker):
    log_in(page, live_server, "nyansat", PASSWORD)
    header = page.get_by_test_id("current-user")
    assert "Karoline Østergaard" in header.inner_text() and "Sagsbehandler" in header.inner_text()
    assert "Job & Aktivhuset" in header.inner_text()
    assert_accessible(page)
    screenshot(page, "da-01-mine-borgere")

    page.get_by_label("Navn eller CPR-nummer").fill("120785-1234")
    page.get_by_role("button", name="Søg").click()
    assert page.locator("tbody tr").count() == 1
    page.get_by_role("link", name="Bækgaard, Jørgen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Jørgen Bækgaard"
    assert_accessible(page)

    open_note_form(page)
    page.get_by_label("Type").select_option("phone")
    page.get_by_label("Notat", exact=True).fill('Jørgen ringede om aftenen. Han siger: "Jeg vil gerne prøve praktik i et køkken."')
    page.get_by_role("button", name="Gem notat").click()
    assert page.get_by_text("Journalnotatet er gemt.").is_visible()
    assert page.get_by_text("Jeg vil gerne prøve praktik i et køkken.").is_visible()
    screenshot(page, "da-02-borgeroverblik")

    page.get_by_role("link", name="Skift målgruppe").click()
    assert_accessible(page)
    page.get_by_label("Målgruppe", exact=True).select_option("3")
    page.get_by_label("Fra").fill("2025-06-01")
    page.get_by_label("Begrundelse").fill("Smerter og søvnproblemer; han skal først have styr på helbredet.")
    page.get_by_role("button", name="Skift målgruppe").click()
    assert page.get_by_text("Målgruppen er ændret.").is_visible()

    assert JournalNote.objects.get(citizen__cpr="1207851234").kind == "phone"
    periods = TargetGroupPeriod.objects.filter(citizen__cpr="1207851234").order_by("valid_from")
    assert [p.group for p in periods] == ["2", "3"]
    assert AccessLogEntry.objects.filter(citizen__cpr="1207851234", page="citizens:overview").count() >= 2

    # The same pages in English.
    page.get_by_role("button", name="English").first.click()
    assert page.get_by_role("heading", name="Target groups").is_visible()
    assert_accessible(page)
    screenshot(page, "en-02-citizen-overview")
    page.get_by_role("link", name="My citizens").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "My citizens"
    screenshot(page, "en-01-my-citizens")


def test_bad_input_in_the_browser_shows_clear_errors_and_keeps_what_was_typed(page, live_server, new_caseworker):
    log_in(page, live_server, "nyansat", PASSWORD)
    page.get_by_role("link", name="Ny borger").first.click()
    assert_accessible(page)
    page.get_by_label("CPR-nummer").fill("320290-1234")
    page.get_by_label("Fornavn").fill("Åse")
    page.get_by_label("Efternavn").fill("Ærø")
    page.get_by_label("Målgruppe", exact=True).select_option("3")
    page.get_by_label("Begrundelse").fill("Første visitation")
    page.get_by_role("button", name="Opret borger").click()
    assert page.get_by_role("alert").first.is_visible()
    assert "fødselsdato" in page.locator(".form-error-message").first.inner_text()
    assert page.get_by_label("Fornavn").input_value() == "Åse"
    assert_accessible(page)
    screenshot(page, "da-03-ugyldigt-cpr")

    page.goto(f"{live_server.url}/borgere/")
    page.get_by_role("link", name="Hussein, Ayaan").click()
    open_note_form(page)
    page.get_by_role("button", name="Gem notat").click()
    assert "Notatet er tomt" in page.locator(".form-error-message").inner_text()
    assert_accessible(page)
    screenshot(page, "da-05-tomt-notat")


def test_login_and_not_found_pages_are_accessible(page, live_server, new_caseworker):
    page.goto(f"{live_server.url}/login/")
    assert_accessible(page)
    page.get_by_label("Brugernavn").fill("nyansat")
    page.get_by_label("Adgangskode").fill("forkert-kodeord")
    page.get_by_role("button", name="Log ind").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    log_in(page, live_server, "nyansat", PASSWORD)
    page.goto(f"{live_server.url}/borgere/999999/")
    assert page.get_by_role("heading", level=1).inner_text() == "Siden blev ikke fundet"
    assert_accessible(page)


def test_safety_marker_and_note_correction_in_the_browser(page, live_server, new_caseworker):
    log_in(page, live_server, "nyansat", PASSWORD)
    page.get_by_role("link", name="Hussein, Ayaan").click()
    page.get_by_role("link", name="Sæt sikkerhedsmarkering").click()
    assert_accessible(page)
    page.get_by_label("Begrundelse").fill("Har truet en medarbejder i receptionen. Mød kun to medarbejdere sammen.")
    page.get_by_label("Revurderes senest").fill("2027-03-01")
    page.get_by_role("button", name="Sæt sikkerhedsmarkering").click()
    assert page.locator(".safety-marker").get_by_text("Mød kun to medarbejdere sammen.").is_visible()
    assert_accessible(page)

    open_note_form(page)
    page.get_by_label("Notat", exact=True).fill("Udeblev fra samtalen.")
    page.get_by_role("button", name="Gem notat").click()
    page.get_by_role("link", name="Ret notatet").first.click()
    assert_accessible(page)
    page.get_by_label("Rettet notat").fill("Mødte op, men samtalen blev flyttet til telefon efter borgerens ønske.")
    page.get_by_role("button", name="Gem rettelse").click()
    assert page.get_by_text("Rettet, version 2").is_visible()
    screenshot(page, "da-04-sos-og-rettet-notat")

    page.get_by_role("link", name="Mine borgere").first.click()
    row = page.locator("tr", has_text="Hussein, Ayaan")
    assert row.get_by_text("SOS").is_visible()
