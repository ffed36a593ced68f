"""The composed pages: each role's start page, the case file made of registered sections, the first-view check."""

import pytest
from django.urls import reverse
from django.utils import translation

from helhed.citizens import casefile
from helhed.citizens.access import get_access
from helhed.citizens.models import AccessLogEntry
from helhed.core.models import Role
from helhed.plans.services import save_story
from helhed.tests.world import build_world


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def _client(client, world, role):
    client.force_login(world.staff[role].user)
    return client


def test_team_leader_lands_on_access_reviews_not_on_an_empty_citizen_list(world, client):
    response = _client(client, world, Role.TEAM_LEADER).get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("casefile:start")
    page = response.content.decode()
    assert "Adgange, der venter på din gennemgang" in page and "Gennemgå adgangene" in page
    assert world.own.first_name not in page  # no citizen's name on the start page


def test_administrator_lands_on_staff_units_and_settings(world, client):
    response = _client(client, world, Role.ADMIN).get("/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("casefile:start")
    assert "Medarbejdere" in page and "Enheder" in page and "HELHED_RETENTION_YEARS" in page
    assert world.staff[Role.MENTOR].user.username in page


def test_administrator_pages_and_searches_staff_of_a_large_kommune(world, client, make_staff):
    for i in range(40):
        make_staff(world.staff[Role.ADMIN].municipality, f"ekstra{i:02d}", unit_name=f"Team {i % 3}", first="Ekstra", last=f"Person {i:02d}")
    admin = _client(client, world, Role.ADMIN)
    first = admin.get(reverse("casefile:start")).content.decode()
    assert first.count("<td>ekstra") + first.count(f"<td>{world.staff[Role.MENTOR].user.username}") <= 25
    assert "?page=2" in first
    found = admin.get(reverse("casefile:start"), {"q": "ekstra07"}).content.decode()
    assert "<td>ekstra07</td>" in found and "<td>ekstra08</td>" not in found
    by_unit = admin.get(reverse("casefile:start"), {"q": "Team 2"}).content.decode()
    assert "<td>ekstra02</td>" in by_unit and "<td>ekstra01</td>" not in by_unit
    second = admin.get(reverse("casefile:start"), {"q": "ekstra", "page": "2"}).content.decode()
    assert "<td>ekstra39</td>" in second and "q=ekstra&amp;page=1" in second


def test_caseworker_still_starts_on_my_citizens(world, client):
    response = _client(client, world, Role.CASEWORKER).get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("citizens:my_citizens")


def test_a_partner_on_the_team_is_not_sent_to_a_story_they_may_not_see(world, client):
    """The first-view redirect to "my story" used to loop a partner into a 404 on every visit."""
    save_story(staff=world.staff[Role.CASEWORKER], citizen=world.own, text="Min historie, skrevet med mig.")
    response = _client(client, world, Role.PARTNER).get(reverse("casefile:team_view", args=[world.own.pk]))
    assert response.status_code == 200
    assert "Min historie, skrevet med mig." not in response.content.decode()


def test_a_new_mentor_reads_the_story_first_once(world, client):
    save_story(staff=world.staff[Role.CASEWORKER], citizen=world.own, text="Min historie.")
    mentor = _client(client, world, Role.MENTOR)
    url = reverse("casefile:team_view", args=[world.own.pk])
    first = mentor.get(url)
    assert first.status_code == 302 and "min-historie" in first["Location"]
    mentor.get(first["Location"])
    assert mentor.get(url).status_code == 200


def test_the_overview_shows_every_registered_section_for_the_full_record(world, client, rf):
    caseworker = world.staff[Role.CASEWORKER]
    access = get_access(caseworker, world.own.pk)
    keys = {s.key for s in casefile.sections_for(casefile.OVERVIEW, access)}
    assert {"person", "target_groups", "consents", "documents", "benefits", "plan", "obligations", "appointments",
            "calendar_feed", "journal"} <= keys
    partner_access = get_access(world.staff[Role.PARTNER], world.own.pk)
    team_keys = {s.key for s in casefile.sections_for(casefile.TEAM_VIEW, partner_access)}
    assert team_keys == {"reach", "plan", "team", "meetings"}  # no appointments for a partner


def test_a_section_reusing_a_context_name_is_refused(world, rf):
    access = get_access(world.staff[Role.CASEWORKER], world.own.pk)
    clash = casefile.Section("clash", "citizens/sections/person.html", casefile.OVERVIEW, order=1,
                             context=lambda request, access: {"plan": None})
    casefile.register_section(clash)
    try:
        with pytest.raises(ValueError, match="reuses the context name 'plan'"):
            casefile.page_context(casefile.OVERVIEW, rf.get("/"), access)
    finally:
        casefile._SECTIONS.pop((casefile.OVERVIEW, "clash"))


def test_the_read_log_search_shows_page_titles_not_code_names(world, client):
    dpo = _client(client, world, Role.DATA_PROTECTION)
    AccessLogEntry.objects.create(municipality=world.own.municipality, user=world.staff[Role.CASEWORKER].user,
                                  citizen=world.own, page="casefile:overview", path="/", reason="responsible_caseworker")
    page = dpo.get(reverse("audit:read_log"), {"cpr": world.own.cpr}).content.decode()
    assert "Borgerens overblik" in page and "casefile:overview" not in page


def test_the_menu_is_made_of_what_the_apps_register_for_each_role(world):
    from helhed.core.menu import menu_for

    def labels(role):
        with translation.override("en"):
            return [str(item["label"]) for item in menu_for(world.staff[role])]

    assert labels(Role.CASEWORKER) == ["My citizens", "Calendar", "What must happen", "Absence cases", "New citizen",
                                       "Employers", "Outreach office", "Group activities"]
    assert labels(Role.SANCTION_OFFICER) == ["My citizens", "Calendar", "Absence cases", "Absence and sanctions"]
    assert labels(Role.JOB_BROKER) == ["Programmes", "My citizens", "Calendar", "What must happen", "Employers",
                                       "Outreach office", "Group activities"]
    assert labels(Role.TEAM_LEADER)[:3] == ["Start", "Leader's overview", "Programmes"]
    assert labels(Role.ADMIN) == ["Start", "Sanction rates", "API clients"]  # no citizen list for the one role that sees no citizen
    assert labels(Role.DATA_PROTECTION) == ["Start", "Leader's overview", "My citizens", "Calendar",
                                            "See a citizen on a stated reason", "Access review", "Read log"]
    assert "What must happen" in labels(Role.MENTOR)  # the actions from coordination meetings they own
