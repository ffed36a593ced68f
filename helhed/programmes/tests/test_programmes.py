import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from helhed.citizens.access import get_access
from helhed.citizens.models import AccessLogEntry, BenefitPeriod, Citizen
from helhed.coordination.models import CaseTeamMember
from helhed.core.figures import MIN_CELL, Cell
from helhed.core.models import Role, StaffMember
from helhed.demo.generator import Generator
from helhed.programmes import measures, selection, services
from helhed.programmes.models import Criterion, Enrolment, Programme, Target
from helhed.programmes.tests import independent_sql
from helhed.tests.world import build_world

TODAY = timezone.localdate()
FSM1_GROUP = {"target_groups": ["3", "5"], "min_years_on_benefit": Decimal(5), "postal_codes": []}
PERIOD = {"name": "Flere skal med 1", "funder": "STAR", "starts_on": TODAY.replace(month=1, day=1),
          "ends_on": TODAY.replace(year=TODAY.year + 1, month=12, day=31), "visit_every_member": True,
          "job_broker_per_citizen": True, "progression_measured": True}
TARGETS = [{"measure": Target.Measure.VISITED, "threshold": 100, "payment_share": 40},
           {"measure": Target.Measure.IN_WORK_MONTHS, "threshold": 40, "months": 3, "payment_share": 30}]


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


@pytest.fixture
def generated(db):
    return Generator(citizens=300, seed=11, as_of=TODAY, code="907").run()


def _leader(municipality):
    return StaffMember.objects.filter(municipality=municipality, roles__role=Role.TEAM_LEADER).order_by("pk").first()


def _benefit(citizen, years_ago):
    BenefitPeriod.objects.create(municipality=citizen.municipality, citizen=citizen, kind="kontanthjaelp",
                                 monthly_amount=12550, valid_from=TODAY - datetime.timedelta(days=int(years_ago * 366)))


def test_criterion_selects_aktivitetsparate_with_five_years_on_benefit(world):
    leader = world.staff[Role.TEAM_LEADER]
    _benefit(world.own, 6)  # group 3, six years: selected
    _benefit(world.other, 2)  # group 3, two years: not
    programme = services.define_programme(staff=leader, data=PERIOD, criterion=FSM1_GROUP, targets=TARGETS)
    criterion = services.current_criterion(programme)
    assert selection.selected_ids(criterion, TODAY) == [world.own.pk]
    assert world.foreign.pk not in selection.selected_ids(criterion, TODAY)  # another municipality, same facts
    _benefit(world.foreign, 6)
    assert selection.selected_ids(criterion, TODAY) == [world.own.pk]


def test_criterion_narrows_by_age_and_postal_code(world):
    leader = world.staff[Role.TEAM_LEADER]
    Citizen.objects.filter(pk=world.own.pk).update(postal_code="9220")
    programme = services.define_programme(staff=leader, data=PERIOD, targets=[], criterion={
        "target_groups": ["3"], "postal_codes": ["9220"], "min_age": 30, "max_age": 50})
    criterion = services.current_criterion(programme)
    own_age = world.own.age_on(TODAY)
    assert (world.own.pk in selection.selected_ids(criterion, TODAY)) == (30 <= own_age <= 50)
    assert world.other.pk not in selection.selected_ids(criterion, TODAY)


@pytest.mark.parametrize("bad, field", [
    ({"starts_on": datetime.date(1900, 1, 1)}, "starts_on"),
    ({"ends_on": TODAY.replace(year=TODAY.year - 1)}, "ends_on"),
    ({"name": "  "}, "name"),
])
def test_programme_with_bad_dates_or_no_name_is_refused_with_the_field_named(world, bad, field):
    before = Programme.objects.count()
    with pytest.raises(ValidationError) as error:
        services.define_programme(staff=world.staff[Role.TEAM_LEADER], data={**PERIOD, **bad}, criterion=FSM1_GROUP,
                                  targets=[])
    assert field in error.value.message_dict
    assert Programme.objects.count() == before


def test_programme_needs_a_condition_and_payments_of_at_most_the_whole_grant(world):
    leader = world.staff[Role.TEAM_LEADER]
    before = Programme.objects.count()
    with pytest.raises(ValidationError):
        services.define_programme(staff=leader, data=PERIOD, criterion={}, targets=[])
    with pytest.raises(ValidationError):
        services.define_programme(staff=leader, data=PERIOD, criterion=FSM1_GROUP, targets=[
            {"measure": "visited", "threshold": 100, "payment_share": 70},
            {"measure": "approved", "threshold": 0, "payment_share": 40}])
    with pytest.raises(ValidationError):
        services.define_programme(staff=leader, data=PERIOD, criterion={"postal_codes": ["92a0"]}, targets=[])
    assert Programme.objects.count() == before


def test_enrolling_twice_enrols_each_citizen_once_and_a_new_criterion_version_keeps_members(world):
    leader = world.staff[Role.TEAM_LEADER]
    _benefit(world.own, 6)
    programme = services.define_programme(staff=leader, data=PERIOD, criterion=FSM1_GROUP, targets=TARGETS)
    assert services.enrol_group(staff=leader, programme=programme) == 1
    assert services.enrol_group(staff=leader, programme=programme) == 0
    services.change_criterion(staff=leader, programme=programme, criterion={"target_groups": ["2"]},
                              reason="Udvidet til jobparate")
    assert list(programme.criteria.values_list("version", flat=True)) == [2, 1]
    assert Enrolment.objects.get(programme=programme).criterion.version == 1
    assert services.enrol_group(staff=leader, programme=programme) == 0  # nobody in group 2 here


def _enrolled(world):
    leader = world.staff[Role.TEAM_LEADER]
    _benefit(world.own, 6)
    programme = services.define_programme(staff=leader, data=PERIOD, criterion=FSM1_GROUP, targets=TARGETS)
    services.enrol_group(staff=leader, programme=programme)
    return programme, Enrolment.objects.get(programme=programme)


def test_a_step_cannot_be_dated_in_the_future_or_before_enrolment(world):
    _programme, enrolment = _enrolled(world)
    cw = world.staff[Role.CASEWORKER]
    with pytest.raises(ValidationError):
        services.record_step(staff=cw, enrolment=enrolment, step="visited", on=TODAY + datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.record_step(staff=cw, enrolment=enrolment, step="visited", on=TODAY - datetime.timedelta(days=1))
    services.record_step(staff=cw, enrolment=enrolment, step="visited", on=TODAY)
    assert Enrolment.objects.get(pk=enrolment.pk).visited_on == TODAY


def test_the_personal_job_broker_joins_the_team_and_so_may_see_the_citizen(world, client):
    _programme, enrolment = _enrolled(world)
    cw = world.staff[Role.CASEWORKER]
    broker = world.staff[Role.JOB_BROKER]
    CaseTeamMember.objects.filter(staff=broker).delete()  # the world put the broker on the team already
    client.force_login(cw.user)
    response = client.post(reverse("programmes:broker", args=[world.own.pk, enrolment.pk]),
                           {"broker": broker.pk, "on": TODAY.isoformat()})
    assert response.status_code == 302
    assert Enrolment.objects.get(pk=enrolment.pk).job_broker == broker
    assert CaseTeamMember.objects.filter(staff=broker, citizen=world.own, role="job_broker").exists()
    assert get_access(broker, world.own.pk).citizen == world.own


def test_a_caseworker_marks_the_visit_on_the_case_file_and_it_leaves_the_worklist(world, client):
    _programme, enrolment = _enrolled(world)
    cw = world.staff[Role.CASEWORKER]
    client.force_login(cw.user)
    worklist = client.get(reverse("casefile:worklist")).content.decode()
    assert f'{world.own.pk}/#programmes' in worklist
    overview = client.get(reverse("casefile:overview", args=[world.own.pk])).content.decode()
    assert 'id="programmes"' in overview
    client.post(reverse("programmes:step", args=[world.own.pk, enrolment.pk]), {"step": "visited", "on": TODAY})
    assert Enrolment.objects.get(pk=enrolment.pk).visited_on == TODAY
    assert f'{world.own.pk}/#programmes' not in client.get(reverse("casefile:worklist")).content.decode()


def test_a_member_the_staff_member_has_no_reason_for_cannot_be_marked(world, client):
    _programme, enrolment = _enrolled(world)
    client.force_login(world.staff[Role.TEAM_LEADER].user)
    response = client.post(reverse("programmes:step", args=[world.own.pk, enrolment.pk]), {"step": "visited",
                                                                                          "on": TODAY})
    assert response.status_code == 404
    assert Enrolment.objects.get(pk=enrolment.pk).visited_on is None


def test_drill_down_names_only_citizens_with_a_reason_and_logs_each(generated, client):
    m = generated.municipality
    programme = Programme.objects.get(municipality=m, name="Flere skal med 1")
    leader = _leader(m)
    client.force_login(leader.user)
    before = AccessLogEntry.objects.count()
    page = client.get(reverse("programmes:members", args=[programme.pk])).content.decode()
    assert AccessLogEntry.objects.count() == before  # the team leader has no reason for any member
    assert not any(e.citizen.last_name in page for e in Enrolment.objects.filter(programme=programme)[:20]
                   if len(e.citizen.last_name) > 5)
    broker = StaffMember.objects.filter(municipality=m, roles__role=Role.JOB_BROKER).order_by("pk").first()
    mine = Enrolment.objects.filter(programme=programme, job_broker=broker).count()
    assert mine > 0
    client.force_login(broker.user)
    page = client.get(reverse("programmes:members", args=[programme.pk])).content.decode()
    logged = AccessLogEntry.objects.filter(staff=broker, page="programmes:members").count()
    assert logged >= mine
    shown = Enrolment.objects.filter(programme=programme, job_broker=broker).select_related("citizen").first()
    assert shown.citizen.full_name in page


def test_dashboard_counts_agree_with_an_independent_sql_query(generated):
    programme = Programme.objects.get(municipality=generated.municipality, name="Flere skal med 1")
    board = measures.dashboard(programme)
    c = board.counts
    assert c.enrolled > 20
    ours = {"enrolled": c.enrolled, "visited": c.visited, "job_broker": c.job_broker, "plan": c.plan,
            "first_step": c.first_step, "progression": c.progression, "small_steps": c.small_steps,
            "in_placement": c.in_placement, "in_work": c.in_work[3], "paid_this_month": c.paid_this_month}
    assert ours == independent_sql.counts(programme.pk, board.on, months=3)
    # and at an earlier day of the programme, for the figures over time
    month_end, earlier = board.series[len(board.series) // 2]
    e = earlier
    assert {"enrolled": e.enrolled, "visited": e.visited, "in_work": e.in_work[3],
            "paid_this_month": e.paid_this_month} == {
        k: v for k, v in independent_sql.counts(programme.pk, month_end, months=3).items()
        if k in ("enrolled", "visited", "in_work", "paid_this_month")}


def test_in_work_months_count_whole_months_from_enrolment_and_a_hire_goes_on():
    member = measures.Member(datetime.date(2026, 1, 31), None, None, None, None)
    # from enrolment (31 Jan), one month is reached on 27 Feb (31 Jan + 1 month = 28 Feb, the day before): not by 26 Feb
    measures._add_offer(member, "virksomhedspraktik", datetime.date(2026, 1, 10), datetime.date(2026, 2, 26), None, {1})
    assert 1 not in member.in_work_from
    measures._add_offer(member, "virksomhedspraktik", datetime.date(2026, 3, 1), datetime.date(2026, 3, 15),
                        datetime.date(2026, 3, 15), {1})
    assert member.in_work_from[1] == datetime.date(2026, 3, 31)
    assert measures._paid_in(member, measures.month_key(datetime.date(2026, 4, 1)))
    before = measures.Member(datetime.date(2026, 6, 1), None, None, None, None)
    measures._add_offer(before, "virksomhedspraktik", datetime.date(2026, 1, 1), datetime.date(2026, 5, 1),
                        datetime.date(2026, 5, 1), {1})
    assert not before.in_work_from and before.paid_from is None  # over before enrolment


def _page_cells(tables):
    return [cell for table in tables for cell in table.cells()]


def test_no_programme_cell_under_five_is_shown(world, client):
    programme, _enrolment = _enrolled(world)  # a group of one
    board = measures.dashboard(programme)
    cells = _page_cells(board.tables)
    assert cells and all(isinstance(c, Cell) for c in cells)
    assert all(c.suppressed or c.value is None or not (0 < c.value < MIN_CELL) or c.unit == "%" for c in cells)
    assert all(c.suppressed for c in cells if c.unit == "%" and c.value is not None) or board.counts.enrolled >= 5
    client.force_login(world.staff[Role.TEAM_LEADER].user)
    page = client.get(reverse("programmes:programme", args=[programme.pk])).content.decode()
    assert "&lt; 5" in page
    assert world.own.last_name not in page
    csv = client.get(reverse("programmes:figures", args=[programme.pk, "csv"])).content.decode("utf-8-sig")
    assert "<5" in csv and ";1;" not in csv


def test_the_selected_group_is_shown_as_counts_before_enrolment(generated, client):
    m = generated.municipality
    programme = Programme.objects.get(municipality=m, name="Flere skal med 2")  # defined, not enrolled
    client.force_login(_leader(m).user)
    page = client.get(reverse("programmes:programme", args=[programme.pk])).content.decode()
    ids = selection.selected_ids(services.current_criterion(programme), programme.starts_on)
    assert f"{len(ids)}" in page
    assert "Enrol the group" in page or "Tilmeld gruppen" in page
    some = Citizen.objects.filter(pk__in=ids[:10])
    assert not any(c.cpr in page for c in some)


def test_figures_download_as_csv_xlsx_and_pdf(generated, client):
    programme = Programme.objects.get(municipality=generated.municipality, name="Flere skal med 1")
    client.force_login(_leader(generated.municipality).user)
    for fmt, start in [("csv", b"\xef\xbb\xbf"), ("xlsx", b"PK"), ("pdf", b"%PDF")]:
        response = client.get(reverse("programmes:figures", args=[programme.pk, fmt]))
        assert response.status_code == 200
        assert response.content.startswith(start)


def test_a_programme_of_another_municipality_is_not_found(world, client):
    programme = services.define_programme(staff=world.staff[Role.TEAM_LEADER], data=PERIOD, criterion=FSM1_GROUP,
                                          targets=[])
    client.force_login(get_user_model().objects.get(username="fremmed"))
    assert client.get(reverse("programmes:programme", args=[programme.pk])).status_code in (403, 404)


def test_html_in_the_description_is_shown_as_text(world, client):
    programme = services.define_programme(staff=world.staff[Role.TEAM_LEADER], data={
        **PERIOD, "description": "<script>alert(1)</script>"}, criterion=FSM1_GROUP, targets=[])
    client.force_login(world.staff[Role.TEAM_LEADER].user)
    page = client.get(reverse("programmes:programme", args=[programme.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_criterion_versions_are_kept(world):
    programme = services.define_programme(staff=world.staff[Role.TEAM_LEADER], data=PERIOD, criterion=FSM1_GROUP,
                                          targets=[])
    services.change_criterion(staff=world.staff[Role.TEAM_LEADER], programme=programme,
                              criterion={**FSM1_GROUP, "min_years_on_benefit": Decimal(4)}, reason="STAR ændrede")
    assert Criterion.objects.filter(programme=programme).count() == 2
    assert services.current_criterion(programme).min_years_on_benefit == Decimal(4)


def test_the_job_broker_sees_the_markings_on_the_team_view_but_cannot_mark(world, client):
    _programme, enrolment = _enrolled(world)
    services.record_step(staff=world.staff[Role.CASEWORKER], enrolment=enrolment, step="visited", on=TODAY)
    client.force_login(world.staff[Role.JOB_BROKER].user)
    page = client.get(reverse("casefile:team_view", args=[world.own.pk])).content.decode()
    assert 'id="programmes"' in page and "Flere skal med 1" in page
    assert reverse("programmes:step", args=[world.own.pk, enrolment.pk]) not in page
