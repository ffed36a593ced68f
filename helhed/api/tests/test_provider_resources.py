"""The provider's resources: attendance and mentor time, appointments and proposals, the plan's own part, and
absences. A provider reaches only its own referred citizens, logs every read, and bad input writes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from helhed.api.models import AppointmentProposal
from helhed.api.tests.conftest import make_referral
from helhed.citizens.models import AccessLogEntry
from helhed.contact.models import Absence, Appointment
from helhed.offers.models import Attendance, MentorTime, Referral
from helhed.plans import services as plan_services
from helhed.plans.models import PlanVersion

TODAY = timezone.localdate
HTML = "<script>alert('x')</script> <b>fed</b>"


@pytest.fixture
def running(caseworker, citizen, provider):
    return make_referral(caseworker, citizen, provider, state=Referral.State.STARTED)


def _plan(caseworker, citizen):
    return plan_services.save_plan(
        staff=caseworker, citizen=citizen, base_version=0, involvement="co_creation", citizen_position="agrees",
        content={"own_goal": "Komme i arbejde som tømrer.", "job_goal": "Tømrerlærling",
                 "sections": {"caseworker": "Jeg holder samtaler hver 14. dag.", "mentor": "Ugentlige møder."},
                 "steps": [{"text": "Møde med mentor hver uge", "owner": "mentor"},
                           {"text": "Søge lærepladser", "owner": "citizen"},
                           {"text": "Bevilge kursus", "owner": "caseworker"}]})


def _appointment(caseworker, citizen, *, days=2, **extra):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    return Appointment.objects.create(municipality=citizen.municipality, citizen=citizen, starts_at=starts,
                                      ends_at=starts + datetime.timedelta(minutes=30), organiser=caseworker,
                                      booked_by=caseworker, **extra)


def _proposal_body(referral, **extra):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    return {"referral_id": referral.pk, "starts_at": starts.isoformat(),
            "ends_at": (starts + datetime.timedelta(hours=1)).isoformat(), "channel": "office",
            "place": "Brobyg, Havnegade 3", "purpose": "Opfølgning på praktikken.", **extra}


def _nothing_written():
    return (not Attendance.objects.exists() and not MentorTime.objects.exists()
            and not AppointmentProposal.objects.exists() and PlanVersion.objects.count() <= 1)


# --- Attendance and mentor time ----------------------------------------------------------------------------------

def test_the_provider_registers_attendance_and_an_absence_with_its_context(provider_api, running, provider_client):
    came = provider_api.post(f"/henvisninger/{running.pk}/fremmoede", {"day": str(TODAY()), "present": True})
    assert came.status_code == 201, came.content
    yesterday = TODAY() - datetime.timedelta(days=1)
    absent = provider_api.post(f"/henvisninger/{running.pk}/fremmoede", {
        "day": str(yesterday), "present": False, "reason": "ill", "context": "Ringede om morgenen, syg."})
    assert absent.status_code == 201 and absent.json()["reason"] == "ill"
    rows = Attendance.objects.filter(referral=running)
    assert rows.count() == 2 and rows.get(on=yesterday).recorded_by == provider_client.staff

    listed = provider_api.get(f"/henvisninger/{running.pk}/fremmoede", limit=1)
    assert listed.status_code == 200 and len(listed.json()["items"]) == 1 and listed.json()["next_cursor"]
    rest = provider_api.get(f"/henvisninger/{running.pk}/fremmoede", cursor=listed.json()["next_cursor"])
    assert len(rest.json()["items"]) == 1 and rest.json()["next_cursor"] is None


@pytest.mark.parametrize("body, field", [
    ({"day": "TOMORROW", "present": True}, "on"),
    ({"day": "TODAY", "present": False, "reason": "ill"}, "context"),
    ({"day": "TODAY", "present": False, "context": "Ved ikke."}, "reason"),
    ({"day": "TODAY", "present": "maybe"}, "present"),
])
def test_bad_attendance_is_a_422_problem_and_writes_nothing(provider_api, running, body, field):
    day = {"TODAY": TODAY(), "TOMORROW": TODAY() + datetime.timedelta(days=1)}[body["day"]]
    response = provider_api.post(f"/henvisninger/{running.pk}/fremmoede", {**body, "day": str(day)})
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"], response.json()
    assert not Attendance.objects.exists()


def test_the_provider_registers_mentor_time_and_html_in_the_note_is_kept_as_text(provider_api, running):
    response = provider_api.post(f"/henvisninger/{running.pk}/mentortid", {
        "day": str(TODAY()), "minutes": 45, "kind": "phone", "note": HTML})
    assert response.status_code == 201, response.content
    assert response.json()["note"] == HTML and MentorTime.objects.get().note == HTML
    listed = provider_api.get(f"/henvisninger/{running.pk}/mentortid")
    assert listed.json()["items"][0]["note"] == HTML and listed["Content-Type"] == "application/json; charset=utf-8"


@pytest.mark.parametrize("body, field", [
    ({"minutes": 25 * 60, "kind": "phone"}, "minutes"),
    ({"minutes": 0, "kind": "phone"}, "minutes"),
    ({"minutes": 121, "kind": "meeting"}, "minutes"),  # past the week's grant, not confirmed
    ({"minutes": 30, "kind": "coffee"}, "kind"),
    ({"minutes": 30, "kind": "phone", "days_ahead": 1}, "on"),
    ({"minutes": 30, "kind": "phone", "note": "a\x00b"}, "note"),
])
def test_bad_mentor_time_is_a_422_problem_and_writes_nothing(provider_api, running, body, field):
    day = TODAY() + datetime.timedelta(days=body.pop("days_ahead", 0))
    response = provider_api.post(f"/henvisninger/{running.pk}/mentortid", {**body, "day": str(day)})
    assert response.status_code == 422 and field in response.json()["errors"], response.json()
    assert not MentorTime.objects.exists()


def test_time_past_the_grant_is_kept_when_the_provider_confirms_it(provider_api, running):
    response = provider_api.post(f"/henvisninger/{running.pk}/mentortid", {
        "day": str(TODAY()), "minutes": 180, "kind": "acute", "beyond_grant": True})
    assert response.status_code == 201 and MentorTime.objects.get().minutes == 180


def test_a_referral_only_sent_takes_no_attendance(provider_api, referral):
    response = provider_api.post(f"/henvisninger/{referral.pk}/fremmoede", {"day": str(TODAY()), "present": True})
    assert response.status_code == 404 and not Attendance.objects.exists()


# --- Appointments and proposals ----------------------------------------------------------------------------------

def test_the_provider_reads_the_appointments_of_its_citizens_only(provider_api, running, other_referral, caseworker):
    own = _appointment(caseworker, running.citizen, channel="home_visit", place="Hjemme")
    _appointment(caseworker, other_referral.citizen)
    earlier = _appointment(caseworker, running.citizen, days=-10)
    response = provider_api.get("/aftaler")
    assert response.status_code == 200, response.content
    assert [a["id"] for a in response.json()["items"]] == [own.pk, earlier.pk]
    item = response.json()["items"][0]
    assert item["channel"] == "home_visit" and item["where"] == "Hjemme" and item["status"] == "booked"
    assert item["proposed_by_organisation"] is False
    since = provider_api.get("/aftaler", fra=str(TODAY()), cpr=running.citizen.cpr)
    assert [a["id"] for a in since.json()["items"]] == [own.pk]


def test_a_proposal_reaches_the_caseworker_and_booking_it_marks_it_booked(provider_api, running, caseworker,
                                                                         client, provider):
    response = provider_api.post("/aftaler/forslag", _proposal_body(running, purpose=HTML))
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "proposed" and response.json()["purpose"] == HTML
    proposal = AppointmentProposal.objects.get()
    assert provider_api.get("/aftaler/forslag").json()["items"][0]["id"] == proposal.pk

    client.force_login(caseworker.user)
    page = client.get(reverse("casefile:overview", kwargs={"pk": running.citizen_id})).content.decode()
    assert provider.name in page and "&lt;script&gt;" in page and "<script>alert" not in page
    assert "Brobyg, Havnegade 3" in page
    starts = timezone.localtime(proposal.starts_at)
    assert f"dato={starts.date().isoformat()}&amp;tid={starts:%H}%3A{starts:%M}" in page
    worklist = client.get(reverse("casefile:worklist")).content.decode()
    assert provider.name in worklist

    booking = client.get(reverse("contact:appointment_book", kwargs={"pk": running.citizen_id}),
                         {"dato": starts.date().isoformat(), "tid": f"{starts:%H:%M}", "kanal": proposal.channel})
    assert f'value="{starts:%H:%M}"' in booking.content.decode()
    appointment = Appointment.objects.create(
        municipality=running.municipality, citizen=running.citizen, starts_at=proposal.starts_at,
        ends_at=proposal.ends_at, organiser=caseworker, booked_by=caseworker)
    proposal.refresh_from_db()
    assert proposal.state == "booked" and proposal.handled_by == caseworker and proposal.appointment == appointment
    assert provider_api.get("/aftaler").json()["items"][0]["proposed_by_organisation"] is True
    assert provider_api.get("/aftaler/forslag").json()["items"][0]["state"] == "booked"


def test_the_caseworker_declines_a_proposal(provider_api, running, caseworker, client):
    provider_api.post("/aftaler/forslag", _proposal_body(running))
    proposal = AppointmentProposal.objects.get()
    client.force_login(caseworker.user)
    handled = client.post(reverse("api:proposal_handled", kwargs={"pk": running.citizen_id,
                                                                   "proposal_pk": proposal.pk}), {"state": "declined"})
    assert handled.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == "declined" and proposal.handled_by == caseworker and proposal.appointment is None
    assert provider_api.get("/aftaler/forslag").json()["items"][0]["state"] == "declined"


def test_a_staff_member_without_write_access_cannot_mark_a_proposal_handled(provider_api, running, other_caseworker,
                                                                            client):
    provider_api.post("/aftaler/forslag", _proposal_body(running))
    proposal = AppointmentProposal.objects.get()
    client.force_login(other_caseworker.user)
    response = client.post(reverse("api:proposal_handled", kwargs={"pk": running.citizen_id,
                                                                    "proposal_pk": proposal.pk}), {"state": "booked"})
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.state == "proposed"


@pytest.mark.parametrize("change, field", [
    ({"starts_at": "PAST"}, "starts_at"),
    ({"ends_at": "SAME"}, "ends_at"),
    ({"ends_at": "LONG"}, "ends_at"),
    ({"purpose": "   "}, "purpose"),
    ({"purpose": ""}, "purpose"),
    ({"channel": "pigeon"}, "channel"),
    ({"starts_at": "0001-01-01T00:00:00"}, "starts_at"),
])
def test_a_bad_proposal_is_a_422_problem_and_writes_nothing(provider_api, running, change, field):
    body = _proposal_body(running)
    starts = datetime.datetime.fromisoformat(body["starts_at"])
    values = {"PAST": (starts - datetime.timedelta(days=5)).isoformat(), "SAME": body["starts_at"],
              "LONG": (starts + datetime.timedelta(hours=13)).isoformat()}
    change = {k: values.get(v, v) for k, v in change.items()}
    response = provider_api.post("/aftaler/forslag", {**body, **change})
    assert response.status_code == 422 and field in response.json()["errors"], response.json()
    assert not AppointmentProposal.objects.exists()


# --- The plan ----------------------------------------------------------------------------------------------------

def test_a_plan_not_written_yet_is_the_empty_plan_at_version_0(provider_api, running):
    response = provider_api.get(f"/henvisninger/{running.pk}/plan")
    assert response.status_code == 200 and response["ETag"] == '"plan-0"'
    assert response.json()["version"] == 0 and response.json()["steps"] == []
    write = provider_api.put(f"/henvisninger/{running.pk}/plan/leverandoerdel", {
        "mentor_section": "Hej", "involvement": "co_creation", "citizen_position": "agrees"}, if_match='"plan-0"')
    assert write.status_code == 409 and not PlanVersion.objects.exists()


def test_the_provider_writes_its_part_of_the_plan_with_if_match(provider_api, running, caseworker, citizen):
    _plan(caseworker, citizen)
    read = provider_api.get(f"/henvisninger/{running.pk}/plan")
    assert read["ETag"] == '"plan-1"' and read.json()["own_goal"] == "Komme i arbejde som tømrer."
    before = read.json()
    mentor_step = next(s for s in before["steps"] if s["owner"] == "mentor")
    body = {"mentor_section": "Møder hver tirsdag, og ring om aftenen ved behov.",
            "steps": [{"key": mentor_step["key"], "status": "done"}],
            "involvement": "co_creation", "citizen_position": "agrees"}
    path = f"/henvisninger/{running.pk}/plan/leverandoerdel"

    missing = provider_api.put(path, body)
    assert missing.status_code == 428 and missing.json()["code"] == "if_match_missing"
    stale = provider_api.put(path, body, if_match='"plan-0"')
    assert stale.status_code == 412 and stale.json()["code"] == "version_changed"
    assert PlanVersion.objects.count() == 1

    right = provider_api.put(path, body, if_match=read["ETag"])
    assert right.status_code == 200, right.content
    assert right["ETag"] == '"plan-2"' and right.json()["version"] == 2
    after = right.json()
    assert after["sections"] == {**before["sections"], "mentor": body["mentor_section"]}
    assert after["steps"] == [{**s, "status": "done"} if s["key"] == mentor_step["key"] else s
                              for s in before["steps"]]
    assert {k: v for k, v in after.items() if k not in ("sections", "steps", "version")} == {
        k: v for k, v in before.items() if k not in ("sections", "steps", "version")}
    assert PlanVersion.objects.get(number=2).changed_by == provider_api_staff(running)


def provider_api_staff(referral):
    from helhed.api.models import ApiClient

    return ApiClient.objects.get(organisation=referral.provider).staff


@pytest.mark.parametrize("change, field", [
    ({"citizen_position": "disagrees"}, "citizen_reason"),
    ({"steps": "CASEWORKER_STEP"}, "steps"),
    ({"involvement": "forced"}, "involvement"),
])
def test_a_bad_plan_part_is_a_422_problem_and_saves_no_version(provider_api, running, caseworker, citizen, change,
                                                               field):
    _plan(caseworker, citizen)
    caseworker_step = next(s for s in citizen.plan.steps.all() if s.owner == "caseworker")
    if change.get("steps") == "CASEWORKER_STEP":
        change = {"steps": [{"key": str(caseworker_step.key), "status": "done"}]}
    body = {"mentor_section": "Ny tekst", "involvement": "co_creation", "citizen_position": "agrees", **change}
    response = provider_api.put(f"/henvisninger/{running.pk}/plan/leverandoerdel", body, if_match='"plan-1"')
    assert response.status_code == 422 and field in response.json()["errors"], response.json()
    assert PlanVersion.objects.count() == 1


def test_someone_saving_the_plan_meanwhile_is_a_412_version_changed(provider_api, running, caseworker, citizen,
                                                                    monkeypatch):
    _plan(caseworker, citizen)
    original = plan_services.save_plan

    def caseworker_first(**kwargs):
        original(staff=caseworker, citizen=citizen, base_version=1, involvement="co_creation",
                 citizen_position="agrees", content={"own_goal": "Et nyt mål", "steps": []})
        return original(**kwargs)

    monkeypatch.setattr(plan_services, "save_plan", caseworker_first)
    response = provider_api.put(f"/henvisninger/{running.pk}/plan/leverandoerdel", {
        "mentor_section": "Ny tekst", "involvement": "co_creation", "citizen_position": "agrees"},
        if_match='"plan-1"')
    assert response.status_code == 412 and response.json()["code"] == "version_changed"
    assert PlanVersion.objects.count() == 1  # the whole write, the caseworker's part of this test too, rolled back


# --- Absences ----------------------------------------------------------------------------------------------------

def test_absences_hold_the_referral_absences_and_the_missed_conversations(provider_api, running, other_referral,
                                                                         caseworker):
    yesterday = TODAY() - datetime.timedelta(days=1)
    absent = Attendance.objects.create(municipality=running.municipality, citizen=running.citizen, referral=running,
                                       on=yesterday, present=False, reason="ill", context="Syg.",
                                       recorded_by=caseworker)
    Attendance.objects.create(municipality=running.municipality, citizen=running.citizen, referral=running,
                              on=TODAY(), present=True, recorded_by=caseworker)
    missed = Absence.objects.create(municipality=running.municipality, citizen=running.citizen,
                                    appointment=_appointment(caseworker, running.citizen, days=-3),
                                    notice="none", context="Ikke hørt fra borgeren.", recorded_by=caseworker)
    Absence.objects.create(municipality=running.municipality, citizen=other_referral.citizen,
                           appointment=_appointment(caseworker, other_referral.citizen, days=-3), notice="none",
                           context="Anden borger.", recorded_by=caseworker)
    first = provider_api.get("/fravaer", limit=1)
    assert first.status_code == 200, first.content
    assert [(i["kind"], i["id"]) for i in first.json()["items"]] == [("attendance", absent.pk)]
    second = provider_api.get("/fravaer", limit=1, cursor=first.json()["next_cursor"])
    assert [(i["kind"], i["id"]) for i in second.json()["items"]] == [("appointment", missed.pk)]
    assert second.json()["items"][0]["context"] == "Ikke hørt fra borgeren." and second.json()["next_cursor"] is None
    whole = provider_api.get("/fravaer", cpr=running.citizen.cpr)
    assert len(whole.json()["items"]) == 2 and whole.json()["next_cursor"] is None
    assert provider_api.get("/fravaer", cursor="x-nonsense").status_code == 400


# --- Need-to-know and the read log, for every operation ----------------------------------------------------------

def _operations(referral_id):
    day = str(TODAY())
    return [
        ("post", f"/henvisninger/{referral_id}/fremmoede", {"day": day, "present": True}),
        ("get", f"/henvisninger/{referral_id}/fremmoede", None),
        ("post", f"/henvisninger/{referral_id}/mentortid", {"day": day, "minutes": 30, "kind": "phone"}),
        ("get", f"/henvisninger/{referral_id}/mentortid", None),
        ("get", f"/henvisninger/{referral_id}/plan", None),
        ("put", f"/henvisninger/{referral_id}/plan/leverandoerdel",
         {"mentor_section": "x", "involvement": "co_creation", "citizen_position": "agrees"}),
        ("post", "/aftaler/forslag", "PROPOSAL"),
        ("get", "/aftaler", "CPR"),
        ("get", "/aftaler/forslag", "CPR"),
        ("get", "/fravaer", "CPR"),
    ]


@pytest.mark.parametrize("index", range(10))
def test_every_operation_is_404_for_a_citizen_not_referred_to_the_provider_and_writes_nothing(
        provider_api, running, other_referral, caseworker, index):
    _plan(caseworker, other_referral.citizen)
    method, path, body = _operations(other_referral.pk)[index]
    if method == "get":
        response = provider_api.get(path, cpr=other_referral.citizen.cpr if body == "CPR" else None)
    elif method == "put":
        response = provider_api.put(path, body, if_match='"plan-1"')
    else:
        body = _proposal_body(other_referral) if body == "PROPOSAL" else body
        response = provider_api.post(path, body)
    assert response.status_code == 404, response.content
    assert response.json()["code"] == "not_found"
    assert _nothing_written()
    assert not AccessLogEntry.objects.filter(citizen=other_referral.citizen).exists()


@pytest.mark.parametrize("index", [1, 3, 4, 7, 8, 9])
def test_every_read_is_in_the_read_log_with_the_client_as_reader(provider_api, running, caseworker, provider_client,
                                                                 index):
    Attendance.objects.create(municipality=running.municipality, citizen=running.citizen, referral=running,
                              on=TODAY(), present=False, reason="ill", context="Syg.", recorded_by=caseworker)
    MentorTime.objects.create(municipality=running.municipality, citizen=running.citizen, referral=running,
                              staff=caseworker, on=TODAY(), minutes=30, kind="phone")
    _appointment(caseworker, running.citizen)
    provider_api.post("/aftaler/forslag", _proposal_body(running))
    before = AccessLogEntry.objects.order_by("pk").last()
    method, path, _body = _operations(running.pk)[index]
    response = provider_api.get(path)
    assert response.status_code == 200, response.content
    entry = AccessLogEntry.objects.get(citizen=running.citizen, pk__gt=before.pk if before else 0)
    assert entry.staff_id == provider_client.staff_id and entry.reason == "api_referred"
    assert entry.page.startswith("api:")


def test_lists_without_the_cpr_header_leave_out_citizens_not_referred(provider_api, running, other_referral,
                                                                      caseworker):
    _appointment(caseworker, other_referral.citizen)
    for path in ("/aftaler", "/aftaler/forslag", "/fravaer"):
        response = provider_api.get(path)
        assert response.status_code == 200 and response.json()["items"] == []
    assert not AccessLogEntry.objects.filter(citizen=other_referral.citizen).exists()
