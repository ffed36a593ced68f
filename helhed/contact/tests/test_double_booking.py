"""Booking or moving into a time the citizen or a staff member is already taken: a warning that asks for
confirmation (double bookings are sometimes deliberate, e.g. an accompanying visit), never a silent booking."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from helhed.contact.models import Appointment
from helhed.contact.services.appointments import OVERLAP, book_appointment, move_appointment, record_not_held
from helhed.coordination.services import add_team_member
from helhed.core.models import Role

pytestmark = pytest.mark.django_db


def at(hour, minute=0, days=2):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def clashes(call):
    with pytest.raises(ValidationError) as raised:
        call()
    assert {e.code for e in raised.value.error_list} == {OVERLAP}
    return raised.value.messages


@pytest.fixture
def mentor(caseworker, citizen, make_staff):
    mentor = make_staff(citizen.municipality, "mette", role=Role.MENTOR, unit_name="Brobyg Mentorhus",
                        first="Mette", last="Holm")
    add_team_member(staff=caseworker, citizen=citizen, member=mentor, role="mentor", valid_from=timezone.localdate())
    return mentor


def test_booking_the_citizen_twice_in_overlapping_time_warns_and_books_only_when_confirmed(caseworker, citizen):
    book_appointment(staff=caseworker, citizen=citizen, starts_at=at(10), duration_minutes=60)
    second = dict(staff=caseworker, citizen=citizen, starts_at=at(10, 30), duration_minutes=30)
    assert clashes(lambda: book_appointment(**second)) == ["Borgeren har allerede en aftale 10:00–11:00"]
    assert Appointment.objects.count() == 1
    book_appointment(**second, overlap_confirmed=True)
    assert Appointment.objects.count() == 2


def test_a_staff_member_busy_with_another_citizen_is_named_but_the_other_citizen_is_not(
        caseworker, other_caseworker, citizen, make_citizen, mentor):
    other = make_citizen(other_caseworker, cpr="0202902345", first="Jonas", last="Berg")
    add_team_member(staff=other_caseworker, citizen=other, member=mentor, role="mentor", valid_from=timezone.localdate())
    # Mette takes part in Bo's appointment with Jonas (as other staff), and Bo organises it.
    book_appointment(staff=other_caseworker, citizen=other, starts_at=at(10), other_staff=[mentor])
    messages = clashes(lambda: book_appointment(staff=caseworker, citizen=citizen, starts_at=at(10, 15),
                                                other_staff=[mentor]))
    assert messages == ["Mette Holm er optaget 10:00–10:30"]
    # The organiser's own time counts too.
    messages = clashes(lambda: book_appointment(staff=other_caseworker, citizen=citizen, starts_at=at(10, 15)))
    assert messages == ["Bo Ærenlund er optaget 10:00–10:30"]
    assert not any("Jonas" in m for m in messages)


def test_back_to_back_and_cancelled_appointments_are_not_double_bookings(caseworker, citizen):
    first = book_appointment(staff=caseworker, citizen=citizen, starts_at=at(10))
    book_appointment(staff=caseworker, citizen=citizen, starts_at=at(10, 30))  # starts as the first one ends
    record_not_held(staff=caseworker, appointment=first, reason="staff_cancelled", note="Syg.")
    book_appointment(staff=caseworker, citizen=citizen, starts_at=at(9, 45))  # overlaps only the cancelled one
    assert Appointment.objects.filter(status="booked").count() == 2


def test_moving_warns_about_a_clash_at_the_new_time_but_not_about_the_appointment_itself(caseworker, citizen):
    moving = book_appointment(staff=caseworker, citizen=citizen, starts_at=at(10))
    book_appointment(staff=caseworker, citizen=citizen, starts_at=at(13))
    move = dict(staff=caseworker, duration_minutes=30, channel="office", reason="Borgeren skal til lægen.")
    assert clashes(lambda: move_appointment(appointment=moving, starts_at=at(13, 15), **move)) == [
        "Borgeren har allerede en aftale 13:00–13:30"]
    moving.refresh_from_db()
    assert moving.status == "booked"
    later = move_appointment(appointment=moving, starts_at=at(10, 15), **move)  # overlaps only its old time
    assert timezone.localtime(later.starts_at).time() == datetime.time(10, 15)
    moved = move_appointment(appointment=later, starts_at=at(13, 15), overlap_confirmed=True, **move)
    assert moved.status == "booked"


def _book(client, citizen, **changes):
    data = {"kind": "jobsamtale", "date": at(10).date().isoformat(), "time": "10:00", "duration_minutes": "30",
            "channel": "office", "place": "Lokale 4", **changes}
    return client.post(reverse("contact:appointment_book", args=[citizen.pk]), data)


def test_the_booking_form_shows_the_clash_keeps_the_input_and_books_when_confirmed(caseworker_client, caseworker,
                                                                                  citizen, mentor):
    book_appointment(staff=mentor, citizen=citizen, starts_at=at(10), duration_minutes=60, kind="mentor_meeting")
    response = _book(caseworker_client, citizen)
    html = response.content.decode()
    assert response.status_code == 200 and Appointment.objects.count() == 1
    assert "Borgeren har allerede en aftale 10:00–11:00" in html and "Book alligevel" in html
    assert 'value="Lokale 4"' in html  # nothing lost
    assert "Ret venligst følgende" not in html  # a warning to confirm, not an error to correct
    slot = re.search(r'name="overlap_slot" value="([^"]*)"', html).group(1)
    response = _book(caseworker_client, citizen, overlap_confirmed="on", overlap_slot=slot)
    assert response.status_code == 302 and Appointment.objects.count() == 2


def test_a_confirmation_given_for_one_time_does_not_cover_another(caseworker_client, caseworker, citizen, mentor):
    book_appointment(staff=caseworker, citizen=citizen, starts_at=at(10), duration_minutes=60)
    html = _book(caseworker_client, citizen).content.decode()
    slot = re.search(r'name="overlap_slot" value="([^"]*)"', html).group(1)
    # The worker ticks "Book anyway", then changes the time (and adds Mette) before saving: look again.
    response = _book(caseworker_client, citizen, time="10:30", other_staff=[str(mentor.pk)], overlap_confirmed="on",
                     overlap_slot=slot)
    assert response.status_code == 200 and Appointment.objects.count() == 1
    assert "Borgeren har allerede en aftale 10:00–11:00" in response.content.decode()


def test_the_move_form_warns_and_moves_when_confirmed(caseworker_client, caseworker, citizen):
    moving = book_appointment(staff=caseworker, citizen=citizen, starts_at=at(10))
    book_appointment(staff=caseworker, citizen=citizen, starts_at=at(13))
    url = reverse("contact:appointment_move", args=[citizen.pk, moving.pk])
    data = {"date": at(13).date().isoformat(), "time": "13:00", "duration_minutes": "30", "channel": "office",
            "reason": "Borgeren skal til lægen."}
    html = caseworker_client.post(url, data).content.decode()
    assert "Borgeren har allerede en aftale 13:00–13:30" in html and "Flyt alligevel" in html
    assert "Borgeren skal til lægen." in html
    slot = re.search(r'name="overlap_slot" value="([^"]*)"', html).group(1)
    response = caseworker_client.post(url, {**data, "overlap_confirmed": "on", "overlap_slot": slot})
    assert response.status_code == 302
    moving.refresh_from_db()
    assert moving.not_held_reason == "moved"
