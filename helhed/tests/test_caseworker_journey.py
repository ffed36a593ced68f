"""A new caseworker's first day, in a real browser: log in, find a citizen by CPR, write a note, change target group."""

import pytest
from playwright.sync_api import expect

from helhed.citizens.models import AccessLogEntry, TargetGroupPeriod
from helhed.conftest import PASSWORD
from helhed.contact.models import JournalNote
from helhed.tests.browser import assert_accessible, assert_controls_visible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_caseworker(municipality, make_staff, make_citizen):
    staff = make_staff(municipality, "nyansat", first="Karoline", last="Østergaard")
    make_citizen(staff, cpr="1207851234", first="Jørgen", last="Bækgaard", group="2")
    make_citizen(staff, cpr="0303923456", first="Ayaan", last="Hussein", group="3")
    return staff


def open_note_form(page):
    """The note form is folded away once the citizen has notes, and open when the journal is empty."""
    summary = page.locator("summary", has_text="Skriv et journalnotat")
    expect(summary).to_be_visible()  # the citizen's page has loaded, so the check below sees that page
    if not page.get_by_label("Notat", exact=True).is_visible():
        summary.click()
    expect(page.get_by_label("Notat", exact=True)).to_be_visible()
    assert_controls_visible(page)


def test_new_caseworker_finds_citizen_by_cpr_adds_note_and_changes_target_group(page, live_server, new_caseworker):
    log_in(page, live_server, "nyansat", PASSWORD)
    header = page.get_by_test_id("current-user")
    expect(header).to_contain_text("Karoline Østergaard")
    expect(header).to_contain_text("Sagsbehandler")
    expect(header).to_contain_text("Job & Aktivhuset")
    assert_accessible(page)
    assert_controls_visible(page)
    screenshot(page, "da-01-mine-borgere")

    page.get_by_label("Navn eller CPR-nummer").fill("120785-1234")
    page.get_by_role("button", name="Søg").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Bækgaard, Jørgen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jørgen Bækgaard")
    assert_accessible(page)

    open_note_form(page)
    page.get_by_label("Type").select_option("phone")
    page.get_by_label("Notat", exact=True).fill('Jørgen ringede om aftenen. Han siger: "Jeg vil gerne prøve praktik i et køkken."')
    page.get_by_role("button", name="Gem notat").click()
    expect(page.get_by_text("Journalnotatet er gemt.")).to_be_visible()
    expect(page.get_by_text("Jeg vil gerne prøve praktik i et køkken.")).to_be_visible()
    screenshot(page, "da-02-borgeroverblik")

    page.get_by_role("link", name="Skift målgruppe").click()
    assert_accessible(page)
    assert_controls_visible(page)
    page.get_by_label("Målgruppe", exact=True).select_option("3")
    page.get_by_label("Fra").fill("2025-06-01")
    page.get_by_label("Begrundelse").fill("Smerter og søvnproblemer; han skal først have styr på helbredet.")
    page.get_by_role("button", name="Skift målgruppe").click()
    expect(page.get_by_text("Målgruppen er ændret.")).to_be_visible()

    assert JournalNote.objects.get(citizen__cpr="1207851234").kind == "phone"
    periods = TargetGroupPeriod.objects.filter(citizen__cpr="1207851234").order_by("valid_from")
    assert [p.group for p in periods] == ["2", "3"]
    assert AccessLogEntry.objects.filter(citizen__cpr="1207851234", page="casefile:overview").count() >= 2

    # The same pages in English.
    page.get_by_role("button", name="English").first.click()
    expect(page.get_by_role("heading", name="Target groups")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "en-02-citizen-overview")
    page.get_by_role("link", name="My citizens").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My citizens")
    screenshot(page, "en-01-my-citizens")


def test_bad_input_in_the_browser_shows_clear_errors_and_keeps_what_was_typed(page, live_server, new_caseworker):
    log_in(page, live_server, "nyansat", PASSWORD)
    page.get_by_role("link", name="Ny borger").first.click()
    assert_accessible(page)
    assert_controls_visible(page)
    page.get_by_label("CPR-nummer").fill("320290-1234")
    page.get_by_label("Fornavn").fill("Åse")
    page.get_by_label("Efternavn").fill("Ærø")
    page.get_by_label("Målgruppe", exact=True).select_option("3")
    page.get_by_label("Begrundelse").fill("Første visitation")
    page.get_by_role("button", name="Opret borger").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.locator(".form-error-message").first).to_contain_text("fødselsdato")
    expect(page.get_by_label("Fornavn")).to_have_value("Åse")
    assert_accessible(page)
    assert_controls_visible(page)
    screenshot(page, "da-03-ugyldigt-cpr")

    page.goto(f"{live_server.url}/borgere/")
    page.get_by_role("link", name="Hussein, Ayaan").click()
    open_note_form(page)
    page.get_by_role("button", name="Gem notat").click()
    expect(page.locator(".form-error-message")).to_contain_text("Notatet er tomt")
    assert_accessible(page)
    assert_controls_visible(page)
    screenshot(page, "da-05-tomt-notat")


def test_login_and_not_found_pages_are_accessible(page, live_server, new_caseworker):
    page.goto(f"{live_server.url}/login/")
    assert_accessible(page)
    assert_controls_visible(page)
    page.get_by_label("Brugernavn").fill("nyansat")
    page.get_by_label("Adgangskode").fill("forkert-kodeord")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    assert_controls_visible(page)
    log_in(page, live_server, "nyansat", PASSWORD)
    page.goto(f"{live_server.url}/borgere/999999/")
    # a citizen that does not exist looks exactly like one without a reason: the page says what would give one
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingen grund til at se denne borger")
    assert_accessible(page)


def test_safety_marker_and_note_correction_in_the_browser(page, live_server, new_caseworker):
    log_in(page, live_server, "nyansat", PASSWORD)
    page.get_by_role("link", name="Hussein, Ayaan").click()
    page.get_by_role("link", name="Sæt sikkerhedsmarkering").click()
    assert_accessible(page)
    assert_controls_visible(page)
    page.get_by_label("Begrundelse").fill("Har truet en medarbejder i receptionen. Mød kun to medarbejdere sammen.")
    page.get_by_label("Revurderes senest").fill("2027-03-01")
    page.get_by_role("button", name="Sæt sikkerhedsmarkering").click()
    expect(page.locator(".safety-marker").get_by_text("Mød kun to medarbejdere sammen.")).to_be_visible()
    assert_accessible(page)

    open_note_form(page)
    page.get_by_label("Notat", exact=True).fill("Udeblev fra samtalen.")
    page.get_by_role("button", name="Gem notat").click()
    page.get_by_role("link", name="Ret notatet").first.click()
    assert_accessible(page)
    assert_controls_visible(page)
    page.get_by_label("Rettet notat").fill("Mødte op, men samtalen blev flyttet til telefon efter borgerens ønske.")
    page.get_by_role("button", name="Gem rettelse").click()
    expect(page.get_by_text("Rettet, version 2")).to_be_visible()
    screenshot(page, "da-04-sos-og-rettet-notat")

    page.get_by_role("link", name="Mine borgere").first.click()
    row = page.locator("tr", has_text="Hussein, Ayaan")
    expect(row.get_by_text("SOS")).to_be_visible()
