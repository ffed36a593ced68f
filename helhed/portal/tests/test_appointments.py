"""My meetings in the portal: the list, asking to move a meeting, saying I cannot come, the calendar file, and what
staff see of it (the worklist, the case file, the absence case)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from helhed.citizens.models import AccessLogEntry
from helhed.contact.models import Absence, Appointment, MeetingPlace
from helhed.contact.services.appointments import book_appointment, record_not_held
from helhed.portal.models import AbsenceNotice, MoveRequest, PortalEvent
from helhed.portal.models.policy import PORTAL_CHANGE_REASON
from helhed.sanctions.models import SanctionCase

LIST = reverse("portal:appointments")


def _at(days, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _book(caseworker, citizen, *, days=3, **extra):
    return book_appointment(staff=caseworker, citizen=citizen, starts_at=_at(days), overlap_confirmed=True, **extra)


def _past(appointment, *, days=2):
    """Moves an appointment into the past (book_appointment refuses a past time)."""
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=_at(-days), ends_at=_at(-days) + datetime.timedelta(
        minutes=30))
    appointment.refresh_from_db()
    return appointment


@pytest.fixture
def place(municipality):
    return MeetingPlace.objects.create(municipality=municipality, name="Café Sydhavn", address="Sydhavnsgade 4",
                                       postal_code="8000", city="Aarhus C")


def _move(appointment):
    return reverse("portal:move_request", args=[appointment.pk])


def _absence(appointment):
    return reverse("portal:report_absence", args=[appointment.pk])


# --- The list -----------------------------------------------------------------------------------------------------

def test_list_shows_time_place_who_and_what_to_bring_with_a_map_link(citizen_client, caseworker, other_caseworker,
                                                                    citizen, place):
    appointment = _book(caseworker, citizen, meeting_place=place, bisidder="Mette Holm",
                        interpreter="Amina (somali)", message_to_citizen="Tag din lønseddel med")
    appointment.other_staff.add(other_caseworker)
    response = citizen_client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    start = timezone.localtime(appointment.starts_at)
    assert start.strftime("%H:%M") in html
    assert "Café Sydhavn" in html and "Sydhavnsgade 4" in html
    assert "https://www.openstreetmap.org/search?query=Sydhavnsgade+4%2C+8000+Aarhus+C" in html
    assert 'target="_blank"' not in html and "<script" not in html
    assert caseworker.full_name in html and other_caseworker.full_name in html
    assert "Mette Holm" in html and "Amina (somali)" in html
    assert "Tag din lønseddel med" in html
    assert _move(appointment) in html and _absence(appointment) in html
    assert reverse("portal:appointments_ics") in html
    assert len(response.content) < 100_000


def test_no_map_link_for_a_phone_meeting(citizen_client, caseworker, citizen):
    _book(caseworker, citizen, place="Office", channel=Appointment.Channel.OFFICE)  # the first one is in person
    _book(caseworker, citizen, days=5, channel=Appointment.Channel.PHONE, place="We call 12345678",
          kind=Appointment.Kind.MENTOR_MEETING)
    html = citizen_client.get(LIST).content.decode()
    assert html.count("openstreetmap.org") == 1


def test_list_shows_only_the_citizens_own_meetings_and_the_last_past_ones(citizen_client, caseworker, citizen,
                                                                         make_citizen):
    other = make_citizen(caseworker, cpr="0202902345", first="Karin", last="Lund")
    theirs = _book(caseworker, other, message_to_citizen="Karins besked")
    old = _past(_book(caseworker, citizen, days=4, message_to_citizen="Gammel besked"))
    html = citizen_client.get(LIST).content.decode()
    assert "Karins besked" not in html and _move(theirs) not in html
    assert f'id="appointment-{old.pk}"' in html
    assert _move(old) not in html  # a past meeting cannot be moved
    assert "Gammel besked" not in html  # "what to bring" is for coming meetings


def test_the_list_says_a_request_and_a_notice_were_sent(citizen_client, caseworker, citizen):
    appointment = _book(caseworker, citizen)
    citizen_client.post(_move(appointment), {"reason": "Jeg skal til lægen", "wishes": ""})
    citizen_client.post(_absence(appointment), {"kind": "ill", "text": ""})
    html = citizen_client.get(LIST).content.decode()
    assert "portal-sent" in html
    assert _move(appointment) not in html and _absence(appointment) not in html


def test_the_list_in_easy_read_mode(citizen_client, caseworker, citizen):
    _book(caseworker, citizen, message_to_citizen="Tag CV med")
    citizen_client.post(reverse("portal:easy_read"), {"on": "1", "next": LIST})
    response = citizen_client.get(LIST)
    assert response.status_code == 200 and response.context["portal_easy"]
    assert "Tag CV med" in response.content.decode()


def test_the_list_needs_a_signed_in_citizen(client, caseworker, citizen):
    client.force_login(caseworker.user)  # a staff login does not reach the portal
    response = client.get(LIST)
    assert response.status_code == 302 and response.url == reverse("portal:front")


# --- Asking to move a meeting -------------------------------------------------------------------------------------

def test_move_request_is_saved_with_a_portal_event_and_a_portal_history_row(citizen_client, caseworker, citizen):
    appointment = _book(caseworker, citizen)
    assert citizen_client.get(_move(appointment)).status_code == 200
    response = citizen_client.post(_move(appointment), {"reason": "Jeg er på kursus", "wishes": "Tirsdag efter 12"})
    assert response.status_code == 302 and response.url == LIST
    request = MoveRequest.objects.get()
    assert (request.citizen, request.appointment, request.reason, request.wishes) == (
        citizen, appointment, "Jeg er på kursus", "Tirsdag efter 12")
    assert request.municipality_id == citizen.municipality_id
    assert request.history.get().history_change_reason == PORTAL_CHANGE_REASON
    event = PortalEvent.objects.get(citizen=citizen, action=PortalEvent.Action.MOVE_REQUESTED)
    assert event.history.get().history_change_reason == PORTAL_CHANGE_REASON


def test_move_request_reaches_the_caseworkers_worklist_and_not_an_unrelated_caseworkers(
        citizen_client, staff_client, caseworker, other_caseworker, citizen):
    appointment = _book(caseworker, citizen)
    citizen_client.post(_move(appointment), {"reason": "Jeg skal til tandlæge", "wishes": "Fredag"})
    request = MoveRequest.objects.get()
    before = AccessLogEntry.objects.filter(citizen=citizen, page="casefile:worklist").count()
    html = staff_client.get(reverse("casefile:worklist")).content.decode()
    assert "Jeg skal til tandlæge" in html and "Fredag" in html
    assert reverse("casefile:overview", args=[citizen.pk]) in html
    assert reverse("portal_staff:move_request_handled", args=[citizen.pk, request.pk]) in html
    assert AccessLogEntry.objects.filter(citizen=citizen, page="casefile:worklist").count() > before

    stranger = Client()
    stranger.force_login(other_caseworker.user)
    logged = AccessLogEntry.objects.filter(citizen=citizen).count()
    html = stranger.get(reverse("casefile:worklist")).content.decode()
    assert "Jeg skal til tandlæge" not in html
    assert AccessLogEntry.objects.filter(citizen=citizen).count() == logged


def test_the_caseworker_marks_the_request_handled_and_it_leaves_the_worklist(citizen_client, staff_client,
                                                                            caseworker, citizen):
    appointment = _book(caseworker, citizen)
    citizen_client.post(_move(appointment), {"reason": "Syg barn"})
    request = MoveRequest.objects.get()
    url = reverse("portal_staff:move_request_handled", args=[citizen.pk, request.pk])
    assert staff_client.get(url).status_code == 405
    response = staff_client.post(url, {"back": "worklist"})
    assert response.status_code == 302 and response.url.startswith(reverse("casefile:worklist"))
    request.refresh_from_db()
    assert request.handled_at is not None and request.handled_by == caseworker
    assert "Syg barn" not in staff_client.get(reverse("casefile:worklist")).content.decode()
    # Handled, the citizen may ask again (a new wish).
    assert citizen_client.get(_move(appointment)).status_code == 200


def test_only_staff_who_may_write_to_the_case_mark_a_request_handled(citizen_client, caseworker, other_caseworker,
                                                                    citizen):
    appointment = _book(caseworker, citizen)
    citizen_client.post(_move(appointment), {"reason": "Syg"})
    request = MoveRequest.objects.get()
    stranger = Client()
    stranger.force_login(other_caseworker.user)
    response = stranger.post(reverse("portal_staff:move_request_handled", args=[citizen.pk, request.pk]))
    assert response.status_code == 404
    assert MoveRequest.objects.get().handled_at is None


def test_a_request_under_another_citizen_is_404_for_staff(staff_client, caseworker, citizen, make_citizen):
    other = make_citizen(caseworker, cpr="0202902345", first="Karin", last="Lund")
    appointment = _book(caseworker, other)
    request = MoveRequest.objects.create(municipality=other.municipality, citizen=other, appointment=appointment,
                                         reason="x")
    url = reverse("portal_staff:move_request_handled", args=[citizen.pk, request.pk])
    assert staff_client.post(url).status_code == 404


def test_one_open_request_per_meeting(citizen_client, caseworker, citizen):
    appointment = _book(caseworker, citizen)
    citizen_client.post(_move(appointment), {"reason": "Første"})
    response = citizen_client.post(_move(appointment), {"reason": "Anden"})
    assert response.status_code == 302 and response.url == LIST
    assert MoveRequest.objects.count() == 1
    page = citizen_client.get(_move(appointment))  # the page says so instead of the form
    assert page.status_code == 200 and page.context["refusal"] and "<textarea" not in page.content.decode()


def test_a_past_meeting_cannot_be_moved(citizen_client, caseworker, citizen):
    appointment = _past(_book(caseworker, citizen))
    response = citizen_client.post(_move(appointment), {"reason": "For sent"}, follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert list(response.context["messages"])  # a clear message on the list
    assert not MoveRequest.objects.exists()
    assert not PortalEvent.objects.filter(action=PortalEvent.Action.MOVE_REQUESTED).exists()


def test_a_settled_meeting_cannot_be_moved(citizen_client, caseworker, citizen):
    appointment = _book(caseworker, citizen)
    record_not_held(staff=caseworker, appointment=appointment, reason=Appointment.NotHeldReason.STAFF_CANCELLED)
    page = citizen_client.get(_move(appointment))
    assert page.status_code == 200 and page.context["refusal"] and "<textarea" not in page.content.decode()
    response = citizen_client.post(_move(appointment), {"reason": "Alligevel"})
    assert response.status_code == 302 and response.url == LIST
    assert not MoveRequest.objects.exists()


def test_empty_reason_gives_an_error_and_keeps_the_optional_text(citizen_client, caseworker, citizen):
    appointment = _book(caseworker, citizen)
    response = citizen_client.post(_move(appointment), {"reason": "   ", "wishes": "Onsdag formiddag"})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["form"].errors["reason"]
    assert "Onsdag formiddag" in html
    assert 'aria-invalid="true"' in html and "id_reason-error-1" in html
    assert not MoveRequest.objects.exists()


def test_too_long_reason_gives_an_error_and_keeps_the_text(citizen_client, caseworker, citizen):
    appointment = _book(caseworker, citizen)
    long_text = "lang " * 300
    response = citizen_client.post(_move(appointment), {"reason": long_text, "wishes": "x" * 301})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["reason"] and form.errors["wishes"]
    assert long_text.strip() in response.content.decode()
    assert not MoveRequest.objects.exists()


def test_html_in_the_reason_is_kept_as_text(citizen_client, staff_client, caseworker, citizen):
    appointment = _book(caseworker, citizen)
    text = '<script>alert("x")</script><b>fed</b>'
    citizen_client.post(_move(appointment), {"reason": text})
    assert MoveRequest.objects.get().reason == text
    html = staff_client.get(reverse("casefile:overview", args=[citizen.pk])).content.decode()
    assert escape(text) in html
    assert text not in html
    worklist = staff_client.get(reverse("casefile:worklist")).content.decode()
    assert escape(text) in worklist and text not in worklist


def test_another_citizens_appointment_is_404_for_both_forms(citizen_client, caseworker, citizen, make_citizen):
    other = make_citizen(caseworker, cpr="0202902345", first="Karin", last="Lund")
    theirs = _book(caseworker, other)
    for url in (_move(theirs), _absence(theirs)):
        assert citizen_client.get(url).status_code == 404
        assert citizen_client.post(url, {"reason": "x", "kind": "ill"}).status_code == 404
    assert not MoveRequest.objects.exists() and not AbsenceNotice.objects.exists()
    assert citizen_client.get(reverse("portal:move_request", args=[999999])).status_code == 404


def test_the_forms_need_a_signed_in_citizen(client, caseworker, citizen):
    appointment = _book(caseworker, citizen)
    response = client.post(_move(appointment), {"reason": "x"})
    assert response.status_code == 302 and response.url == reverse("portal:front")
    assert not MoveRequest.objects.exists()


# --- Saying I cannot come -----------------------------------------------------------------------------------------

def test_absence_notice_is_saved_and_creates_no_absence_and_no_sanction_case(citizen_client, caseworker, citizen):
    appointment = _book(caseworker, citizen)
    assert citizen_client.get(_absence(appointment)).status_code == 200
    response = citizen_client.post(_absence(appointment), {"kind": "ill", "text": "Feber og ondt i halsen"})
    assert response.status_code == 302 and response.url == LIST
    notice = AbsenceNotice.objects.get()
    assert (notice.citizen, notice.appointment, notice.kind, notice.text) == (
        citizen, appointment, AbsenceNotice.Kind.ILL, "Feber og ondt i halsen")
    assert notice.history.get().history_change_reason == PORTAL_CHANGE_REASON
    event = PortalEvent.objects.get(citizen=citizen, action=PortalEvent.Action.ABSENCE_REPORTED)
    assert event.history.get().history_change_reason == PORTAL_CHANGE_REASON
    assert not Absence.objects.exists()
    assert not SanctionCase.objects.exists()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED  # the caseworker decides what happens to the meeting


def test_absence_needs_a_choice_and_keeps_the_text(citizen_client, caseworker, citizen):
    appointment = _book(caseworker, citizen)
    response = citizen_client.post(_absence(appointment), {"text": "Min <b>bus</b> kører ikke"})
    assert response.status_code == 200
    assert response.context["form"].errors["kind"]
    assert "Min &lt;b&gt;bus&lt;/b&gt; kører ikke" in response.content.decode()
    assert not AbsenceNotice.objects.exists()


def test_absence_text_too_long_is_refused_with_the_text_kept(citizen_client, caseworker, citizen):
    appointment = _book(caseworker, citizen)
    response = citizen_client.post(_absence(appointment), {"kind": "other", "text": "ord " * 400})
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert 'value="other" checked' in response.content.decode()
    assert not AbsenceNotice.objects.exists()


def test_a_second_absence_notice_for_the_same_meeting_gives_a_message(citizen_client, caseworker, citizen):
    appointment = _book(caseworker, citizen)
    citizen_client.post(_absence(appointment), {"kind": "ill"})
    response = citizen_client.post(_absence(appointment), {"kind": "other"})
    assert response.status_code == 302
    assert AbsenceNotice.objects.count() == 1
    page = citizen_client.get(_absence(appointment))
    assert page.status_code == 200 and page.context["already"] and 'type="radio"' not in page.content.decode()


def test_no_absence_notice_for_a_meeting_held_or_long_ago(citizen_client, caseworker, citizen):
    held = _book(caseworker, citizen)
    Appointment.objects.filter(pk=held.pk).update(status=Appointment.Status.HELD)
    old = _past(_book(caseworker, citizen, days=4), days=30)
    for appointment in (held, old):
        citizen_client.post(_absence(appointment), {"kind": "ill"})
    assert not AbsenceNotice.objects.exists()


def test_an_absence_case_about_the_meeting_shows_the_notice_as_context(citizen_client, staff_client, caseworker,
                                                                     citizen):
    appointment = _book(caseworker, citizen)
    citizen_client.post(_absence(appointment), {"kind": "ill", "text": "Jeg har influenza"})
    assert not SanctionCase.objects.exists()
    appointment = _past(appointment, days=1)
    record_not_held(staff=caseworker, appointment=appointment, reason=Appointment.NotHeldReason.CITIZEN_ABSENT,
                    notice=Absence.Notice.AFTERWARDS, context="Søren meldte sig syg i portalen.")
    case = SanctionCase.objects.get(citizen=citizen)
    html = staff_client.get(reverse("sanctions:case", args=[citizen.pk, case.pk])).content.decode()
    assert "Jeg har influenza" in html
    assert timezone.localtime(appointment.starts_at).strftime("%d.%m") in html


def test_a_missed_meeting_may_get_a_notice_afterwards(citizen_client, caseworker, citizen):
    appointment = _past(_book(caseworker, citizen), days=1)
    record_not_held(staff=caseworker, appointment=appointment, reason=Appointment.NotHeldReason.CITIZEN_ABSENT,
                    notice=Absence.Notice.NONE, context="Ingen afbud.")
    response = citizen_client.post(_absence(appointment), {"kind": "ill", "text": "Jeg lå i sengen"})
    assert response.status_code == 302
    assert AbsenceNotice.objects.get().appointment == appointment


def test_the_case_file_shows_the_notice_and_the_caseworker_marks_it_seen(citizen_client, staff_client, caseworker,
                                                                        citizen):
    appointment = _book(caseworker, citizen)
    citizen_client.post(_absence(appointment), {"kind": "other", "text": "Min mor er syg"})
    notice = AbsenceNotice.objects.get()
    overview = reverse("casefile:overview", args=[citizen.pk])
    html = staff_client.get(overview).content.decode()
    assert "Min mor er syg" in html
    seen = reverse("portal_staff:absence_notice_seen", args=[citizen.pk, notice.pk])
    assert seen in html
    assert "Min mor er syg" in staff_client.get(reverse("casefile:worklist")).content.decode()
    response = staff_client.post(seen)
    assert response.status_code == 302 and response.url.startswith(overview)
    notice.refresh_from_db()
    assert notice.seen_at is not None and notice.seen_by == caseworker
    assert "Min mor er syg" not in staff_client.get(reverse("casefile:worklist")).content.decode()
    assert "Min mor er syg" in staff_client.get(overview).content.decode()  # still context in the case file


# --- The calendar file --------------------------------------------------------------------------------------------

def test_the_calendar_file_has_the_coming_meetings(citizen_client, caseworker, citizen, make_citizen):
    coming = _book(caseworker, citizen, message_to_citizen="Tag CV med")
    old = _past(_book(caseworker, citizen, days=4))
    theirs = _book(caseworker, make_citizen(caseworker, cpr="0202902345", first="Karin", last="Lund"), days=6)
    response = citizen_client.get(reverse("portal:appointments_ics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment")
    body = response.content.decode()
    assert "BEGIN:VCALENDAR" in body
    assert f"UID:appointment-{coming.pk}@helhed" in body
    assert f"appointment-{old.pk}@" not in body and f"appointment-{theirs.pk}@" not in body
    assert "Tag CV med" in body
    event = PortalEvent.objects.get(citizen=citizen, action=PortalEvent.Action.CALENDAR_DOWNLOADED)
    assert event.history.get().history_change_reason == PORTAL_CHANGE_REASON
