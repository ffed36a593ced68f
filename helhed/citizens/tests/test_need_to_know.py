import datetime

import pytest
from django.utils import timezone

from helhed.audit.models import StatedReasonAccess
from helhed.citizens.access import FULL, TEAM, get_access, reason_subqueries, reasons, visible_citizens
from helhed.citizens.models import Citizen, Consent
from helhed.citizens.predicates import holds
from helhed.citizens.services import withdraw_consent
from helhed.coordination.models import CaseTeamMember
from helhed.coordination.services import end_team_membership
from helhed.core.models import Role
from helhed.offers.models import Referral
from helhed.tests.world import build_world


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def test_predicates_and_list_filters_agree_for_every_role_and_citizen(world):
    for role, staff in world.staff.items():
        visible = set(visible_citizens(staff).values_list("pk", flat=True))
        for citizen in Citizen.objects.all():
            assert staff.user.has_perm("citizens.view_team_view", citizen) == (citizen.pk in visible), (role, citizen)
            full = citizen.pk in set(visible_citizens(staff, level=FULL).values_list("pk", flat=True))
            assert staff.user.has_perm("citizens.view_citizen", citizen) == full, (role, citizen)


def test_every_registered_reason_agrees_between_its_predicate_and_its_list_filter(world):
    """The SQL queryset and the predicate of each reason an app registers give the same citizens."""
    from helhed.api.clients import register_client
    from helhed.api.models import OrganisationType
    from helhed.core.models import OrganisationUnit

    codes = {reason.code for reason in reasons()}
    assert codes >= {"responsible_caseworker", "coordinating_caseworker", "sanction_case", "stated_reason",
                     "team_member", "partner_with_consent", "api_referred", "api_kommune_system"}
    seen = set()
    # The API's clients act through service accounts: a provider's system and the kommune's own.
    provider = OrganisationUnit.objects.get(pk=world.objects["provider_pk"])
    accounts = {
        kind: register_client(by=None, name=f"System {kind}", organisation=unit, organisation_type=kind,
                              scopes=["borger.read"] if kind == OrganisationType.KOMMUNE else ["henvisning.read"])[0].staff
        for kind, unit in [(OrganisationType.PROVIDER, provider),
                           (OrganisationType.KOMMUNE, world.staff[Role.CASEWORKER].unit)]}
    for role, staff in {**world.staff, **accounts}.items():
        annotated = Citizen.objects.annotate(**{f"has_{c}": q for c, q in reason_subqueries(staff).items()})
        for citizen in annotated:
            for code in codes:
                listed = bool(getattr(citizen, f"has_{code}", False))
                assert holds(code, staff.user, citizen) == listed, (role, code, citizen)
                seen.add(code) if listed else None
    assert seen == codes  # the world gives every registered reason to someone, so each was tried both ways


@pytest.mark.parametrize("role, reason, level", [
    (Role.CASEWORKER, "responsible_caseworker", FULL),
    (Role.COORDINATING_CASEWORKER, "coordinating_caseworker", FULL),
    (Role.SANCTION_OFFICER, "sanction_case", FULL),
    (Role.TEAM_LEADER, "stated_reason", FULL),
    (Role.DATA_PROTECTION, "stated_reason", FULL),
    (Role.MENTOR, "team_member", TEAM),
    (Role.JOB_BROKER, "team_member", TEAM),
    (Role.PARTNER, "partner_with_consent", TEAM),
])
def test_each_role_sees_its_citizen_for_a_reason_it_can_state(world, role, reason, level):
    access = get_access(world.staff[role], world.own.pk)
    assert (access.reason, access.level) == (reason, level)
    assert list(visible_citizens(world.staff[role])) == [world.own]


def test_admin_sees_no_citizen_data(world):
    assert not visible_citizens(world.staff[Role.ADMIN]).exists()


def test_municipalities_are_isolated(world):
    for staff in world.staff.values():
        assert world.foreign not in visible_citizens(staff)


def test_withdrawn_consent_blocks_the_partner_at_once(world, client):
    partner = world.staff[Role.PARTNER]
    client.force_login(partner.user)
    url = f"/borgere/{world.own.pk}/team/"
    assert client.get(url).status_code == 200
    withdraw_consent(staff=world.staff[Role.CASEWORKER], consent=Consent.objects.get(citizen=world.own))
    assert client.get(url).status_code == 404
    assert not visible_citizens(partner).exists()


def test_expired_consent_blocks_the_partner(world):
    Consent.objects.filter(citizen=world.own).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    assert not visible_citizens(world.staff[Role.PARTNER]).exists()


def test_consent_for_another_unit_does_not_cover_the_partner(world, make_staff):
    other_partner = make_staff(world.own.municipality, "sundhed", role=Role.PARTNER, unit_name="Sundhedscentret")
    CaseTeamMember.objects.create(
        municipality=world.own.municipality, citizen=world.own, staff=other_partner, role=CaseTeamMember.TeamRole.PARTNER,
        organisation=other_partner.unit, valid_from=datetime.date(2025, 2, 1), added_by=world.staff[Role.CASEWORKER],
    )
    assert not visible_citizens(other_partner).exists()


def test_ended_team_membership_ends_the_mentors_access_at_once_not_at_midnight(world, client):
    mentor = world.staff[Role.MENTOR]
    # The world's running referral to the mentor's provider is a reason of its own; this test is about the team.
    Referral.objects.filter(citizen=world.own).update(state=Referral.State.ENDED)
    client.force_login(mentor.user)
    url = f"/borgere/{world.own.pk}/team/"
    assert client.get(url).status_code == 200
    end_team_membership(staff=world.staff[Role.CASEWORKER], membership=CaseTeamMember.objects.get(staff=mentor))
    assert not visible_citizens(mentor).exists()
    assert client.get(url).status_code == 404
    assert not mentor.user.has_perm("citizens.view_team_view", world.own)


def test_stated_reason_access_expires(world):
    StatedReasonAccess.objects.filter(staff=world.staff[Role.TEAM_LEADER]).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert not visible_citizens(world.staff[Role.TEAM_LEADER]).exists()


def test_mentor_opening_the_overview_gets_the_team_view_without_the_journal(world, client):
    client.force_login(world.staff[Role.MENTOR].user)
    response = client.get(f"/borgere/{world.own.pk}/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/borgere/{world.own.pk}/team/"
    assert "Samtale holdt; aftalt næste skridt." not in page  # the journal note
    assert "Mød borgeren to sammen." in page  # the safety marker is shown to everyone on the team


def test_caseload_query_starts_from_the_staff_members_cases_not_from_all_citizens(world):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the plan text is SQLite's; bench/README.md shows PostgreSQL's")
    sql, params = visible_citizens(world.staff[Role.CASEWORKER]).order_by("last_name").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(row[-1] for row in cursor.fetchall())
    assert "USING INTEGER PRIMARY KEY" in plan and "citizens_ci_municip" not in plan, plan


def test_a_page_builds_each_reasons_lookup_once_and_a_kept_staff_member_never_reuses_it(world, client):
    built, originals = [], {reason.code: reason.rows for reason in reasons()}

    def counting(code):
        return lambda staff, today: built.append(code) or originals[code](staff, today)

    for reason in reasons():  # NeedToKnowReason is frozen: wrap its lookup for the test, restore it after
        object.__setattr__(reason, "rows", counting(reason.code))
    try:
        staff = world.staff[Role.CASEWORKER]
        client.force_login(staff.user)
        assert client.get("/det-skal-ske/").status_code == 200  # asks for the visible citizens four times
        assert len(built) == len(set(built)) > 0

        # A staff member kept across requests (a task, a test) builds them anew each time: a stated reason's
        # lookup reads the clock, and must not outlive the moment it was built for.
        built.clear()
        visible_citizens(staff).count()
        visible_citizens(staff).count()
        assert len(built) == 2 * len(set(built))
    finally:
        for reason in reasons():
            object.__setattr__(reason, "rows", originals[reason.code])
