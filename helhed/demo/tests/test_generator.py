import datetime
import hashlib

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from helhed.citizens.cpr import normalise_cpr
from helhed.citizens.models import BenefitPeriod, Case, Citizen, TargetGroupPeriod
from helhed.contact.models import CalendarColleague, JournalNote
from helhed.core.models import Municipality, OrganisationUnit, Role, StaffMember, StaffRole
from helhed.demo.generator import DEMO_CALENDAR_COLLEAGUES, DEMO_LOGINS, DEMO_TAKEOVER_ON, TEAM_SIZE, Generator
from helhed.rules.selectors import day_plan
from helhed.rules.services import refresh_everyone

AS_OF = datetime.date(2026, 11, 1)


def _fingerprint(municipality):
    digest = hashlib.sha256()
    for row in Citizen.objects.filter(municipality=municipality).order_by("cpr").values_list(
        "cpr", "first_name", "last_name", "address", "phone", "preferred_language", "reachability_notes"
    ):
        digest.update(repr(row).encode())
    for row in TargetGroupPeriod.objects.filter(municipality=municipality).order_by("citizen__cpr", "valid_from").values_list(
        "citizen__cpr", "group", "valid_from", "valid_to", "reason"
    ):
        digest.update(repr(row).encode())
    for row in JournalNote.objects.filter(municipality=municipality).order_by("citizen__cpr", "created_at", "text").values_list(
        "citizen__cpr", "occurred_on", "kind", "text"
    ):
        digest.update(repr(row).encode())
    for row in Case.objects.filter(municipality=municipality).order_by("citizen__cpr").values_list(
        "citizen__cpr", "opened_on", "first_approach_on"
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.mark.django_db
def test_generator_is_deterministic_for_a_seed():
    first = Generator(citizens=150, seed=7, as_of=AS_OF, code="901").run().municipality
    second = Generator(citizens=150, seed=7, as_of=AS_OF, code="902").run().municipality
    third = Generator(citizens=150, seed=8, as_of=AS_OF, code="903").run().municipality
    assert _fingerprint(first) == _fingerprint(second)
    assert _fingerprint(first) != _fingerprint(third)


@pytest.mark.django_db
def test_generated_municipality_is_realistic_and_keeps_the_invariants():
    result = Generator(citizens=800, seed=3, as_of=AS_OF).run()
    m = result.municipality
    citizens = Citizen.objects.filter(municipality=m)
    assert citizens.count() == 800
    # Every citizen: a valid CPR, age 18–67, one open case, exactly one open target-group period, no overlaps.
    for citizen in citizens:
        assert normalise_cpr(citizen.cpr) == citizen.cpr
        age = (AS_OF - citizen.birth_date).days // 365
        assert 18 <= age <= 67
    assert Case.objects.filter(municipality=m, status="open").values("citizen").distinct().count() == 800
    assert TargetGroupPeriod.objects.filter(municipality=m, valid_to__isnull=True).count() == 800
    periods = {}
    for p in TargetGroupPeriod.objects.filter(municipality=m).order_by("citizen_id", "valid_from"):
        previous = periods.get(p.citizen_id)
        if previous:
            assert previous.valid_to is not None and previous.valid_to < p.valid_from
        periods[p.citizen_id] = p
    # The mix: mostly jobparat/aktivitetsparat, a long-term group, target-group changes, Danish letters in names.
    current = dict(TargetGroupPeriod.objects.filter(municipality=m, valid_to__isnull=True)
                   .values_list("group").annotate(n=Count("id")))
    assert current.get("2", 0) + current.get("3", 0) + current.get("5", 0) > 400
    long_term = BenefitPeriod.objects.filter(municipality=m, valid_from__lte=AS_OF.replace(year=AS_OF.year - 5)).values("citizen").distinct().count()
    assert 0.15 * 800 < long_term < 0.45 * 800
    changed = TargetGroupPeriod.objects.filter(municipality=m).values("citizen").annotate(n=Count("id")).filter(n__gt=1).count()
    assert changed > 100
    assert citizens.filter(last_name__regex=r"[æøåÆØÅ]").exists() or citizens.filter(first_name__regex=r"[æøåÆØÅ]").exists()
    # Staff: about one caseworker per 40 citizens, and every role present.
    assert StaffRole.objects.filter(staff__municipality=m, role=Role.CASEWORKER).count() >= 800 / 40
    assert set(StaffRole.objects.filter(staff__municipality=m).values_list("role", flat=True)) == set(Role.values)
    assert JournalNote.objects.filter(municipality=m).count() >= 2 * 800
    assert JournalNote.objects.filter(municipality=m).exclude(author__municipality=m).count() == 0
    # LAB § 6 nr. 4–5 only for citizens under 30 on the day the period starts (as the services refuse otherwise).
    young_groups = TargetGroupPeriod.objects.filter(municipality=m, group__in=["4", "5"]).select_related("citizen")
    assert young_groups.exists()
    assert [p for p in young_groups if p.citizen.age_on(p.valid_from) >= 30] == []


@pytest.mark.django_db
def test_every_open_case_has_a_first_approach_shortly_before_its_course_began():
    m = Generator(citizens=300, seed=5, as_of=AS_OF).run().municipality
    assert m.takeover_on == DEMO_TAKEOVER_ON
    first_start = {}
    for citizen_id, valid_from in TargetGroupPeriod.objects.filter(municipality=m).values_list("citizen_id", "valid_from"):
        first_start[citizen_id] = min(valid_from, first_start.get(citizen_id, valid_from))
    days_before = []
    for case in Case.objects.filter(municipality=m, status="open"):
        assert case.first_approach_on is not None
        assert datetime.date(2000, 1, 1) <= case.first_approach_on <= AS_OF
        days_before.append((first_start[case.citizen_id] - case.first_approach_on).days)
    assert len(days_before) == 300
    assert all(0 <= days <= 30 for days in days_before)
    assert sum(days <= 10 for days in days_before) > 0.8 * len(days_before)
    # Long-running cases: the first approach lies years back.
    assert any(case.first_approach_on < AS_OF.replace(year=AS_OF.year - 5) for case in Case.objects.filter(municipality=m))


def test_the_demo_kommune_took_helhed_into_use_on_1_september_2026_or_three_months_before_an_earlier_date():
    assert DEMO_TAKEOVER_ON == datetime.date(2026, 9, 1)
    assert Generator(citizens=1, seed=1, as_of=datetime.date(2026, 11, 30)).takeover_on == DEMO_TAKEOVER_ON
    assert Generator(citizens=1, seed=1, as_of=datetime.date(2025, 6, 1)).takeover_on == datetime.date(2025, 3, 2)


@pytest.mark.django_db
def test_generate_command_with_if_empty_does_not_generate_twice(capsys):
    call_command("generate_municipality", "--citizens", "20", "--seed", "1", "--if-empty")
    call_command("generate_municipality", "--citizens", "20", "--seed", "1", "--if-empty")
    assert Municipality.objects.count() == 1
    assert "sagsbehandler" in capsys.readouterr().out


def test_demo_journal_texts_use_danish_genitives():
    """A name ending in s takes an apostrophe in Danish: "Lars' plan", never "Larss plan"."""
    import random
    from types import SimpleNamespace

    from helhed.demo import texts
    from helhed.demo.generator import Generator

    person = SimpleNamespace(full_name="Karoline Østergaard", name="Fjordby Planteskole")
    generator = Generator.__new__(Generator)
    generator.rng = random.Random(1)
    written = []
    for situation, templates in texts.JOURNAL_TEMPLATES.items():
        for _ in range(len(templates) * 3):
            written.append(generator._note_text(situation, "Lars", person, person, person)[1])
    text = " ".join(written)
    assert "Larss" not in text and "Lars'" in text


@pytest.mark.django_db
def test_the_demo_caseworkers_worklist_is_a_days_work_not_years_of_red_items():
    """Issue 11: before the takeover date and the months of work since it, the demo caseworker's worklist held 33
    overdue items back to 2013. Now a caseworker's day plan holds a handful, none due before the takeover."""
    today = datetime.date(2026, 11, 30)
    municipality = Generator(citizens=600, seed=1, as_of=today, code="903").run().municipality
    refresh_everyone(today)
    for staff in StaffMember.objects.filter(municipality=municipality, roles__role=Role.CASEWORKER)[:5]:
        plan = day_plan(staff, today, today)
        items = [i for work in plan.overdue + plan.this_week for i in work.items]
        assert len(items) <= 15
        assert all(i.obligation.due >= DEMO_TAKEOVER_ON for i in items)


def _organisation(code, citizens=20_000, seed=2):
    generator = Generator(citizens=citizens, seed=seed, as_of=AS_OF, code=code)
    with transaction.atomic():
        firsts = generator.build_organisation()
    return generator.municipality, firsts


def _units(municipality):
    return sorted(
        (unit.name, unit.kind, unit.parent.name if unit.parent else "", unit.staff_count)
        for unit in OrganisationUnit.objects.filter(municipality=municipality).select_related("parent")
        .annotate(staff_count=Count("staff")) if unit.staff_count
    )


@pytest.mark.django_db
def test_a_large_municipality_works_in_teams_of_tens_not_one_unit_of_thousands():
    """Issue 12: at 100,000 citizens the generator put 3,869 staff into one unit (and the week calendar showed them
    all). Now the jobcentre works in teams, each with its team leader, and large providers split into teams too."""
    municipality, firsts = _organisation("904")
    units = _units(municipality)
    assert max(size for *_, size in units) <= TEAM_SIZE
    jobcentre = OrganisationUnit.objects.get(municipality=municipality, name="Job & Aktivhuset")
    teams = OrganisationUnit.objects.filter(parent=jobcentre)
    leaders = StaffMember.objects.filter(municipality=municipality, roles__role=Role.TEAM_LEADER)
    assert teams.count() == leaders.count() == 40
    assert {leader.unit_id for leader in leaders} == set(teams.values_list("pk", flat=True))  # one leader a team
    sizes = [size for name, kind, parent, size in units if parent == "Job & Aktivhuset"]
    assert len(sizes) == 40 and 15 <= min(sizes) and max(sizes) <= 22
    assert StaffMember.objects.filter(unit=jobcentre).count() == 2  # the data protection adviser and the administrator
    # The first of each role in the jobcentre share the first team: the demo logins meet their own colleagues.
    first_team = {firsts[role].unit_id for role in (Role.CASEWORKER, Role.COORDINATING_CASEWORKER, Role.JOB_BROKER,
                                                     Role.TEAM_LEADER)}
    assert len(first_team) == 1 and OrganisationUnit.objects.get(pk=first_team.pop()).parent == jobcentre
    # Deterministic: the same seed gives the same teams of the same sizes.
    assert _units(_organisation("905")[0]) == units


@pytest.mark.django_db
def test_a_small_municipality_has_one_team_and_the_demo_logins_see_colleagues_in_the_calendar():
    result = Generator(citizens=150, seed=7, as_of=AS_OF, code="906").run()
    m = result.municipality
    assert not OrganisationUnit.objects.filter(municipality=m, parent__isnull=False).exclude(
        kind=OrganisationUnit.Kind.SUBCONTRACTOR).exists()
    caseworker = StaffMember.objects.get(user__username=DEMO_LOGINS[Role.CASEWORKER])
    chosen = list(CalendarColleague.objects.filter(staff=caseworker).select_related("colleague"))
    assert len(chosen) == DEMO_CALENDAR_COLLEAGUES
    assert {c.colleague.unit_id for c in chosen} == {caseworker.unit_id}
