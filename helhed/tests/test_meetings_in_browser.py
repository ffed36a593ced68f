"""A coordinating caseworker holds a coordination meeting with staff from three units, a GP as an external
participant, the citizen and a bisidder, the citizen's points first; the actions reach each staff owner's worklist,
and the minutes reach the citizen's record and the outbox."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from helhed.citizens import services as citizen_services
from helhed.citizens.models import Consent
from helhed.contact.models import JournalNote, OutboxMessage
from helhed.coordination.models import CaseTeamMember
from helhed.coordination.services import add_team_member
from helhed.core.models import Role
from helhed.meetings.models import Action, Meeting
from helhed.tests.browser import assert_accessible, assert_controls_visible, log_in, screenshot
from helhed.tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TEAM = CaseTeamMember.TeamRole


@pytest.fixture
def team(caseworker, citizen, make_staff, municipality):
    since = datetime.date(2025, 3, 1)
    coordinator = make_staff(municipality, "koordinator", role=Role.COORDINATING_CASEWORKER, first="Karin",
                             last="Kolding")
    broker = make_staff(municipality, "jonas", role=Role.JOB_BROKER, unit_name="Virksomhedsservice", first="Jonas",
                        last="Lund")
    housing = make_staff(municipality, "bodil", role=Role.PARTNER, unit_name="Boligsocialt Hus", first="Bodil",
                         last="Berg")
    unconsented = make_staff(municipality, "henrik", role=Role.PARTNER, unit_name="Misbrugscentret", first="Henrik",
                             last="Holm")
    for member, role in [(coordinator, TEAM.COORDINATING_CASEWORKER), (broker, TEAM.JOB_BROKER),
                         (housing, TEAM.PARTNER), (unconsented, TEAM.PARTNER)]:
        add_team_member(staff=caseworker, citizen=citizen, member=member, role=role, valid_from=since)
    citizen_services.record_consent(staff=caseworker, citizen=citizen, purpose="Samarbejde om bolig og økonomi.",
                                    legal_basis=Consent.LegalBasis.GDPR_CONSENT, given_on=since,
                                    recipient_unit=housing.unit)
    return coordinator, broker, housing


def test_a_coordination_meeting_with_three_units_a_gp_the_citizen_and_a_bisidder(page, live_server, citizen, team):
    coordinator, broker, housing = team
    log_in(page, live_server, "koordinator", PASSWORD)
    page.get_by_role("link", name="Ågård, Søren").click()
    page.get_by_role("link", name="Registrér et koordinationsmøde").click()
    expect(page.get_by_text("Henrik Holm (Misbrugscentret): intet samtykke fra borgeren dækker dem")).to_be_visible()
    page.get_by_role("link", name="Tilføj en ekstern deltager").click()
    page.get_by_label("Navn").fill("Lene Dahl")
    page.get_by_label("Hvem de er").select_option("gp")
    page.get_by_label("Organisation").fill("Lægehuset Fjordby")
    page.get_by_label("Sådan når man dem").fill("Telefon 9912 3456, kl. 8–9")
    page.get_by_role("button", name="Tilføj").click()

    page.get_by_label("Borgerens egne punkter").fill("Jeg vil gerne have ro på boligen først\nJeg er bange for praktikken")
    page.get_by_label("Andre punkter").fill("Udredning hos lægen\nPraktik i foråret")
    for name in ("Anne Sørensen", "Jonas Lund", "Bodil Berg", "Karin Kolding", "Lene Dahl"):
        page.get_by_label(name).check()
    page.get_by_label("Bisidder (navn)").fill("Mette, Sørens søster")
    page.get_by_label("Referat i et enkelt sprog").fill(
        "Vi talte om, at Søren først skal have ro på boligen. Praktikken venter til efter udredningen.")
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    rows = [("Søg om boligstøtte sammen med Søren", f"staff:{housing.pk}"),
            ("Find en praktikplads med lav start", f"staff:{broker.pk}"),
            ("Henvis til udredning af søvn og angst", "external:"), ("Ring til boligforeningen", "citizen")]
    for i, (text, owner) in enumerate(rows, start=1):
        page.get_by_label(re.compile(rf"^Handling {i}\b")).fill(text)
        select = page.get_by_label(f"Ansvarlig for handling {i}")
        if owner == "external:":
            select.select_option(label="Lene Dahl")
        else:
            select.select_option(owner)
        page.get_by_label(f"Frist for handling {i}").fill(due)
    assert_accessible(page)
    assert_controls_visible(page)
    screenshot(page, "da-80-koordinationsmoede")
    page.get_by_role("button", name="Registrér mødet").click()
    expect(page.get_by_text("Mødet er registreret")).to_be_visible()
    items = page.locator("ol li")
    expect(items.first).to_contain_text("Jeg vil gerne have ro på boligen først")  # the citizen's points first
    assert_accessible(page)
    screenshot(page, "da-81-moedereferat")

    meeting = Meeting.objects.get()
    assert [item["by_citizen"] for item in meeting.agenda] == [True, True, False, False]
    assert Action.objects.count() == 4
    assert "Vi talte om, at Søren først skal have ro" in JournalNote.objects.get(kind="coordination").text
    assert OutboxMessage.objects.filter(citizen=citizen, subject__startswith="Referat").exists()

    for username, action in [("jonas", "Find en praktikplads med lav start"),
                             ("bodil", "Søg om boligstøtte sammen med Søren")]:
        page.get_by_role("button", name="Log af").click()
        log_in(page, live_server, username, PASSWORD)
        page.goto(f"{live_server.url}/det-skal-ske/")
        expect(page.get_by_text(action)).to_be_visible()
    screenshot(page, "da-82-handling-i-det-skal-ske")

    page.get_by_role("button", name="Log af").click()
    log_in(page, live_server, "koordinator", PASSWORD)
    page.get_by_role("link", name="Koordinering").first.click()  # the desk: coordinated citizens and their duties
    expect(page.get_by_role("link", name="Ågård, Søren")).to_be_visible()
    expect(page.get_by_text("5 personer fra 4 enheder, 1 ekstern")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "da-83-koordinators-skrivebord")

    # The partner on the team whom no consent covers: a page that says why, and what would give a reason.
    page.get_by_role("button", name="Log af").click()
    log_in(page, live_server, "henrik", PASSWORD)
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingen grund til at se denne borger")
    expect(page.get_by_text("et samtykke fra borgeren dækker din organisation")).to_be_visible()
    expect(page.get_by_text("Ågård")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "da-85-ingen-grund")


def test_the_team_leader_reads_the_relational_coordination_heatmap(page, live_server, municipality, make_staff):
    from helhed.coordination.models import RCSurvey
    from helhed.coordination.rc_services import generate_answers
    from helhed.core.models import OrganisationUnit

    make_staff(municipality, "tove", role=Role.TEAM_LEADER, first="Tove", last="Thorsen")
    today = timezone.localdate()
    survey = RCSurvey.objects.create(municipality=municipality, title="Efterår 2026",
                                     opens_on=today - datetime.timedelta(days=10), closes_on=today)
    units = [OrganisationUnit.objects.create(municipality=municipality, name=name,
                                             kind=OrganisationUnit.Kind.EMPLOYMENT) for name in ("Team Nord", "Team Syd")]
    generate_answers(survey, units=units, per_role={Role.CASEWORKER: 9, Role.MENTOR: 6,
                                                    Role.COORDINATING_CASEWORKER: 5, Role.JOB_BROKER: 3})
    log_in(page, live_server, "tove", PASSWORD)
    page.goto(f"{live_server.url}/samarbejde/")
    expect(page.get_by_role("heading", name="Efterår 2026")).to_be_visible()
    expect(page.get_by_text("færre end 5").first).to_be_visible()  # the job brokers' row: 3 respondents
    assert_accessible(page)
    screenshot(page, "da-84-relationel-koordinering")
