"""A mentor sees the team view — how to reach the citizen, the safety marker, the team — and never the journal."""

import pytest
from playwright.sync_api import expect

from helhed.core.models import Role
from helhed.tests.browser import assert_accessible, log_in, screenshot
from helhed.tests.world import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_mentor_gets_the_team_view_in_english_without_the_journal(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    log_in(page, live_server, Role.MENTOR, PASSWORD)
    page.get_by_role("button", name="English").first.click()
    row = page.locator("tr", has_text="Ågård, Søren")
    expect(row.get_by_text("Member of the team")).to_be_visible()
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name="The team around the citizen")).to_be_visible()
    expect(page.get_by_text("Mød borgeren to sammen.")).to_be_visible()  # the safety marker
    expect(page.get_by_text("Samtale holdt; aftalt næste skridt.")).to_have_count(0)  # the journal is not shown
    expect(page.get_by_role("link", name="Add to the team")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "en-03-mentor-team-view")
    expect(page.locator("body")).to_contain_text(world.own.full_name)
