"""The citizen's journey in a real browser: sign in over OpenID Connect against the development provider, read and
sign the plan, ask to move a meeting, report illness, answer the hearing, read who has looked, download my data, sign
out. Once with JavaScript on (axe on every page), once on a 360 × 640 phone with JavaScript off."""

import json
import re

import pytest
from playwright.sync_api import expect

from helhed.contact.models import Absence
from helhed.plans.models import PlanSignature
from helhed.portal.models import AbsenceNotice, Message, MoveRequest, PortalEvent
from helhed.portal.tests.world import build_portal_world, staff_reads
from helhed.sanctions.models import Hearing, SanctionCase
from helhed.tests.browser import CHROMIUM_ARGS, assert_accessible, assert_controls_visible, screenshot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_BUDGET = 100 * 1024


def _home(page):
    page.get_by_role("link", name="Tilbage til Min side").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Søren")


def _journey(page, live_server, *, check=lambda page, name: None):
    """The whole journey from the portal's front page; `check(page, name)` runs on each page reached."""
    page.goto(f"{live_server.url}/borger/")
    check(page, "forside")
    page.get_by_role("link", name="Log ind med MitID").click()
    expect(page.get_by_text("Testudbyder – ikke MitID")).to_be_visible()
    page.get_by_role("button", name=re.compile("Søren Ågård")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Søren")
    check(page, "min-side")

    # My plan: their own goal first, then the steps; they sign it.
    page.get_by_role("link", name="Min plan").click()
    text = page.locator("main").inner_text()
    assert text.index("Jeg vil have styr på min søvn") < text.index("Gå til lægen om søvnen")
    check(page, "min-plan")
    page.get_by_role("button", name="Jeg er enig og skriver under").click()
    expect(page.locator(".alert").first).to_be_visible()
    _home(page)

    # My meetings: ask to move the coming one, then report illness for it.
    page.get_by_role("link", name="Mine møder").click()
    expect(page.get_by_text("Tag din lønseddel med.")).to_be_visible()
    check(page, "mine-moeder")
    page.get_by_role("link", name=re.compile("^Flyt mødet")).click()
    check(page, "flyt-moedet")
    page.get_by_label("Hvorfor vil du flytte det?").fill("Jeg skal til lægen den dag.")
    page.get_by_label("Hvornår passer det dig?").fill("Om eftermiddagen")
    page.get_by_role("button", name="Send").click()
    page.get_by_role("link", name=re.compile("^Jeg kan ikke komme")).click()
    check(page, "afbud")
    page.get_by_label("Jeg er syg").check()
    page.locator("textarea").fill("Jeg har feber.")
    page.get_by_role("button", name="Send").click()
    _home(page)

    # The hearing: read the letter and answer it.
    page.get_by_role("link", name="Breve du skal svare på").click()
    check(page, "breve")
    page.get_by_role("link", name="Læs brevet og svar").first.click()
    check(page, "partshoering")
    page.get_by_label("Skriv dit svar her").fill("Jeg var syg og kunne ikke ringe. Min læge kan bekræfte det.")
    page.get_by_role("button", name="Send mit svar").click()
    _home(page)

    # Who has looked at my case: the caseworker's read, by role and reason, without a name.
    page.get_by_role("link", name="Hvem har set min sag").click()
    expect(page.locator("main")).to_contain_text("Sagsbehandler")
    expect(page.locator("main")).not_to_contain_text("Anne Sørensen")
    check(page, "hvem-har-set")
    _home(page)

    # How I am doing, and a message to the caseworker.
    page.get_by_role("link", name="Sådan går det").click()
    expect(page.locator("main")).to_contain_text("Var til lægen selv")
    check(page, "fremskridt")
    _home(page)
    page.get_by_role("link", name="Beskeder").click()
    check(page, "beskeder")
    page.get_by_role("link", name="Skriv en besked").click()
    page.get_by_label("Emne").fill("Min feber")
    page.get_by_label("Besked").fill("Jeg ringer, når jeg er rask.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("main")).to_contain_text("Jeg ringer, når jeg er rask.")
    check(page, "besked")
    _home(page)

    # My data: the insight export as a PDF.
    page.get_by_role("link", name="Mine data").click()
    check(page, "mine-data")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som PDF").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.get_by_role("button", name="Log ud").click()
    expect(page.get_by_role("link", name="Log ind med MitID")).to_be_visible()
    check(page, "logget-ud")


def _everything_was_done(world):
    citizen = world.citizen
    assert PlanSignature.objects.filter(version__plan__citizen=citizen, method="portal", recorded_by=None).count() == 1
    assert MoveRequest.objects.get(citizen=citizen).reason == "Jeg skal til lægen den dag."
    assert AbsenceNotice.objects.get(citizen=citizen).kind == "ill"
    assert not Absence.objects.filter(citizen=citizen).exists()  # context, never an absence case by itself
    assert SanctionCase.objects.filter(citizen=citizen).count() == 1
    hearing = Hearing.objects.get(citizen=citizen)
    assert hearing.answered_in_portal and hearing.answer.startswith("Jeg var syg")
    assert Message.objects.filter(thread__citizen=citizen, author=None).count() == 1
    actions = set(PortalEvent.objects.filter(citizen=citizen).values_list("action", flat=True))
    assert {"signed_in", "plan_signed", "move_requested", "absence_reported", "hearing_answered", "message_sent",
            "data_downloaded", "signed_out"} <= actions


def test_citizen_journey_over_openid_connect_with_axe_on_every_page(page, live_server):
    world = build_portal_world()
    staff_reads(world)
    checked = []

    def check(page, name):
        assert_accessible(page)
        checked.append(name)

    _journey(page, live_server, check=check)
    _everything_was_done(world)
    assert len(checked) == 14


def test_citizen_journey_on_a_small_phone_without_javascript(browser, live_server):
    world = build_portal_world()
    staff_reads(world)
    context = browser.new_context(viewport={"width": 360, "height": 640}, java_script_enabled=False, locale="da-DK")
    phone = context.new_page()
    seen, weights = set(), {}  # bytes each page brings that the phone has not loaded before, by page address

    def count(response):
        url = response.url.split("?")[0]
        if response.request.resource_type == "document" and 200 <= response.status < 300:
            weights.setdefault(url.split("/", 3)[-1], 0)
            current["page"] = url.split("/", 3)[-1]
        if url in seen or response.status >= 300:
            return
        seen.add(url)
        try:
            size = len(response.body())
        except Exception:  # noqa: BLE001 - the context closed while a last response came in
            return
        weights[current["page"]] = weights.get(current["page"], 0) + size

    current = {"page": ""}
    phone.on("response", count)

    def check(page, name):
        page.wait_for_load_state("load")  # a click starts the navigation; the new page may not be there yet
        # Nothing sticks out sideways on a 360 px screen, and every control can be seen and reached.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"{name} scrolls sideways"
        assert_controls_visible(page)
        screenshot(page, f"da-portal-{name}")

    try:
        _journey(phone, live_server, check=check)
    finally:
        context.close()
    _everything_was_done(world)
    first, *rest = weights.items()
    print("\nbytes new to the phone per page:", json.dumps(weights))
    assert first[0] == "borger/" and len(rest) >= 12
    heavy = {name: size for name, size in rest if size >= PAGE_BUDGET}
    assert not heavy, f"pages over 100 kB after the first: {heavy}"


def test_the_other_portal_pages_pass_axe_in_easy_read_and_in_english(page, live_server):
    build_portal_world()
    page.goto(f"{live_server.url}/borger/")
    page.get_by_role("link", name="Log ind med MitID").click()
    assert_accessible(page)  # the development provider's page of demo citizens
    page.get_by_role("button", name="En borger, Helhed ikke kender").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vi kan ikke finde dig")
    assert_accessible(page)

    page.goto(f"{live_server.url}/borger/log-ind/")
    page.get_by_role("button", name=re.compile("Søren Ågård")).click()
    page.get_by_role("link", name="Beskeder").click()
    page.get_by_role("link", name="Skriv en besked").click()
    page.get_by_role("button", name="Send").click()  # empty: the errors, linked to their fields
    expect(page.locator(".form-error-message").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Let at læse").click()
    for path in ("", "plan/", "aftaler/", "fremskridt/", "breve/"):
        page.goto(f"{live_server.url}/borger/{path}")
        expect(page.locator("body.easy-read")).to_have_count(1)
        assert_accessible(page)
    page.get_by_role("button", name="English").click()
    for path in ("", "plan/", "aftaler/", "hvem-har-set/", "mine-data/"):
        page.goto(f"{live_server.url}/borger/{path}")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert_accessible(page)


def test_the_portals_refusal_pages_pass_axe(page, live_server, client, settings):
    """The pages a citizen meets when something stops them: too many tries, a failed sign-in, too low a level of
    assurance, a form sent after the session ended. Fetched with the test client, shown in the browser on the
    portal's own address (so its style sheets load), and checked with axe."""
    import time

    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from helhed.portal.session import LAST_SEEN_KEY
    from helhed.portal.tests.helpers import sign_in_as

    world = build_portal_world()
    failed = client.get("/borger/log-ind/svar/?code=x&state=y")
    settings.PORTAL_SIGN_IN_LIMIT = 0
    too_many = client.get("/borger/log-ind/")
    sign_in_as(client, world.citizen)
    session = client.session.__class__(client.cookies[settings.CITIZEN_SESSION_COOKIE_NAME].value)
    session[LAST_SEEN_KEY] = time.time() - 16 * 60
    session.save()
    written = client.post("/borger/beskeder/ny/", {"subject": "Lægen", "body": "Jeg er syg."})
    request = RequestFactory().get("/borger/log-ind/svar/")
    request.session = {}
    too_low = render_to_string("portal/assurance_too_low.html", request=request)
    assert (failed.status_code, too_many.status_code, written.status_code) == (400, 429, 200)
    page.goto(f"{live_server.url}/borger/")
    for html in (failed.content.decode(), too_many.content.decode(), written.content.decode(), too_low):
        page.set_content(html)
        assert_accessible(page)
