"""The team leader's figures for the contact course for at least 75 %: per unit (of the responsible caseworker) and
for the municipality, counted in one query, counts only, for team leaders only."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from helhed.citizens.models import AccessLogEntry, Case
from helhed.contact import selectors
from helhed.contact.models import QuotaDecision
from helhed.core.models import Role

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 11, 2)


@pytest.fixture
def town(municipality, other_municipality, make_staff, make_citizen):
    """Unit "Nord": four citizens in group 2, one exempted (75 %, met), one in group 3, one closed case, one with an
    ended decision. Unit "Syd": one in group 1 and one in group 9, one exempted (50 %, not met). Another
    municipality: one exempted citizen in group 2."""
    north = make_staff(municipality, "nord", unit_name="Jobteam Nord")
    south = make_staff(municipality, "syd", unit_name="Jobteam Syd")
    stranger = make_staff(other_municipality, "fremmed", unit_name="Jobteam Nord")
    numbers = iter(f"01019{n:05d}" for n in range(1, 100))

    def citizen(staff, group, exempted=None):
        person = make_citizen(staff, cpr=next(numbers), group=group, since=D(2026, 8, 3))
        if exempted:
            QuotaDecision.objects.create(municipality=person.municipality, citizen=person, reason="Kan selv.",
                                         decided_by=staff, valid_from=exempted[0], valid_to=exempted[1])
        return person

    for exempted in [(D(2026, 7, 1), None), None, None, (D(2026, 7, 1), D(2026, 10, 31))]:
        citizen(north, "2", exempted)
    citizen(north, "3", (D(2026, 7, 1), None))  # not in the population, whatever its decision says
    closed = citizen(north, "2", (D(2026, 7, 1), None))
    Case.objects.filter(citizen=closed).update(status=Case.Status.CLOSED, closed_on=D(2026, 10, 1))
    citizen(north, "2", (D(2026, 12, 1), None))  # a decision from next month does not count today
    citizen(south, "1", (D(2026, 8, 1), None))
    citizen(south, "9")
    citizen(stranger, "2", (D(2026, 7, 1), None))
    return {"north": north, "south": south, "stranger": stranger}


def test_counts_per_unit_and_for_the_municipality_in_one_query(town, municipality, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.count_contact_quota(municipality.pk, TODAY)
    units, total = selectors.contact_quota(municipality.pk, TODAY)
    assert [(u.name, u.population, u.exempted, u.covered, u.share, u.meets) for u in units] == [
        ("Jobteam Nord", 5, 1, 4, 80.0, True),
        ("Jobteam Syd", 2, 1, 1, 50.0, False),
    ]
    assert (total.population, total.exempted, total.covered, total.share, total.meets) == (7, 2, 5, 71.4, False)


def _figures(municipality):
    units, total = selectors.contact_quota(municipality.pk, TODAY)
    return [(u.name, u.population, u.exempted) for u in units], (total.population, total.exempted)


def test_the_figures_are_kept_and_read_in_one_query_until_a_write_changes_them(
        town, municipality, django_assert_num_queries, django_capture_on_commit_callbacks, make_citizen):
    before = _figures(municipality)
    with django_assert_num_queries(1):
        assert _figures(municipality) == before
    with django_capture_on_commit_callbacks(execute=True):
        make_citizen(town["south"], cpr="0101999999", group="1", since=D(2026, 8, 3))
    assert _figures(municipality)[1] == (before[1][0] + 1, before[1][1])
    with django_capture_on_commit_callbacks(execute=True):
        citizen = Case.objects.get(citizen__cpr="0101999999").citizen
        QuotaDecision.objects.create(municipality=municipality, citizen=citizen, reason="Kan selv.",
                                     decided_by=town["south"], valid_from=D(2026, 11, 1))
    assert _figures(municipality)[1] == (before[1][0] + 1, before[1][1] + 1)


def test_figures_counted_while_a_write_commits_are_not_kept(town, municipality, monkeypatch,
                                                            django_assert_num_queries):
    from helhed.contact import quota_counts

    counted = selectors.count_contact_quota

    def count_then_a_write_commits(*args):
        figures = counted(*args)
        quota_counts.bump(municipality.pk)
        return figures

    monkeypatch.setattr(selectors, "count_contact_quota", count_then_a_write_commits)
    selectors.contact_quota(municipality.pk, TODAY)
    monkeypatch.setattr(selectors, "count_contact_quota", counted)
    with django_assert_num_queries(3):  # counted again: the kept figures may miss the write
        selectors.contact_quota(municipality.pk, TODAY)
    with django_assert_num_queries(1):
        selectors.contact_quota(municipality.pk, TODAY)


def test_the_figures_are_counted_again_on_a_new_day(town, municipality):
    assert _figures(municipality)[1] == (7, 2)
    units, total = selectors.contact_quota(municipality.pk, D(2026, 12, 2))  # the December decision now counts
    assert (total.population, total.exempted) == (7, 3)


def test_a_share_just_below_75_is_never_shown_as_75():
    figures = selectors.QuotaFigures("x", population=4001, exempted=1001)  # 74.98 % covered
    assert figures.share == 74.9 and figures.meets is False
    assert selectors.QuotaFigures("x", population=4, exempted=1).meets is True  # exactly 75 %
    assert selectors.QuotaFigures("x", population=0, exempted=0).share is None


def test_the_team_leader_sees_the_counts_and_no_citizen(client, town, municipality, make_staff, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    leader = make_staff(municipality, "leder", role=Role.TEAM_LEADER, first="Lis")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(leader.user)
    response = client.get(reverse("contact:contact_quota"))
    assert response.status_code == 200
    page = response.content.decode()
    units, total = response.context["units"], response.context["total"]
    assert [(u.name, u.population, u.exempted) for u in units] == [("Jobteam Nord", 5, 1), ("Jobteam Syd", 2, 1)]
    assert (total.population, total.exempted) == (7, 2)  # the other municipality is not counted
    assert "<caption>" in page and '<th scope="row">Jobteam Nord</th>' in page
    assert "The whole municipality" in page and "5 of 7" in page and "4 of 5" in page
    assert "Ågård" not in page  # counts only: no citizen is named
    assert not AccessLogEntry.objects.exists()


def test_the_team_leader_sees_their_own_unit_and_the_whole_municipality_first(client, town, municipality, make_staff,
                                                                             monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    leader = make_staff(municipality, "leder", role=Role.TEAM_LEADER, unit_name="Jobteam Syd")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(leader.user)
    page = client.get(reverse("contact:contact_quota")).content.decode()
    summary = page[page.index('id="contact-quota-summary"'):page.index('id="contact-quota"')]
    assert summary.index("Jobteam Syd") < summary.index("The whole municipality")
    assert "1 of 2" in summary and "5 of 7" in summary and "Jobteam Nord" not in summary


def test_the_team_leader_finds_the_page_in_the_menu(client, municipality, make_staff):
    leader = make_staff(municipality, "leder", role=Role.TEAM_LEADER)
    client.force_login(leader.user)
    page = client.get(reverse("casefile:start")).content.decode()
    assert f'href="{reverse("contact:contact_quota")}"' in page


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.COORDINATING_CASEWORKER, Role.DATA_PROTECTION, Role.ADMIN,
                                  Role.MENTOR])
def test_other_roles_are_refused(client, municipality, make_staff, role):
    staff = make_staff(municipality, "someone", role=role)
    client.force_login(staff.user)
    assert client.get(reverse("contact:contact_quota")).status_code == 403
    page = client.get(reverse("casefile:start"), follow=True).content.decode()
    assert reverse("contact:contact_quota") not in page


def test_the_page_answers_get_only(client, municipality, make_staff):
    leader = make_staff(municipality, "leder", role=Role.TEAM_LEADER)
    client.force_login(leader.user)
    assert client.post(reverse("contact:contact_quota")).status_code == 405
