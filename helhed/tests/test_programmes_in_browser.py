"""A team leader enters Flere skal med 1 as data, looks at the group the criterion selects, enrols it, and follows the
dashboard while the caseworkers carry out the visitation (S2 l.365–375)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from helhed.demo.generator import DEMO_PASSWORD, Generator
from helhed.programmes.models import Enrolment, Programme
from helhed.tests.browser import assert_accessible, assert_controls_visible, log_in, open_menu_item, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def municipality():
    result = Generator(citizens=300, seed=4, as_of=timezone.localdate(), code="908").run()
    # The demo ships its own Flere skal med: this test enters the programme from scratch.
    Enrolment.objects.all().delete()
    Programme.objects.all().delete()
    return result.municipality


def test_a_team_leader_defines_flere_skal_med_1_enrols_the_group_and_follows_the_dashboard(page, live_server,
                                                                                          municipality):
    today = timezone.localdate()
    log_in(page, live_server, "teamleder", DEMO_PASSWORD)
    open_menu_item(page, "Programmer")
    page.get_by_role("link", name="Nyt program").click()
    page.get_by_label("Navn").fill("Flere skal med 1")
    page.get_by_label("Tilskudsgiver").fill("STAR")
    page.get_by_label("Første dag").fill(today.replace(month=1, day=1).isoformat())
    page.get_by_label("Sidste dag").fill(today.replace(year=today.year + 1, month=12, day=31).isoformat())
    page.get_by_label("3 · Aktivitetsparat kontanthjælpsmodtager").check()
    page.get_by_label("Mindst så mange år på offentlig forsørgelse").fill("5")
    page.get_by_label("En personlig jobformidler til hver deltager").check()
    page.get_by_label("Progressionen måles").check()
    page.get_by_label("Mål 1 måler").select_option("visited")
    page.get_by_label("Mål 1: andel af gruppen (%)").fill("100")
    page.get_by_label("Mål 1: udløser udbetaling (% af tilskuddet)").fill("40")
    page.get_by_label("Mål 2 måler").select_option("in_work_months")
    page.get_by_label("Mål 2: andel af gruppen (%)").fill("40")
    page.get_by_label("Mål 2: måneder (N)").fill("3")
    page.get_by_label("Mål 2: udløser udbetaling (% af tilskuddet)").fill("30")
    assert_controls_visible(page)
    screenshot(page, "da-86-program-defineres")
    assert_accessible(page)
    page.get_by_role("button", name="Gem programmet").click()

    programme = Programme.objects.get(name="Flere skal med 1")
    expect(page.get_by_role("heading", name="Den udvalgte gruppe")).to_be_visible()
    expect(page.get_by_text("udvælger kriteriet")).to_be_visible()
    screenshot(page, "da-87-program-udvalgt-gruppe")
    assert_accessible(page)
    page.get_by_role("button", name="Tilmeld gruppen").click()
    enrolled = Enrolment.objects.filter(programme=programme).count()
    assert enrolled > 5
    expect(page.get_by_text(f"{enrolled} borgere blev tilmeldt")).to_be_visible()
    expect(page.get_by_role("heading", name="Jobmålet")).to_be_visible()
    expect(page.get_by_role("heading", name="Små skridt og progression")).to_be_visible()

    # A caseworker with members finds the visit in "Det skal ske" and marks it on the case file.
    member = Enrolment.objects.filter(programme=programme).select_related("citizen").order_by("pk").first()
    caseworker = member.citizen.cases.get(status="open").responsible.user.username
    page.context.clear_cookies()
    log_in(page, live_server, caseworker, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/det-skal-ske/")
    section = page.locator("section", has=page.get_by_role("heading", name="Programdeltagere, der skal startafklares"))
    section.get_by_role("link", name=member.citizen.full_name).click()
    if page.get_by_role("link", name="Fortsæt til borgeren").count():  # "my story" first, for a new reader
        page.get_by_role("link", name="Fortsæt til borgeren").click()
    page.get_by_label("Markér som gjort").first.select_option("visited")
    page.get_by_role("button", name="Markér", exact=True).first.click()
    expect(page.get_by_text("Skridtet er markeret med dato.")).to_be_visible()
    assert Enrolment.objects.get(pk=member.pk).visited_on == today

    page.context.clear_cookies()
    log_in(page, live_server, "teamleder", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/programmer/{programme.pk}/")
    visited_row = page.locator("tr", has=page.get_by_role("rowheader", name="Startafklaret", exact=True))
    expect(visited_row.first).to_contain_text("< 5")  # one visited so far: a count under 5 is never shown
    screenshot(page, "da-88-program-dashboard")
    assert_accessible(page)
