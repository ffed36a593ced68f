"""Every URL pattern × every kind of visitor, checked against a declared table.

A route added without an entry here fails the test. The access issue extends the visitors to every role.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from helhed.audit.models import AccessLogEntry

# Visitors: anonymous, the responsible caseworker ("own"), another caseworker in the same municipality ("other"),
# a caseworker in another municipality ("foreign"), a logged-in user with no staff record ("no_staff").
# Expected status per visitor: 200 shown, 302 redirect (to login, or a language/logout redirect), 404 hidden, 403 refused.
CITIZEN_PAGE = {"anonymous": 302, "own": 200, "other": 404, "foreign": 404, "no_staff": 403}
STAFF_PAGE = {"anonymous": 302, "own": 200, "other": 200, "foreign": 200, "no_staff": 403}
EXPECTED = {
    "home": {"anonymous": 302, "own": 302, "other": 302, "foreign": 302, "no_staff": 302},
    "healthz": {"anonymous": 200, "own": 200, "other": 200, "foreign": 200, "no_staff": 200},
    "login": {"anonymous": 200, "own": 302, "other": 302, "foreign": 302, "no_staff": 302},
    "logout": {"anonymous": 405, "own": 405, "other": 405, "foreign": 405, "no_staff": 405},  # POST only
    "set_language": {"anonymous": 302, "own": 302, "other": 302, "foreign": 302, "no_staff": 302},
    "citizens:my_citizens": STAFF_PAGE,
    "citizens:create": STAFF_PAGE,
    "citizens:overview": CITIZEN_PAGE,
    "citizens:target_group_change": CITIZEN_PAGE,
    "contact:journal_note_add": CITIZEN_PAGE,
    "contact:journal_note_correct": CITIZEN_PAGE,
    "citizens:safety_marker_add": CITIZEN_PAGE,
    # POST only, so a GET gets 405 from every staff member; POST access is tested in citizens/tests/test_safety_marker.py.
    "citizens:safety_marker_remove": {"anonymous": 302, "own": 405, "other": 405, "foreign": 405, "no_staff": 403},
}
# Pages that show a citizen's personal data must write a read-log row when shown. In this test only the own
# caseworker has a citizen, so a list shows one citizen to them and none to anyone else.
LOGGED = {
    "citizens:overview", "citizens:target_group_change", "contact:journal_note_add", "contact:journal_note_correct",
    "citizens:safety_marker_add", "citizens:my_citizens",
}


def _route_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _route_names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_route_has_an_entry_in_the_table():
    assert set(_route_names()) == set(EXPECTED)


@pytest.fixture
def visitors(caseworker, other_caseworker, other_municipality, make_staff, django_user_model):
    return {
        "anonymous": None,
        "own": caseworker.user,
        "other": other_caseworker.user,
        "foreign": make_staff(other_municipality, "fremmed").user,
        "no_staff": django_user_model.objects.create_user("uden-ansaettelse", password="x"),
    }


@pytest.mark.parametrize("route", sorted(EXPECTED))
@pytest.mark.parametrize("visitor", ["anonymous", "own", "other", "foreign", "no_staff"])
def test_route_access_matches_the_table(client, citizen, caseworker, visitors, route, visitor):
    if visitors[visitor]:
        client.force_login(visitors[visitor])
    url = reverse(route, kwargs=_route_kwargs(route, citizen, caseworker))
    before = AccessLogEntry.objects.count()
    response = client.get(url)
    assert response.status_code == EXPECTED[route][visitor]
    if route in LOGGED:
        shown = response.status_code == 200 and visitor == "own"
        assert AccessLogEntry.objects.count() - before == (1 if shown else 0)


def _route_kwargs(route, citizen, caseworker):
    """URL arguments for a route: the own caseworker's citizen, and one of its notes or markers where needed."""
    from helhed.citizens.services import set_safety_marker
    from helhed.contact.services import add_journal_note

    kwargs = {}
    if route in CITIZEN_ROUTES:
        kwargs["pk"] = citizen.pk
    if route == "contact:journal_note_correct":
        kwargs["note_pk"] = add_journal_note(staff=caseworker, citizen=citizen, text="Samtale holdt.").pk
    if route == "citizens:safety_marker_remove":
        kwargs["marker_pk"] = set_safety_marker(
            staff=caseworker, citizen=citizen, reason="To medarbejdere ved møder.",
            review_date=datetime.date.today() + datetime.timedelta(days=30),
        ).pk
    return kwargs


CITIZEN_ROUTES = {name for name in EXPECTED if name.startswith(("citizens:", "contact:")) and name not in
                  {"citizens:my_citizens", "citizens:create"}}
