"""The team leader opens the leader's overview from the start page, reads the four values side by side, asks who has
not been seen for one caseworker and is told how to get a reason instead of being shown names; axe finds nothing
serious on either page."""

import pytest
from playwright.sync_api import expect

from helhed.tests.browser import assert_accessible, log_in, screenshot
from helhed.tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_team_leader_reads_the_overview_and_drills_down_without_names(page, live_server, small):
    log_in(page, live_server, "leder", PASSWORD)
    page.get_by_role("button", name="Mere").click()  # the menu's overflow: a team leader has many pages
    page.locator("a[href='/ledelsesoverblik/']:visible").first.click()
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("#vaerdier .insight-values > div")).to_have_count(4)
    expect(page.locator("#tabel-sagstal")).to_contain_text("Anne Andersen")
    expect(page.locator("#tabel-sagstal")).to_contain_text("< 5")
    assert_accessible(page)
    screenshot(page, "da-90-indsigt")

    page.locator("#medarbejder").select_option(label="Anne Andersen")
    page.locator("form[action='/ledelsesoverblik/ikke-set/'] button").click()
    expect(page.locator(".alert a[href='/adgang/begrundet/']")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Aktiv Nr")
    assert_accessible(page)
    screenshot(page, "da-90-indsigt-ikke-set")
