"""The leader's figures on a small built world (conftest.py), each checked against what was built, and the counts of
caseload and parking checked again with independent SQL."""

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from helhed.audit.models import StatedReasonAccess
from helhed.citizens.models import AccessLogEntry
from helhed.core.figures import MIN_CELL, Cell
from helhed.insight import selectors
from helhed.insight.tables import TABLES, Figures
from helhed.insight.tests.conftest import add_citizen, held_appointment, offer
from helhed.offers.models import MentorTime, Offer, Referral
from helhed.plans.models import Involvement, Plan, PlanSignature, PlanVersion, Position
from helhed.rules.models import ObligationRecord

pytestmark = pytest.mark.django_db


def _figures(small, months=3):
    today = timezone.localdate()
    return Figures(small.municipality.pk, today, today - datetime.timedelta(days=365), today, months)


def _row(table, label):
    return next(row for row in table.rows if row[0] == label)


# 1. Caseload ---------------------------------------------------------------------------------------------------

def test_caseload_counts_open_cases_and_weighs_the_activity_ready_more(small):
    rows = {row.staff.user.username: row for row in selectors.caseload(small.municipality.pk, timezone.localdate())}
    assert rows["anne"].raw == 11
    assert rows["anne"].weighted == 7 * 1.5 + 3 + 1
    assert rows["bo"].raw == 3 and rows["bo"].weighted == 3
    assert rows["carl"].raw == 0  # a caseworker without cases is listed, at 0
    assert "leder" not in rows and "fremmed" not in rows
    assert rows["anne"].band == "below"


def test_caseload_band_against_the_guideline(small, monkeypatch):
    monkeypatch.setattr(selectors, "CASELOAD_GUIDELINE", (10, 15))
    rows = {row.staff.user.username: row for row in selectors.caseload(small.municipality.pk, timezone.localdate())}
    assert (rows["anne"].band, rows["bo"].band) == ("within", "below")
    monkeypatch.setattr(selectors, "CASELOAD_GUIDELINE", (5, 10))
    rows = {row.staff.user.username: row for row in selectors.caseload(small.municipality.pk, timezone.localdate())}
    assert rows["anne"].band == "above"


def test_caseload_table_suppresses_a_caseworker_with_fewer_than_five_and_says_not_confirmed(small):
    table = _figures(small).caseload_table()
    bo = _row(table, "Bo Berg")
    assert bo[2].suppressed and bo[3].suppressed
    anne = _row(table, "Anne Andersen")
    assert anne[2].value == 11 and anne[3].value == 14.5
    assert "not confirmed" in table.note or "ikke bekræftet" in table.note


def test_caseload_matches_independent_sql(small):
    with connection.cursor() as cursor:
        cursor.execute("SELECT responsible_id, COUNT(*) FROM citizens_case WHERE status = 'open' "
                       "AND municipality_id = %s GROUP BY responsible_id", [small.municipality.pk])
        by_sql = dict(cursor.fetchall())
    by_selector = {row.staff.pk: row.raw for row in selectors.caseload(small.municipality.pk, timezone.localdate())
                   if row.raw}
    assert by_selector == by_sql


# 2. Parking ---------------------------------------------------------------------------------------------------

def test_parking_counts_citizens_without_a_held_appointment_offer_or_meeting(small):
    result = selectors.parking(small.municipality.pk, timezone.localdate(), 3)
    by_group = {row["group"]: (row["cases"], row["parked"]) for row in result["by_group"]}
    assert by_group == {"3": (7, 4), "2": (6, 6)}  # the new case in group 4 is too young to count
    by_staff = {row["responsible_id"]: (row["cases"], row["parked"]) for row in result["by_staff"]}
    assert by_staff == {small.staff["anne"].pk: (10, 7), small.staff["bo"].pk: (3, 3)}


def test_parking_over_six_months_counts_the_appointment_five_months_ago_as_seen(small):
    result = selectors.parking(small.municipality.pk, timezone.localdate(), 6)
    assert {row["group"]: row["parked"] for row in result["by_group"]}["3"] == 3


def test_parking_matches_independent_sql(small):
    today = timezone.localdate()
    cutoff = selectors.parking_cutoff(today, 3)
    since = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    until = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min))
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT c.responsible_id, COUNT(*) FROM citizens_case c
            WHERE c.status = 'open' AND c.municipality_id = %s AND c.opened_on <= %s
              AND NOT EXISTS (SELECT 1 FROM contact_appointment a WHERE a.citizen_id = c.citizen_id
                              AND a.status = 'held' AND a.starts_at >= %s AND a.starts_at < %s)
              AND NOT EXISTS (SELECT 1 FROM offers_offer o WHERE o.citizen_id = c.citizen_id AND o.start <= %s
                              AND (o.ended_on >= %s OR (o.ended_on IS NULL AND (o."end" >= %s OR o."end" IS NULL))))
              AND NOT EXISTS (SELECT 1 FROM meetings_meeting m WHERE m.citizen_id = c.citizen_id
                              AND m.held_on >= %s AND m.held_on <= %s)
            GROUP BY c.responsible_id""",
                       [small.municipality.pk, cutoff, since, until, today, cutoff, cutoff, cutoff, today])
        by_sql = dict(cursor.fetchall())
    result = selectors.parking(small.municipality.pk, today, 3)
    assert {row["responsible_id"]: row["parked"] for row in result["by_staff"]} == by_sql
    assert selectors.parked_citizens(small.municipality.pk, today, 3).count() == sum(by_sql.values())


def test_parking_tables_suppress_small_cells(small):
    figures = _figures(small)
    bo = _row(figures.parking_staff_table(), "Bo Berg")
    assert bo[2].suppressed and bo[3].suppressed and bo[4].suppressed
    rows = {row[0]: row for row in figures.parking_group_table().rows}
    assert any(row[2].value == 6 for row in rows.values())


# 3. Creaming ---------------------------------------------------------------------------------------------------

def test_effort_by_distance_counts_conversations_offers_and_mentor_hours_per_band(small):
    far, anne = small.citizens["far"], small.staff["anne"]
    provider = anne.unit
    referral = Referral.objects.create(
        municipality=small.municipality, citizen=far[5], provider=provider, service="Mentor", order_text="Følg.",
        granted_minutes_per_week=60, valid_from=timezone.localdate() - datetime.timedelta(days=30),
        valid_to=timezone.localdate() + datetime.timedelta(days=30), created_by=anne)
    MentorTime.objects.create(municipality=small.municipality, citizen=far[5], referral=referral, staff=anne,
                              on=timezone.localdate() - datetime.timedelta(days=3), minutes=90, kind="meeting")
    today = timezone.localdate()
    rows = {r["key"]: r for r in selectors.effort_by_distance(small.municipality, today - datetime.timedelta(days=365),
                                                              today)}
    assert rows["far"]["citizens"] == 7
    assert rows["far"]["conversations"] == 2  # 30 and 150 days ago; the booked one is not held
    assert rows["far"]["with_conversation"] == 2
    assert rows["far"]["offers"] == 1 and rows["far"]["mentor_minutes"] == 90
    assert rows["close"]["citizens"] == 7  # groups 2 and 4
    assert rows["close"]["conversations"] == 0


def test_effort_by_distance_for_given_citizens_only(small):
    today = timezone.localdate()
    ids = [c.pk for c in small.citizens["far"][:5]]
    rows = selectors.effort_by_distance(small.municipality.pk, today - datetime.timedelta(days=365), today,
                                        citizen_ids=ids)
    assert [(r["key"], r["citizens"]) for r in rows] == [("far", 5)]


def test_effort_by_years_on_benefit_without_benefits_is_one_band(small):
    today = timezone.localdate()
    rows = selectors.effort_by_distance(small.municipality.pk, today - datetime.timedelta(days=365), today, by="years")
    assert [(r["key"], r["citizens"]) for r in rows] == [(selectors.NO_BENEFIT, 14)]


def test_effort_table_suppresses_means_of_a_small_group(small):
    today = timezone.localdate()
    ids = [c.pk for c in small.citizens["far"][:3]]
    figures = _figures(small)
    table = figures._effort_table("t", "x", selectors.effort_by_distance(
        small.municipality.pk, today - datetime.timedelta(days=365), today, citizen_ids=ids), str)
    assert all(cell.suppressed for cell in table.rows[0][1:])


# 4. Deadlines --------------------------------------------------------------------------------------------------

def test_deadlines_met_per_unit_from_the_stored_results(small):
    today = timezone.localdate()
    citizens = small.citizens["far"] + small.citizens["close"]
    for i, citizen in enumerate(citizens):
        status = "met" if i < 6 else "overdue" if i < 8 else "upcoming"
        ObligationRecord.objects.create(municipality=small.municipality, citizen=citizen, rule_id="r", rule_set="x",
                                        status=status, due=today, evaluated_for=today)
    rows = selectors.deadlines_by_unit(small.municipality.pk)
    assert [(r["unit_name"], r["met"], r["overdue"], r["upcoming"], r["citizens"]) for r in rows] == [
        ("Team Nord", 6, 2, 2, 10)]
    table = _figures(small).deadlines_table()
    nord = _row(table, "Team Nord")
    assert nord[5].value == 75.0 and nord[3].suppressed  # 6 of 8 due; 2 overdue is suppressed


# 5. Sanctions ---------------------------------------------------------------------------------------------------

def test_sanctions_table_reuses_the_sanctions_statistics(small, monkeypatch):
    from helhed.sanctions import selectors as sanction_selectors

    monkeypatch.setattr(sanction_selectors, "unit_statistics", lambda municipality_id: [
        {"unit": "Team Nord", "absences": 12, "resolved": 6, "sanctions": 3, "no_sanction": 0, "open": 3,
         "blocked": 5, "resolved_share": 50, "missing": [], "median_days": 10}])
    row = _row(_figures(small).sanctions_table(), "Team Nord")
    assert row[1].value == 12 and row[2].value == 6 and row[3].value == 50.0 and row[4].suppressed
    assert row[7].value == 5


# 6. The four values ---------------------------------------------------------------------------------------------

def test_efficiency_counts_offers_ending_in_a_job(small):
    anne, today = small.staff["anne"], timezone.localdate()
    for i, citizen in enumerate(small.citizens["far"][:6]):
        offer(citizen, anne, start=today - datetime.timedelta(days=100), end=today - datetime.timedelta(days=10),
              ended_on=today - datetime.timedelta(days=10),
              outcome=Offer.Outcome.HIRED if i < 5 else Offer.Outcome.STOPPED)
    table = _figures(small).efficiency_table()
    assert [c.value for c in table.cells()[:3]] == [6, 5, 83.3]


def test_time_to_first_offer_for_cases_opened_in_the_period(small):
    anne, today = small.staff["anne"], timezone.localdate()
    citizens = [add_citizen(small.municipality, anne, "2", opened_days_ago=40) for _ in range(5)]
    for citizen in citizens:
        offer(citizen, anne, start=today - datetime.timedelta(days=30))
    result = selectors.time_to_first_offer(small.municipality.pk, today - datetime.timedelta(days=60), today)
    assert result["with_offer"] == 5 and result["mean_days"] == pytest.approx(10)


def test_responsiveness_counts_own_goals(small):
    for citizen in small.citizens["far"]:
        Plan.objects.create(municipality=small.municipality, citizen=citizen, own_goal="Arbejde med dyr.")
    today = timezone.localdate()
    result = selectors.responsiveness(small.municipality.pk, today - datetime.timedelta(days=365), today)
    assert (result["citizens"], result["with_own_goal"]) == (14, 7)


def test_respect_counts_signed_plans_and_says_complaints_are_not_recorded(small):
    anne = small.staff["anne"]
    for i, citizen in enumerate(small.citizens["far"][:5]):
        plan = Plan.objects.create(municipality=small.municipality, citizen=citizen)
        version = PlanVersion.objects.create(municipality=small.municipality, plan=plan, number=1, content={},
                                             changed_by=anne, involvement=Involvement.CO_CREATION,
                                             citizen_position=Position.AGREES)
        if i < 5:
            PlanSignature.objects.create(municipality=small.municipality, version=version, method="on_screen",
                                         recorded_by=anne)
    table = _figures(small).respect_table()
    assert table.rows[0][1].value == 5 and table.rows[1][1].value == 100.0
    assert table.rows[-1][1] == gettext("Not recorded in Helhed")


# The rule: no count of 1–4 anywhere --------------------------------------------------------------------------

def test_no_table_shows_a_count_from_one_to_four(small):
    figures = _figures(small)
    for key, build in TABLES.items():
        for cell in build(figures).cells():
            if isinstance(cell.value, int) and not isinstance(cell.value, bool) and cell.unit != "%":
                assert cell.value == 0 or cell.value >= MIN_CELL, (key, cell)


def test_the_page_shows_no_count_from_one_to_four(small, client):
    client.force_login(small.staff["leader"].user)
    response = client.get(reverse("insight:overview"))
    assert response.status_code == 200
    numbers = re.findall(r'<td class="n">([^<]*)</td>', response.content.decode())
    assert numbers
    assert not [n for n in numbers if re.fullmatch(r"\s*[1-4]\s*", n)]
    assert "&lt; 5" in response.content.decode()


# Pages, downloads, drill-down -----------------------------------------------------------------------------------

def test_who_may_open_the_pages(small, client):
    for username, overview, parked in [("leder", 200, 200), ("dpo", 200, 403), ("anne", 403, 403)]:
        client.force_login(getattr(small.staff[username if username != "leder" else "leader"], "user"))
        assert client.get(reverse("insight:overview")).status_code == overview, username
        assert client.get(reverse("insight:parked") + f"?medarbejder={small.staff['bo'].pk}").status_code == parked


def test_every_table_downloads_as_csv(small, client):
    client.force_login(small.staff["leader"].user)
    for key in TABLES:
        response = client.get(reverse("insight:download") + f"?tabel={key}&format=csv")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv"), key
    text = client.get(reverse("insight:download") + "?tabel=sagstal&format=csv").content.decode("utf-8-sig")
    lines = text.splitlines()
    assert any(line.startswith("Anne Andersen;Team Nord;11;14.5") for line in lines)
    assert any(line.startswith("Bo Berg;Team Nord;<5;<5") for line in lines)
    assert client.get(reverse("insight:download") + "?format=xlsx").status_code == 200
    pdf = client.get(reverse("insight:download") + "?tabel=respekt&format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("insight:download") + "?format=exe").status_code == 404


def test_drill_down_without_a_reason_names_no_one_and_says_how_to_get_one(small, client):
    client.force_login(small.staff["leader"].user)
    before = AccessLogEntry.objects.count()
    response = client.get(reverse("insight:parked") + f"?medarbejder={small.staff['anne'].pk}")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Aktiv" not in page and "Jobparat" not in page
    assert reverse("audit:stated_access") in page
    assert AccessLogEntry.objects.count() == before


def test_drill_down_with_a_reason_names_that_citizen_and_logs_the_read(small, client):
    leader, parked = small.staff["leader"], small.citizens["far"][4]
    now = timezone.now()
    StatedReasonAccess.objects.create(municipality=small.municipality, staff=leader, citizen=parked,
                                      kind=StatedReasonAccess.Kind.BREAK_THE_GLASS, reason="Klage over forløbet.",
                                      granted_at=now, expires_at=now + datetime.timedelta(minutes=60))
    client.force_login(leader.user)
    response = client.get(reverse("insight:parked") + f"?medarbejder={small.staff['anne'].pk}")
    page = response.content.decode()
    assert parked.full_name in page
    assert page.count(">Aktiv ") == 1  # only the one with a reason; the other parked ones are counted, not named
    logged = list(AccessLogEntry.objects.filter(page="insight:parked"))
    assert [(e.citizen_id, e.staff_id) for e in logged] == [(parked.pk, leader.pk)]


def test_drill_down_by_target_group_and_not_without_a_filter(small, client):
    client.force_login(small.staff["leader"].user)
    assert client.get(reverse("insight:parked") + "?gruppe=2").status_code == 200
    assert client.get(reverse("insight:parked")).status_code == 302


def test_seen_citizen_is_not_in_the_drill_down(small):
    today = timezone.localdate()
    parked = set(selectors.parked_citizens(small.municipality.pk, today, 3, responsible_id=small.staff["anne"].pk)
                 .values_list("pk", flat=True))
    far = small.citizens["far"]
    assert {far[0].pk, far[1].pk, far[2].pk}.isdisjoint(parked)
    assert {far[3].pk, far[4].pk} <= parked
    held_appointment(far[3], small.staff["anne"], 2)
    assert far[3].pk not in set(selectors.parked_citizens(small.municipality.pk, today, 3).values_list("pk", flat=True))


def test_a_suppressed_cell_is_a_cell():
    assert isinstance(selectors.CASELOAD_GUIDELINE, tuple) and Cell(None, suppressed=True).export == f"<{MIN_CELL}"


def test_caseload_shows_the_leaders_own_unit_first_and_every_unit_on_request(small, client):
    client.force_login(small.staff["leader"].user)
    own = client.get(reverse("insight:overview")).content.decode()
    assert "Anne Andersen" in own and "Carl Christensen" not in own
    every = client.get(reverse("insight:overview") + "?enhed=alle").content.decode()
    assert "Carl Christensen" in every
    csv = client.get(reverse("insight:download") + "?tabel=sagstal&format=csv&enhed=alle").content.decode("utf-8-sig")
    assert "Carl Christensen;Team Syd;0;0" in csv


def test_the_creaming_signal_compares_a_programmes_members_with_everyone(db):
    from helhed.demo.generator import Generator
    from helhed.insight.tables import Figures
    from helhed.programmes.models import Enrolment, Programme

    today = timezone.localdate()
    m = Generator(citizens=300, seed=9, as_of=today, code="909").run().municipality
    figures = Figures(municipality_id=m.pk, today=today, start=today - datetime.timedelta(days=365), end=today)
    table = figures.effort_programmes_table()
    fsm1 = Programme.objects.get(municipality=m, name="Flere skal med 1")
    labels = [row[0] for row in table.rows]
    assert labels[0] in ("Everyone with a case", "Alle med en sag")
    assert any(fsm1.name in label for label in labels)
    members = Enrolment.objects.filter(programme=fsm1).count()
    member_row = next(row for row in table.rows if fsm1.name in row[0])
    assert member_row[1].value == members or (member_row[1].suppressed and members < 5)
