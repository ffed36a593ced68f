"""The kommune's own system reads citizens (with target groups and obligations), offers as activities and programme
counts: every citizen with an open case, each read in the read log; a provider's client reaches none of it."""

import datetime

import pytest
from django.utils import timezone

from helhed.citizens.models import AccessLogEntry, Case
from helhed.core.models import Role
from helhed.offers import services as offers
from helhed.offers.models import Offer, Sector
from helhed.programmes import services as programmes
from helhed.programmes.models import Enrolment, Target
from helhed.rules.selectors import citizen_obligations

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def closed_citizen(caseworker, make_citizen):
    """A citizen whose case is closed: the kommune's system has no reason to see them."""
    found = make_citizen(caseworker, cpr="0303901234", first="Karl", last="Lukket")
    Case.objects.filter(citizen=found).update(status=Case.Status.CLOSED, closed_on=TODAY)
    return found


@pytest.fixture
def second_citizen(caseworker, make_citizen):
    return make_citizen(caseworker, cpr="0202901234", first="Lise", last="Holm", group="2")


def _logged(client, citizen, page):
    return AccessLogEntry.objects.filter(citizen=citizen, staff_id=client.staff_id, reason="api_kommune_system",
                                         page=page).exists()


# --- Citizens ------------------------------------------------------------------------------------------------------

def test_the_kommune_lists_its_citizens_with_an_open_case_page_by_page_and_each_is_logged(
        kommune_api, kommune_client, citizen, second_citizen, closed_citizen):
    first = kommune_api.get("/borgere", limit=1)
    assert first.status_code == 200, first.content
    assert first.json()["next_cursor"]
    second = kommune_api.get("/borgere", limit=1, cursor=first.json()["next_cursor"])
    assert second.status_code == 200 and second.json()["next_cursor"] is None
    items = first.json()["items"] + second.json()["items"]
    assert [i["cpr"] for i in items] == ["0101901234", "0202901234"]
    soren = items[0]
    assert soren["name"] == "Søren Ågård"
    assert soren["target_group"]["group"] == "3" and soren["target_group"]["valid_from"] == "2025-03-01"
    assert soren["obligations"] and all(o["citation"]["paragraph"] and o["citation"]["law"]
                                        for o in soren["obligations"])
    assert _logged(kommune_client, citizen, "api:citizens") and _logged(kommune_client, second_citizen, "api:citizens")
    assert not AccessLogEntry.objects.filter(citizen=closed_citizen).exists()


def test_one_citizen_by_the_cpr_header_has_the_rules_obligations_with_citations(kommune_api, kommune_client,
                                                                                citizen):
    response = kommune_api.get("/borger", cpr="010190-1234")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["cpr"] == "0101901234" and [p["group"] for p in body["target_groups"]] == ["3"]
    expected = citizen_obligations(citizen, TODAY)["obligations"]
    assert [(o["rule_id"], o["due"]) for o in body["obligations"]] == [
        (o.rule_id, o.due.isoformat() if o.due else None) for o in expected]
    coordinator = next(o for o in body["obligations"] if o["rule_id"] == "coordinating_caseworker")
    assert "36" in coordinator["citation"]["paragraph"] and coordinator["citation"]["version"]
    assert isinstance(coordinator["confirmed"], bool)
    assert _logged(kommune_client, citizen, "api:citizen")


@pytest.mark.parametrize("cpr, status, code", [
    ("", 400, "bad_request"), ("12345", 400, "invalid_cpr"), ("0303901234", 404, "not_found"),
    ("0404901234", 404, "not_found"),
])
def test_the_cpr_header_is_required_and_valid_and_names_a_citizen_with_an_open_case(kommune_api, citizen,
                                                                                     closed_citizen, cpr, status,
                                                                                     code):
    response = kommune_api.get("/borger", cpr=cpr or None)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json" and response.json()["code"] == code
    assert not AccessLogEntry.objects.filter(citizen=closed_citizen).exists()


def test_a_citizen_of_another_municipality_is_not_found(kommune_api, citizen, other_municipality, make_staff,
                                                        make_citizen):
    foreign = make_citizen(make_staff(other_municipality, "ole"), cpr="0505901234", first="Ole", last="Fremmed")
    assert kommune_api.get("/borger", cpr=foreign.cpr).status_code == 404
    assert [i["cpr"] for i in kommune_api.get("/borgere").json()["items"]] == [citizen.cpr]


# --- Activities ----------------------------------------------------------------------------------------------------

@pytest.fixture
def activities(caseworker, citizen, second_citizen, closed_citizen):
    employer = offers.create_employer(staff=caseworker, name="Fjordby Byggemarked", cvr="13585628",
                                      sector=Sector.RETAIL)
    place = offers.create_place(staff=caseworker, employer=employer, title="Lagermedhjælper", tasks="Varemodtagelse")
    internship = offers.create_internship(staff=caseworker, citizen=citizen, place=place, start=TODAY - 7 * DAY,
                                          end=TODAY + 50 * DAY, minutes_per_week=12 * 60 + 30)
    old = offers.create_offer(staff=caseworker, citizen=citizen, kind=Offer.Kind.GUIDANCE, start=TODAY - 200 * DAY,
                              end=TODAY - 100 * DAY, purpose="Kursus i truckkørsel.")
    mentor = offers.create_offer(staff=caseworker, citizen=second_citizen, kind=Offer.Kind.MENTOR,
                                 start=TODAY + 3 * DAY, end=TODAY + 60 * DAY, minutes_per_week=90,
                                 purpose="Støtte til at komme i gang.")
    hidden = offers.create_offer(staff=caseworker, citizen=closed_citizen, kind=Offer.Kind.MENTOR, start=TODAY,
                                 end=TODAY + 30 * DAY, minutes_per_week=60, purpose="Støtte.")
    return {"internship": internship, "old": old, "mentor": mentor, "hidden": hidden}


def test_offers_are_read_as_activities_in_the_hubs_shape_page_by_page_and_logged(kommune_api, kommune_client,
                                                                                 activities, citizen,
                                                                                 second_citizen, closed_citizen):
    first = kommune_api.get("/aktiviteter", limit=2)
    assert first.status_code == 200, first.content
    rest = kommune_api.get("/aktiviteter", limit=2, cursor=first.json()["next_cursor"])
    assert rest.json()["next_cursor"] is None
    items = {i["aktivitetId"]: i for i in first.json()["items"] + rest.json()["items"]}
    assert set(items) == {activities[k].pk for k in ("internship", "old", "mentor")}
    internship = items[activities["internship"].pk]
    assert internship["cpr"] == citizen.cpr and internship["aktivitetstype"] == "virksomhedspraktik"
    assert (internship["timerPrUge"], internship["minutterPrUge"]) == (12, 30)
    assert internship["virksomhedCvr"] == "13585628" and internship["status"] == "igang"
    assert internship["startdato"] == (TODAY - 7 * DAY).isoformat() and internship["udfald"] is None
    assert items[activities["mentor"].pk]["status"] == "planlagt"
    assert items[activities["old"].pk]["status"] == "afsluttet"
    assert _logged(kommune_client, citizen, "api:activities") and _logged(kommune_client, second_citizen,
                                                                          "api:activities")
    assert not AccessLogEntry.objects.filter(citizen=closed_citizen).exists()


def test_activities_narrow_by_the_cpr_header_and_by_a_day(kommune_api, activities, citizen, closed_citizen):
    own = kommune_api.get("/aktiviteter", cpr=citizen.cpr)
    assert {i["aktivitetId"] for i in own.json()["items"]} == {activities["internship"].pk, activities["old"].pk}
    running = kommune_api.get("/aktiviteter", cpr=citizen.cpr, fra=TODAY.isoformat())
    assert [i["aktivitetId"] for i in running.json()["items"]] == [activities["internship"].pk]
    assert kommune_api.get("/aktiviteter", cpr=closed_citizen.cpr).status_code == 404
    assert kommune_api.get("/aktiviteter", cpr="abc").json()["code"] == "invalid_cpr"
    too_early = kommune_api.get("/aktiviteter", fra="1900-01-01")
    assert too_early.status_code == 400 and too_early.json()["code"] == "bad_request"


# --- Programmes ----------------------------------------------------------------------------------------------------

@pytest.fixture
def programme_world(caseworker, citizen, second_citizen, make_citizen, make_staff, municipality, other_municipality):
    leader = make_staff(municipality, "leder", role=Role.TEAM_LEADER, first="Lene", last="Leder")
    for n in range(5):
        make_citizen(caseworker, cpr=f"1{n}0190123{n}", first=f"Borger{n}", last="Testesen")
    period = {"funder": "STAR", "starts_on": TODAY.replace(month=1, day=1),
              "ends_on": TODAY.replace(year=TODAY.year + 1, month=12, day=31)}
    big = programmes.define_programme(
        staff=leader, data={**period, "name": "Flere skal med 1"}, criterion={"target_groups": ["3"]},
        targets=[{"measure": Target.Measure.VISITED, "threshold": 100, "payment_share": 40}])
    small = programmes.define_programme(staff=leader, data={**period, "name": "Jobparate"},
                                        criterion={"target_groups": ["2"]}, targets=[])
    for programme in (big, small):
        programmes.enrol_group(staff=leader, programme=programme)
    for enrolment in Enrolment.objects.filter(programme=big)[:5]:
        programmes.record_step(staff=leader, enrolment=enrolment, step="visited", on=TODAY)
    foreign_leader = make_staff(other_municipality, "fremmed", role=Role.TEAM_LEADER)
    programmes.define_programme(staff=foreign_leader, data={**period, "name": "Bakkeby-programmet"},
                                criterion={"target_groups": ["3"]}, targets=[])
    return big, small


def test_programme_counts_are_the_dashboards_with_small_cells_suppressed_page_by_page(kommune_api, programme_world):
    big, small = programme_world
    first = kommune_api.get("/programmer", limit=1)
    assert first.status_code == 200, first.content
    second = kommune_api.get("/programmer", limit=1, cursor=first.json()["next_cursor"])
    assert second.json()["next_cursor"] is None
    items = {i["name"]: i for i in first.json()["items"] + second.json()["items"]}
    assert set(items) == {"Flere skal med 1", "Jobparate"}  # not the other municipality's
    fsm = items["Flere skal med 1"]
    assert fsm["funder"] == "STAR" and fsm["starts_on"] == big.starts_on.isoformat()
    assert fsm["selected"] == fsm["enrolled"] == fsm["active"] == {"value": 6, "suppressed": False}
    [visited] = fsm["targets"]
    assert visited["measure"] == "visited" and visited["count"] == {"value": 5, "suppressed": False}
    assert visited["share"] == {"percent": 83.3, "suppressed": False} and visited["reached_on"] is None
    assert items["Jobparate"]["enrolled"] == {"value": None, "suppressed": True}  # one member: a small cell
    assert not AccessLogEntry.objects.exists()  # counts only


# --- A provider's client reaches none of it ------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/borgere", "/borger", "/aktiviteter", "/programmer"])
def test_a_providers_client_lacks_the_scopes(provider_api, citizen, path):
    response = provider_api.get(path, cpr=citizen.cpr)
    assert response.status_code == 403, response.content
    assert response["Content-Type"] == "application/problem+json" and response.json()["code"] == "forbidden_scope"
    assert not AccessLogEntry.objects.exists()
