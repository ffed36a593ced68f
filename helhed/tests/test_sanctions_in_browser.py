"""The whole path of an absence, in a real browser: the caseworker documents it and tries to reach the citizen,
sends it to the sanction officer; the officer is stopped by the safeguard checker, assesses, sends the hearing,
records the answer and decides; both letters are PDFs (converted to PNG for review)."""

import datetime
import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from helhed.citizens.models import BenefitPeriod
from helhed.contact.models import Appointment
from helhed.contact.services.appointments import record_not_held
from helhed.core.models import Role
from helhed.sanctions import services
from helhed.sanctions.models import BenefitEvent, BlockedDecision, Decision, SanctionCase
from helhed.tests.browser import SCREENSHOTS, assert_accessible, assert_controls_visible, log_in, screenshot
from helhed.tests.test_appointments_in_browser import Counter
from helhed.tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def missed(caseworker, citizen, make_staff, municipality):
    """Søren (activity-ready, 12,000 kr. a month, guided in writing in January) missed a job conversation."""
    make_staff(municipality, "sif", role=Role.SANCTION_OFFICER, unit_name="Ydelse og Sanktion", first="Sif",
               last="Holm")
    BenefitPeriod.objects.create(municipality=municipality, citizen=citizen, kind="kontanthjaelp",
                                 monthly_amount=Decimal("12000"), valid_from=datetime.date(2024, 1, 1))
    day = timezone.localdate() - datetime.timedelta(days=6)
    services.record_guidance(staff=caseworker, citizen=citizen, given_on=day - datetime.timedelta(days=40),
                             how="digital_post")
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    appointment = Appointment.objects.create(municipality=municipality, citizen=citizen, starts_at=starts,
                                             ends_at=starts + datetime.timedelta(hours=1), organiser=caseworker,
                                             booked_by=caseworker)
    record_not_held(staff=caseworker, appointment=appointment, reason="citizen_absent", notice="none",
                    context="Ingen afbud. Søren har fortalt, at han sover dårligt og har svært ved mødetider.")
    return SanctionCase.objects.get(citizen=citizen)


def _pdf_to_png(page, url, name):
    response = page.request.get(url)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SCREENSHOTS / f"{name}.pdf"
    pdf.write_bytes(response.body())
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(SCREENSHOTS / name)], check=True)
    return response.body()


def test_absence_to_decision_with_letters_as_caseworker_and_sanction_officer(page, live_server, citizen, missed):
    # The caseworker, from the start page.
    log_in(page, live_server, "anne", PASSWORD)
    act = Counter(page)
    act.click(page.get_by_role("link", name="Fraværssager"))
    act.click(page.get_by_role("link", name="Ågård, Søren"))
    expect(page.get_by_text("Ingen afbud. Søren har fortalt").first).to_be_visible()
    attempt = page.locator("form[action$='kontaktforsoeg/']")
    act.select(attempt.get_by_label("Hvordan"), "phone")
    act.fill(attempt.get_by_label("Hvad skete der"), "Ringede kl. 10.30 og 14: ingen svar. Sendte sms.")
    act.click(attempt.get_by_role("button", name="Registrér kontaktforsøget"))
    expect(page.get_by_text("Kontaktforsøget er registreret")).to_be_visible()
    attempt = page.locator("form[action$='kontaktforsoeg/']")
    act.select(attempt.get_by_label("Hvordan"), "mentor")
    act.click(attempt.get_by_label("Vi fik fat i borgeren"))
    act.fill(attempt.get_by_label("Hvad skete der"), "Mentoren Mona fandt Søren hjemme; han ringede selv bagefter.")
    assert_accessible(page)
    assert_controls_visible(page)
    screenshot(page, "da-70-fravaerssag-kontaktforsoeg")
    act.click(attempt.get_by_role("button", name="Registrér kontaktforsøget"))
    expect(page.get_by_text("Kontaktforsøget er registreret")).to_be_visible()
    page.locator("summary").filter(has_text="Tilføj til sagens oplysninger").click()
    act.count += 1
    act.fill(page.get_by_label("Borgerens forklaring med egne ord"), "Jeg sov over mig. Jeg tager sovepiller nu.")
    act.click(page.get_by_role("button", name="Gem oplysningerne"))
    expect(page.get_by_text("Jeg sov over mig.").first).to_be_visible()
    act.click(page.get_by_role("button", name="Send til sanktionsmedarbejderen"))
    expect(page.get_by_text("Sagen er sendt til sanktionsmedarbejderen")).to_be_visible()
    caseworker_interactions = act.count
    screenshot(page, "da-71-fravaerssag-sendt")
    page.get_by_role("button", name="Log af").click()

    # The sanction officer: the start page is the list of cases sent to them.
    log_in(page, live_server, "sif", PASSWORD)
    act = Counter(page)
    expect(page.get_by_role("heading", name="Fraværssager")).to_be_visible()
    act.click(page.get_by_role("link", name="Ågård, Søren"))
    expect(page.get_by_text("Mangler").first).to_be_visible()
    decide = page.locator("form[action$='afgoerelse/']")
    act.click(decide.get_by_text("Fradrag", exact=True))
    act.fill(decide.get_by_label("Begrundelse (citeres i brevet)"), "Søren udeblev uden rimelig grund.")
    act.click(decide.get_by_role("button", name="Træf afgørelse"))
    expect(page.get_by_text("Afgørelsen kan ikke træffes endnu")).to_be_visible()  # the checker stops it
    screenshot(page, "da-72-afgoerelse-blokeret")
    assert BlockedDecision.objects.count() == 1 and not Decision.objects.exists()
    assess = page.locator("form[action$='vurdering/']")
    act.click(assess.get_by_text("Ingen rimelig grund", exact=True))
    act.fill(assess.get_by_label("Vurdering af rimelig grund"),
             "Søren sov over sig. Søvnproblemerne er kendte, men han fik medicin i februar og har mødt siden.")
    act.select(assess.get_by_label("Aktivitetsparat: Vil en sanktion fremme borgerens rådighed?"), "yes")
    act.fill(assess.get_by_label("Hvorfor (en konkret vurdering)"),
             "Søren har mødt stabilt i tre måneder; et fradrag for to dage understøtter aftalen om mødetider.")
    act.fill(assess.get_by_label("Borgerens sårbarhed og øvrige forhold"),
             "Stabil bolig, søvnproblemer i behandling; ingen akut krise. Mentoren er enig i vurderingen.")
    assert_controls_visible(page)
    act.click(assess.get_by_role("button", name="Gem vurderingen"))
    expect(page.get_by_text("Vurderingen er gemt")).to_be_visible()
    act.click(page.get_by_role("button", name="Send partshøringsbrevet"))
    expect(page.get_by_text("Partshøringsbrevet er sendt")).to_be_visible()
    screenshot(page, "da-73-partshoering-sendt")
    answer = page.locator("form[action$='svar/']")
    act.fill(answer.get_by_label("Borgerens svar"), "Jeg ringede og sagde undskyld. Jeg har sat to vækkeure.")
    act.click(answer.get_by_role("button", name="Registrér svaret"))
    expect(page.get_by_text("Borgerens svar er registreret")).to_be_visible()
    decide = page.locator("form[action$='afgoerelse/']")
    act.click(decide.get_by_text("Fradrag", exact=True))
    act.fill(decide.get_by_label("Begrundelse (citeres i brevet)"),
             "Du kom ikke til samtalen og havde ikke en rimelig grund. Du var vejledt om reglerne. Vi trækker for "
             "dagene, til du kontaktede os igen.")
    assert_accessible(page)
    screenshot(page, "da-74-afgoerelse-klar")
    act.click(decide.get_by_role("button", name="Træf afgørelse"))
    expect(page.get_by_text("Afgørelsen er truffet")).to_be_visible()
    officer_interactions = act.count
    assert_accessible(page)
    screenshot(page, "da-75-afgoerelse-truffet")

    decision = Decision.objects.get()
    assert decision.outcome == "deduction" and decision.amount > 0
    assert BenefitEvent.objects.get().amount == decision.amount
    hearing_pdf = page.get_by_role("link", name="Partshøringsbrev (PDF)").get_attribute("href")
    decision_pdf = page.get_by_role("link", name="Afgørelsesbrev (PDF)").get_attribute("href")
    assert b"%PDF" in _pdf_to_png(page, live_server.url + hearing_pdf, "da-76-partshoeringsbrev")[:8]
    assert b"%PDF" in _pdf_to_png(page, live_server.url + decision_pdf, "da-77-afgoerelsesbrev")[:8]

    page.get_by_role("button", name="English").first.click()  # the same page in English
    expect(page.get_by_role("heading", name="Letters to the citizen")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "en-75-decision-made")
    print(f"\nINTERACTIONS absence case: caseworker {caseworker_interactions}, officer {officer_interactions}")

    page.get_by_role("button", name="Dansk").first.click()
    page.get_by_role("link", name="Fravær og sanktioner").click()  # the statistics per unit
    expect(page.get_by_role("rowheader", name="Job & Aktivhuset")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "da-78-fravaer-statistik")


def test_the_administrator_sets_next_years_rates_with_their_source(page, live_server, municipality, make_staff):
    from helhed.sanctions.models import SanctionRate

    make_staff(municipality, "ada", role=Role.ADMIN, first="Ada", last="Holm")
    log_in(page, live_server, "ada", PASSWORD)
    page.get_by_role("link", name="Sanktionssatser").click()
    expect(page.get_by_text("Ikke bekræftet").first).to_be_visible()  # the defaults: the regulated figures not found
    page.get_by_label("Fra", exact=True).fill("2027-01-01")
    for label, value in [("Trin 2 fra", "6700"), ("Trin 3 over", "9850"), ("Trin 4 fra", "14000"),
                         ("Sats på trin 1", "205"), ("Sats på trin 2", "460"), ("Sats på trin 3", "615"),
                         ("Sats på trin 4", "715")]:
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Gem satserne").click()
    expect(page.get_by_text("Ret venligst følgende")).to_be_visible()  # refused without a source, figures kept
    expect(page.get_by_label("Sats på trin 4")).to_have_value("715")
    page.get_by_label("Kilde").fill("Satsregulering 2027 (eksempel til demo): BEK nr. 0000, retsinformation.dk")
    assert_accessible(page)
    assert_controls_visible(page)
    page.get_by_role("button", name="Gem satserne").click()
    expect(page.get_by_text("Satserne er gemt")).to_be_visible()
    screenshot(page, "da-79-sanktionssatser")
    assert SanctionRate.objects.get(valid_from=datetime.date(2027, 1, 1)).rate_4 == 715
