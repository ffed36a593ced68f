"""The administrator registers a provider's system as an API client: the type first, then the organisation and the
type's scopes; the client id and the secret are shown once; the list shows the client, which the administrator then
deactivates. axe finds nothing serious on any of the pages."""

import pytest
from playwright.sync_api import expect

from helhed.api.models import ApiClient
from helhed.core.models import Role
from helhed.tests.browser import assert_accessible, assert_controls_visible, log_in, screenshot
from helhed.tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def administrator(municipality, make_staff):
    return make_staff(municipality, "admin", role=Role.ADMIN, first="Ada", last="Admin")


def test_the_administrator_registers_a_provider_client_sees_its_secret_once_and_deactivates_it(
        page, live_server, administrator, provider, kommune_client):
    log_in(page, live_server, "admin", PASSWORD)
    page.goto(f"{live_server.url}/api-klienter/")
    expect(page.locator("#api-clients tbody tr")).to_have_count(1)  # the kommune's own system
    assert_accessible(page)
    screenshot(page, "da-95-api-klienter")

    page.locator("a[href='/api-klienter/ny/']").click()
    page.locator("input[name='type'][value='anden_aktoer']").check()
    assert_controls_visible(page)
    assert_accessible(page)
    screenshot(page, "da-95-api-klient-type")
    page.locator("#api-client-type button.button-primary").click()

    expect(page.locator("input[name='scopes']")).to_have_count(9)  # the provider's scopes only
    page.locator("#id_name").fill("Brobyg fagsystem")
    page.locator("#id_organisation").select_option(label=provider.name)
    page.locator("label[for='id_scopes_0']").click()
    page.locator("label[for='id_scopes_1']").click()
    assert_controls_visible(page)
    assert_accessible(page)
    screenshot(page, "da-95-api-klient-ny")
    page.locator("#api-client-form button.button-primary").click()

    registered = ApiClient.objects.get(name="Brobyg fagsystem")
    expect(page.locator("#client-id")).to_have_text(registered.client_id)
    expect(page.locator("#client-secret")).not_to_be_empty()
    assert registered.scopes == ["henvisning.read", "henvisning.write"]
    assert_accessible(page)
    screenshot(page, "da-95-api-klient-oprettet")

    page.goto(f"{live_server.url}/api-klienter/")
    row = page.locator("#api-clients tbody tr", has_text="Brobyg fagsystem")
    row.locator("button[type='submit']").click()
    expect(page.locator("#api-clients tbody tr", has_text="Brobyg fagsystem").locator("form")).to_have_count(0)
    registered.refresh_from_db()
    assert not registered.active
    assert_accessible(page)
    screenshot(page, "da-95-api-klienter-deaktiveret")


def test_the_form_shows_what_is_wrong_when_nothing_is_chosen(page, live_server, administrator, provider):
    log_in(page, live_server, "admin", PASSWORD)
    page.goto(f"{live_server.url}/api-klienter/ny/?type=anden_aktoer")
    page.locator("#api-client-form button.button-primary").click()
    expect(page.locator(".alert-error")).to_be_visible()
    expect(page.locator("fieldset.form-error")).to_have_count(1)
    assert_accessible(page)
    screenshot(page, "da-95-api-klient-fejl")
