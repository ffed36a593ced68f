"""The shared plan as people use it: written with the citizen and signed, edited by two people at once, scored
three times, printed, and handed over to a new mentor through "my story"."""

import datetime
import re
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from helhed.conftest import PASSWORD
from helhed.plans import services
from helhed.plans.models import Plan, PlanSignature, PlanVersion
from helhed.tests.browser import SCREENSHOTS, assert_accessible, assert_controls_visible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OWN_GOAL = "Jeg vil have et arbejde, hvor jeg er udenfor – og hvor de ved, at jeg har dårlig ryg."


def test_writing_the_plan_with_the_citizen_present_and_signing_it(page, live_server, caseworker, citizen):
    log_in(page, live_server, "anne", PASSWORD)
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/plan/")
    page.get_by_role("link", name="Skriv planen sammen med borgeren").click()
    assert_accessible(page)
    assert_controls_visible(page)
    page.get_by_label("Borgerens eget mål, med borgerens egne ord").fill(OWN_GOAL)
    page.get_by_label("Job- eller uddannelsesmål").fill("Gartneri eller grønne områder")
    page.get_by_label("Hvad 1").fill("Ringe til Fjordby Planteskole om en praktik")
    page.get_by_label("Hvad 2").fill("Gå med til første samtale på planteskolen")
    page.get_by_label("Hvem 2").select_option("mentor")
    page.get_by_label("Det gør mentoren").fill("Ugentlige gåture; følger med til første møde.")
    page.get_by_label("Stabiliserende aktiviteter").fill("Fysioterapi for ryggen hver tirsdag.")
    page.get_by_label("Hvordan var borgeren involveret?").select_option("co_creation")
    page.get_by_label("Borgerens holdning").select_option("agrees")
    assert_controls_visible(page)
    screenshot(page, "da-30-plan-skriv")
    page.get_by_role("button", name="Gem planen").click()

    expect(page.get_by_text("Planen er gemt som en ny version")).to_be_visible()
    expect(page.locator(".own-goal")).to_contain_text(OWN_GOAL)
    # The citizen's own goal comes first: before the job goal and the steps.
    expect(page.locator("h3").first).to_have_text(re.compile(r"^\s*Det vil Søren"))
    expect(page.get_by_text("Vi planlagde det sammen, skridt for skridt (samskabelse)")).to_be_visible()
    assert_controls_visible(page)  # the signature form
    page.get_by_label("Hvordan godkendte borgeren den?").select_option("on_screen")
    page.get_by_role("button", name="Borgeren godkender version 1").click()
    expect(page.get_by_text("Godkendt af borgeren").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "da-31-plan")
    version = PlanVersion.objects.get()
    assert (version.involvement, version.citizen_position) == ("co_creation", "agrees")
    assert PlanSignature.objects.get().version == version
    assert Plan.objects.get().steps.get(owner="mentor").text == "Gå med til første samtale på planteskolen"


def _plan(caseworker, citizen):
    services.save_plan(
        staff=caseworker, citizen=citizen, base_version=0, involvement="co_creation", citizen_position="agrees",
        content={"kind": "min_plan", "own_goal": OWN_GOAL, "job_goal": "Gartneri", "stabilising": "",
                 "job_search": "", "sections": {}, "steps": [
                     {"key": "9b7d5a3e-1f0c-4c55-9d1e-0a1b2c3d4e5f", "kind": "step", "text": "Ringe til planteskolen",
                      "owner": "citizen", "due": None, "status": "open"}]},
    )


def test_two_people_editing_at_once_see_the_conflict_and_lose_nothing(browser, live_server, caseworker,
                                                                       other_caseworker, citizen, make_staff):
    from helhed.coordination.services import add_team_member
    from helhed.core.models import Role

    _plan(caseworker, citizen)
    coordinator = make_staff(citizen.municipality, "koord", role=Role.COORDINATING_CASEWORKER, first="Kim", last="Lund")
    add_team_member(staff=caseworker, citizen=citizen, member=coordinator, role="coordinating_caseworker",
                    valid_from=timezone.localdate() - datetime.timedelta(days=5))
    pages = []
    for username in ("anne", "koord"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
        page = context.new_page()
        log_in(page, live_server, username, PASSWORD)
        page.goto(f"{live_server.url}/borgere/{citizen.pk}/plan/ret/")
        assert_controls_visible(page)
        pages.append(page)
    anne, kim = pages
    # Both opened version 1. Anne changes the job goal and saves first.
    anne.get_by_label("Job- eller uddannelsesmål").fill("Gartneri, gerne på en planteskole")
    anne.get_by_label("Status 1").select_option("done")
    anne.get_by_label("Hvordan var borgeren involveret?").select_option("choice")
    anne.get_by_label("Borgerens holdning").select_option("agrees")
    anne.get_by_role("button", name="Gem planen").click()
    expect(anne.get_by_text("Planen er gemt som en ny version")).to_be_visible()
    # Kim, still on version 1, changes the job goal too, and adds his own part.
    kim.get_by_label("Job- eller uddannelsesmål").fill("Park og vej")
    kim.get_by_label("Det gør sagsbehandleren").fill("Koordinerer med fysioterapeuten.")
    kim.get_by_label("Hvordan var borgeren involveret?").select_option("co_creation")
    kim.get_by_label("Borgerens holdning").select_option("agrees")
    kim.get_by_role("button", name="Gem planen").click()

    expect(kim.get_by_role("heading", name="En anden gemte planen, mens du rettede i den")).to_be_visible()
    assert Plan.objects.get().version == 2  # Kim's edit is not saved over Anne's
    expect(kim.get_by_label("Job- eller uddannelsesmål")).to_have_value("Park og vej")  # his text is kept
    expect(kim.locator(".conflict-theirs").first).to_contain_text("Gartneri, gerne på en planteskole")  # hers shown
    expect(kim.get_by_label("Det gør sagsbehandleren")).to_have_value("Koordinerer med fysioterapeuten.")
    expect(kim.get_by_label("Status 1")).to_have_value("done")  # Anne's change, taken in
    assert_accessible(kim)
    assert_controls_visible(kim)
    screenshot(kim, "da-32-plan-konflikt")
    kim.get_by_label("Job- eller uddannelsesmål").fill("Gartneri, gerne på en planteskole – eller park og vej")
    expect(kim.get_by_label("Borgerens holdning")).to_have_value("")  # asked again for the combined plan
    kim.get_by_label("Borgerens holdning").select_option("agrees")
    kim.get_by_role("button", name="Gem planen").click()
    expect(kim.get_by_text("Planen er gemt som en ny version")).to_be_visible()

    plan = Plan.objects.get()
    assert plan.version == 3
    assert plan.job_goal == "Gartneri, gerne på en planteskole – eller park og vej"
    assert plan.sections == {"caseworker": "Koordinerer med fysioterapeuten."}
    assert plan.steps.get().status == "done"
    assert PlanVersion.objects.get(plan=plan, number=2).content["job_goal"] == "Gartneri, gerne på en planteskole"
    for page in pages:
        page.context.close()


def test_the_progression_chart_shows_three_scorings(page, live_server, caseworker, citizen):
    from helhed.plans.selectors import builtin_instrument

    instrument = builtin_instrument()
    codes = [item.code for item in instrument.items.all()]
    today = timezone.localdate()
    for days, base in ((120, 2), (60, 4)):
        services.record_scoring(staff=caseworker, citizen=citizen, instrument=instrument,
                                values={c: min(10, base + i % 3) for i, c in enumerate(codes)},
                                scored_on=today - datetime.timedelta(days=days))
    log_in(page, live_server, "anne", PASSWORD)
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/plan/")
    page.get_by_role("link", name="Scor sammen med borgeren").click()
    assert_accessible(page)
    assert_controls_visible(page)
    for i, code in enumerate(codes):
        page.locator(f"#id_item_{code}").select_option(str(min(10, 6 + i % 3)))
    page.get_by_role("button", name="Gem scoringen").click()
    expect(page.get_by_text("Scoringen er gemt")).to_be_visible()
    expect(page.get_by_role("img", name="Progression over 3 scoringer")).to_be_visible()
    expect(page.locator("svg polyline.chart-line")).to_have_count(7)
    three_points = re.compile(r"^\s*(\S+\s+){2}\S+\s*$")  # one point per scoring
    expect(page.locator("svg polyline.chart-line").first).to_have_attribute("points", three_points)
    expect(page.locator("svg desc")).to_contain_text("Helbred: 2, 4, 6.")
    assert_accessible(page)
    page.locator("#progression").scroll_into_view_if_needed()
    screenshot(page, "da-33-progression")


def test_a_new_mentors_first_view_opens_on_my_story(page, live_server, caseworker, citizen, make_staff):
    from helhed.coordination.services import add_team_member
    from helhed.core.models import Role

    services.save_story(staff=caseworker, citizen=citizen, text=(
        "Jeg hedder Søren. Jeg har haft otte mentorer, og jeg er træt af at fortælle det hele forfra.\n\n"
        "Jeg har ondt i ryggen, og om morgenen er det svært. Ring efter kl. 10. Jeg kan godt lide at gå ture."))
    mentor = make_staff(citizen.municipality, "mette", role=Role.MENTOR, unit_name="Brobyg Mentorhus",
                        first="Mette", last="Holm")
    add_team_member(staff=caseworker, citizen=citizen, member=mentor, role="mentor",
                    valid_from=timezone.localdate())
    log_in(page, live_server, "mette", PASSWORD)
    page.get_by_role("link", name="Ågård").first.click()
    expect(page.get_by_role("heading", name="Min historie – Søren")).to_be_visible()
    expect(page.get_by_text("Du er ny hos Søren")).to_be_visible()
    expect(page.locator("blockquote").get_by_text("Ring efter kl. 10")).to_be_visible()
    assert_accessible(page)
    assert_controls_visible(page)  # the story form, folded away
    screenshot(page, "da-34-min-historie")
    page.get_by_role("link", name="Fortsæt til borgeren").click()
    expect(page.get_by_role("heading", name="Teamet omkring borgeren")).to_be_visible()


def test_the_plan_pdf_renders_in_danish_and_english_and_as_easy_read(client, caseworker, citizen, tmp_path):
    _plan(caseworker, citizen)
    client.force_login(caseworker.user)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for query, name in (("", "da-35-plan-pdf"), ("?sprog=en", "en-35-plan-pdf"), ("?udgave=let", "da-36-plan-let"),
                        ("?udgave=print", "da-37-plan-print")):
        response = client.get(f"/borgere/{citizen.pk}/plan/pdf/{query}")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(response.content)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "udenfor" in text  # the citizen's own goal, in their words, whatever the language
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(SCREENSHOTS / name)],
                       check=True)
    english = subprocess.run(["pdftotext", str(tmp_path / "en-35-plan-pdf.pdf"), "-"], capture_output=True,
                             text=True).stdout
    assert "Who does what" in english


def test_the_plan_and_booking_pages_in_english(page, live_server, caseworker, citizen):
    _plan(caseworker, citizen)
    log_in(page, live_server, "anne", PASSWORD)
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/plan/")
    page.get_by_role("button", name="English").first.click()
    expect(page.get_by_role("heading", name="Søren's own goal")).to_be_visible()
    expect(page.get_by_role("link", name="Change or follow up the plan")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "en-31-plan")
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/aftaler/ny/")
    expect(page.get_by_role("heading", name="Book an appointment")).to_be_visible()
    expect(page.get_by_label("Where or how")).to_have_value("office")
    assert_controls_visible(page)
    screenshot(page, "en-20-book-appointment")
    page.goto(f"{live_server.url}/kalender/")
    expect(page.get_by_role("heading", name="My appointments")).to_be_visible()
    screenshot(page, "en-25-calendar")
