"""A team leader opens a citizen on a stated reason; the access shows up for review by a colleague."""

import pytest
from playwright.sync_api import expect

from helhed.audit.models import StatedReasonAccess
from helhed.citizens.models import AccessLogEntry
from helhed.core.models import Role
from helhed.tests.browser import assert_accessible, log_in, open_menu_item, screenshot
from helhed.tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def leaders(municipality, make_staff, caseworker, make_citizen):
    make_citizen(caseworker, cpr="1502851234", first="Søren", last="Ågård")
    return (make_staff(municipality, "leder", role=Role.TEAM_LEADER, first="Lene", last="Leder"),
            make_staff(municipality, "dpo", role=Role.DATA_PROTECTION, first="Dorte", last="Databeskyttelse"))


def test_team_leader_breaks_the_glass_and_a_colleague_reviews_it(page, live_server, leaders):
    log_in(page, live_server, "leder", PASSWORD)
    page.goto(f"{live_server.url}/borgere/")
    expect(page.locator("body")).not_to_contain_text("Søren")  # no reason yet

    open_menu_item(page, "Se borger med begrundelse")
    assert_accessible(page)
    page.get_by_label("CPR-nummer").fill("150285-1234")
    page.get_by_role("button", name="Åbn journalen").click()
    expect(page.locator(".form-error-message")).to_contain_text("Angiv begrundelsen")  # the reason is required
    page.get_by_label("Begrundelse").fill("Borgeren har klaget over sagsbehandlingen; jeg skal svare i dag.")
    page.get_by_role("button", name="Åbn journalen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Søren Ågård")
    expect(page.get_by_text("Adgang givet i 60 minutter")).to_be_visible()
    expect(page.get_by_role("link", name="Skift målgruppe")).to_have_count(0)  # read only
    screenshot(page, "da-06-begrundet-adgang")
    entry = AccessLogEntry.objects.filter(page="casefile:overview").latest("at")
    assert (entry.reason, entry.role) == ("stated_reason", "team_leader")

    open_menu_item(page, "Gennemgang af adgang")
    expect(page.get_by_text("Borgeren har klaget over sagsbehandlingen")).to_be_visible()
    expect(page.get_by_text("Afventer en kollega")).to_be_visible()  # you cannot review your own access
    assert_accessible(page)

    page.get_by_role("button", name="Log af").first.click()
    log_in(page, live_server, "dpo", PASSWORD)
    open_menu_item(page, "Gennemgang af adgang")
    page.get_by_label("Gennemgangsnotat").fill("Begrundelsen er i orden.")
    page.get_by_role("button", name="Markér som gennemgået").click()
    expect(page.get_by_text("Adgangen er markeret som gennemgået.")).to_be_visible()
    screenshot(page, "da-07-gennemgang")
    access = StatedReasonAccess.objects.get()
    assert access.reviewed_by.user.username == "dpo" and access.review_note == "Begrundelsen er i orden."
