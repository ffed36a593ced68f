"""The job broker creates a company internship from the start page: at a place matched to the citizen's own ranked
wishes, and at a place the citizen found themselves. Each test counts the interactions from the start page (every
click, every field filled in or chosen, the citizen found included); the figures are in bench/README.md."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from helhed.coordination.models import CaseTeamMember
from helhed.coordination.services import add_team_member
from helhed.core.models import Role
from helhed.offers import services
from helhed.offers.models import Employer, Offer, Sector
from helhed.rules.models import EvaluationStamp
from helhed.tests.browser import assert_accessible, assert_controls_visible, log_in, screenshot
from helhed.tests.test_appointments_in_browser import Counter
from helhed.tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker_and_citizen(caseworker, citizen, make_staff, municipality):
    broker = make_staff(municipality, "jobformidler", role=Role.JOB_BROKER, first="Jonas", last="Lund")
    add_team_member(staff=caseworker, citizen=citizen, member=broker, role=CaseTeamMember.TeamRole.JOB_BROKER,
                    valid_from=datetime.date(2025, 3, 1))
    warehouse = services.create_employer(staff=caseworker, name="Fjordby Byggemarked", cvr="13585628",
                                         sector=Sector.WAREHOUSE, postcode="7100")
    care = services.create_employer(staff=caseworker, name="Plejecenter Solgården", cvr="10150817", sector=Sector.CARE,
                                    postcode="7300")
    services.create_place(staff=caseworker, employer=care, title="Servicemedarbejder",
                          tasks="Servering, gåture med beboerne", capacity=2)
    services.create_place(staff=caseworker, employer=warehouse, title="Lagermedhjælper",
                          tasks="Varemodtagelse, pluk og pak", capacity=2, hours_min=8, hours_max=20,
                          accommodations="Pauser efter behov, ingen tunge løft")
    services.save_wishes(staff=caseworker, citizen=citizen, ranking=["tasks", "distance", "hours"],
                         sectors=[Sector.WAREHOUSE], tasks="lager pluk", postcode="7100", hours_per_week=12,
                         accommodation_needs="Ondt i ryggen: ingen tunge løft, pauser efter behov.",
                         in_own_words="Jeg vil gerne arbejde på et lager, hvor der er ro.")
    return broker, citizen


def test_the_job_broker_creates_an_internship_at_a_matched_place_in_at_most_eight_interactions(
        page, live_server, broker_and_citizen):
    broker, citizen = broker_and_citizen
    log_in(page, live_server, "jobformidler", PASSWORD)
    act = Counter(page)
    act.click(page.get_by_role("link", name=f"{citizen.last_name}, {citizen.first_name}"))
    act.click(page.get_by_role("link", name="Find en praktikplads"))
    first = page.locator("#candidates > li").first
    expect(first).to_contain_text("Lagermedhjælper, Fjordby Byggemarked")
    expect(first).to_contain_text("lager, pluk")  # the reason it fits, from the citizen's own wishes
    assert_accessible(page)
    screenshot(page, "da-60-praktik-match")
    act.click(first.get_by_role("link", name="Vælg"))
    expect(page.get_by_label("Tid pr. uge")).to_have_value("12")  # from the wishes
    expect(page.get_by_label("Skånehensyn")).to_have_value("Ondt i ryggen: ingen tunge løft, pauser efter behov.")
    assert_accessible(page)
    assert_controls_visible(page)
    screenshot(page, "da-61-praktik-opret")
    act.click(page.get_by_role("button", name="Opret praktikken"))
    expect(page.get_by_text("Praktikken er oprettet")).to_be_visible()
    screenshot(page, "da-62-praktik-oprettet")
    page.get_by_role("button", name="English").first.click()  # the same page in English
    expect(page.get_by_role("heading", name="Company internship: Fjordby Byggemarked")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "en-62-internship-created")

    assert act.count <= 8, f"{act.count} interactions"
    print(f"\nINTERACTIONS internship at a matched place: {act.count}")
    offer = Offer.objects.get(citizen=citizen)
    assert (offer.kind, offer.place.title, offer.minutes_per_week) == ("virksomhedspraktik", "Lagermedhjælper", 720)
    assert offer.end == offer.start + datetime.timedelta(weeks=13, days=-1)  # aktivitetsparat: 13 weeks (§ 61)
    assert offer.created_by == broker


def test_the_job_broker_creates_an_internship_at_a_place_the_citizen_found_in_at_most_eight_interactions(
        page, live_server, broker_and_citizen):
    broker, citizen = broker_and_citizen
    log_in(page, live_server, "jobformidler", PASSWORD)
    act = Counter(page)
    act.click(page.get_by_role("link", name=f"{citizen.last_name}, {citizen.first_name}"))
    act.click(page.get_by_role("link", name=f"{citizen.first_name} fandt en plads"))
    act.fill(page.get_by_label("Virksomhedens navn"), "Cykelværkstedet i Havnegade")
    act.fill(page.get_by_label("CVR-nummer"), "2500000")  # a digit short
    act.select(page.get_by_label("Branche"), Sector.TRANSPORT.value)
    act.fill(page.get_by_label("Pladsen"), "Cykelmekanikerhjælper")
    act.click(page.get_by_role("button", name="Opret praktikken"))
    expect(page.get_by_text("er ikke et gyldigt CVR-nummer").first).to_be_visible()  # nothing typed is lost
    expect(page.get_by_label("Pladsen")).to_have_value("Cykelmekanikerhjælper")
    act.fill(page.get_by_label("CVR-nummer"), "25000005")
    assert_accessible(page)
    screenshot(page, "da-63-praktik-egen-plads")
    act.click(page.get_by_role("button", name="Opret praktikken"))
    expect(page.get_by_text("Pladsen og praktikken er oprettet")).to_be_visible()

    print(f"\nINTERACTIONS internship at a place the citizen found (one typo corrected): {act.count}")
    assert act.count - 2 <= 8, f"{act.count} interactions, the corrected CVR number included"
    offer = Offer.objects.select_related("place", "employer").get(citizen=citizen)
    employer = Employer.objects.get(cvr="25000005")
    assert (employer.name, employer.sector) == ("Cykelværkstedet i Havnegade", Sector.TRANSPORT)
    assert offer.employer == employer and offer.place.found_by_citizen and offer.place.title == "Cykelmekanikerhjælper"
    # The rules were told: the stored results are due to change by the internship's first day at the latest.
    stamp = EvaluationStamp.objects.get(citizen=citizen)
    assert stamp.evaluated_for == timezone.localdate() and stamp.changes_on <= offer.start


def test_a_mentor_sees_only_referred_citizens_and_registers_an_evening_call_and_an_absence(
        page, live_server, caseworker, citizen, make_citizen, make_staff, municipality):
    from helhed.core.models import OrganisationUnit
    from helhed.offers import referrals
    from helhed.offers.models import Attendance, MentorTime, Referral
    from helhed.sanctions.models import SanctionCase

    provider = OrganisationUnit.objects.create(municipality=municipality, name="Brobyg Mentorhus",
                                               kind=OrganisationUnit.Kind.PROVIDER)
    mentor = make_staff(municipality, "mentor", role=Role.MENTOR, unit_name=provider.name, first="Mona", last="Berg")
    make_citizen(caseworker, cpr="0202901234", first="Mette", last="Holm")  # not referred: the mentor never sees her
    today = timezone.localdate()
    referral = referrals.create_referral(
        staff=caseworker, citizen=citizen, provider=provider, service="Mentorstøtte",
        order_text="Følg Søren til udredning i den socialmedicinske klinik.", granted_minutes_per_week=180,
        valid_from=today - datetime.timedelta(days=7), valid_to=today + datetime.timedelta(days=90))
    referrals.move_referral(staff=caseworker, referral=referral, to_state=Referral.State.SENT)
    referrals.move_referral(staff=mentor, referral=referral, to_state=Referral.State.ACCEPTED)

    log_in(page, live_server, "mentor", PASSWORD)
    expect(page.get_by_role("link", name="Ågård, Søren")).to_be_visible()
    expect(page.get_by_role("link", name="Holm, Mette")).to_have_count(0)
    page.get_by_role("link", name="Ågård, Søren").click()
    page.get_by_role("link", name="Mentorstøtte, Brobyg Mentorhus").click()
    expect(page.get_by_text("Følg Søren til udredning i den socialmedicinske klinik.")).to_be_visible()
    page.get_by_role("link", name="Registrér tid").click()
    page.get_by_label("Type").select_option(MentorTime.Kind.EVENING.value)
    page.get_by_label("Minutter").fill("25")
    page.get_by_label("Notat").fill("Søren ringede kl. 21, bange for udredningen i morgen. Aftalt at jeg henter ham.")
    assert_accessible(page)
    screenshot(page, "da-64-mentor-tid")
    page.get_by_role("button", name="Registrér").click()
    expect(page.get_by_text("Tiden er registreret")).to_be_visible()
    page.get_by_role("link", name="Registrér fremmøde").click()
    page.get_by_text("Nej", exact=True).click()
    page.get_by_label("Årsag til fraværet").select_option(Attendance.Reason.CHILDCARE.value)
    page.get_by_label("Hvad ved du om situationen?").fill("Datteren syg; ingen anden pasning. Ringede selv kl. 8.")
    assert_accessible(page)
    screenshot(page, "da-65-mentor-fravaer")
    page.get_by_role("button", name="Registrér").click()
    expect(page.get_by_text("Fremmødet er registreret")).to_be_visible()
    screenshot(page, "da-66-mentor-henvisning")

    page.get_by_role("button", name="Log af").click()
    log_in(page, live_server, "anne", PASSWORD)
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    expect(page.get_by_text("Datteren syg; ingen anden pasning. Ringede selv kl. 8.")).to_be_visible()
    screenshot(page, "da-67-sagsbehandler-ser-fravaer")
    assert MentorTime.objects.get().kind == "evening"
    # an absence is documentation, never a sanction by itself: a case for the caseworker, with no sanction officer
    assert SanctionCase.objects.get().stage == "documenting"
    assert not SanctionCase.objects.filter(referred_to__isnull=False).exists()


def test_the_team_leader_reads_the_supervision_of_a_provider_and_the_employers(page, live_server, settings, tmp_path):
    from helhed.offers.models import FrameworkAgreement
    from helhed.tests.world import build_world

    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    provider = world.staff[Role.MENTOR].unit
    FrameworkAgreement.objects.create(municipality=provider.municipality, provider=provider,
                                      title="Rammeaftale om mentorstøtte", services=["Mentorstøtte", "Ledsagelse"],
                                      valid_from=datetime.date(2026, 1, 1))
    log_in(page, live_server, Role.TEAM_LEADER, PASSWORD)
    page.get_by_role("button", name="Mere").click()  # the menu's overflow: the team leader has nine items
    page.get_by_role("link", name="Tilsyn med leverandører").click()
    expect(page.get_by_text("Rammeaftale om mentorstøtte")).to_be_visible()
    page.get_by_role("link", name=f"Tilsyn med {provider.name}").click()
    expect(page.locator("#supervision")).to_contain_text("Henvisninger")
    assert_accessible(page)
    screenshot(page, "da-68-tilsyn-leverandoer")
    page.get_by_role("link", name="Virksomheder").click()
    expect(page.get_by_role("link", name="Fjordby Byggemarked")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "da-69-virksomheder")
