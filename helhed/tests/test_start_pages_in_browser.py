"""The team leader and the administrator log in and see their own work, not an empty citizen list."""

import pytest
from playwright.sync_api import expect

from helhed.core.models import Role
from helhed.tests.browser import assert_accessible, log_in, screenshot
from helhed.tests.world import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_team_leader_and_administrator_start_on_their_own_work(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    log_in(page, live_server, Role.TEAM_LEADER, PASSWORD)
    expect(page.get_by_role("heading", name="Adgange, der venter på din gennemgang")).to_be_visible()
    expect(page.get_by_role("link", name="Gennemgå adgangene")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "da-40-start-teamleder")
    page.get_by_role("button", name="Log af").click()
    log_in(page, live_server, Role.ADMIN, PASSWORD)
    expect(page.get_by_role("heading", name="Medarbejdere")).to_be_visible()
    expect(page.get_by_role("heading", name="Enheder")).to_be_visible()
    expect(page.get_by_text("HELHED_RETENTION_YEARS")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "da-41-start-administrator")
    # A large kommune: the administrator searches for a colleague instead of scrolling thousands of rows.
    mentor = world.staff[Role.MENTOR]
    page.get_by_role("searchbox", name="Søg efter medarbejdere og enheder").fill(mentor.user.username)
    page.get_by_role("button", name="Søg", exact=True).click()
    expect(page.get_by_role("cell", name=mentor.user.username, exact=True)).to_be_visible()
    expect(page.get_by_text("1 medarbejder som matcher søgningen.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "da-49-start-administrator-search")
    # The same search in English keeps the query.
    page.get_by_role("button", name="English").first.click()
    expect(page.get_by_text("1 staff member matching the search")).to_be_visible()
    expect(page.get_by_role("cell", name=mentor.user.username, exact=True)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "en-49-start-administrator-search")
