"""Conversations booked at a place from the list (an outreach office): the place travels with the appointment to the
week calendar, the calendar feeds and the reminders."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from helhed.contact.models import Appointment, MeetingPlace, OutboxMessage, Reminder
from helhed.contact.services import reminders
from helhed.contact.services.appointments import book_appointment, move_appointment

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(municipality):
    return MeetingPlace.objects.create(municipality=municipality, name="Østparkens Jobcafé", address="Østparken 12",
                                       postal_code="8220", city="Brabrand", opening_days=[1, 3],
                                       opens_at=datetime.time(9), closes_at=datetime.time(15))


def _book(caseworker, citizen, place, days=2):
    return book_appointment(staff=caseworker, citizen=citizen, starts_at=timezone.now() + datetime.timedelta(days=days),
                            meeting_place=place, channel=Appointment.Channel.PHONE)


def test_booking_at_a_place_from_the_list_sets_the_channel_and_the_place(caseworker, citizen, place):
    appointment = _book(caseworker, citizen, place)
    assert appointment.channel == Appointment.Channel.OUTREACH_OFFICE
    assert appointment.meeting_place == place
    assert appointment.place == "Østparkens Jobcafé, Østparken 12, 8220 Brabrand" == appointment.where


def test_a_place_of_another_municipality_or_not_in_use_cannot_be_booked(caseworker, citizen, place, other_municipality):
    foreign = MeetingPlace.objects.create(municipality=other_municipality, name="Andet sted", address="Vej 1")
    with pytest.raises(ValidationError):
        _book(caseworker, citizen, foreign)
    place.active = False
    place.save()
    with pytest.raises(ValidationError):
        _book(caseworker, citizen, place)


def test_the_booking_form_offers_the_municipalitys_places_in_use_and_books_at_the_chosen_one(
        caseworker_client, citizen, place, municipality):
    MeetingPlace.objects.create(municipality=municipality, name="Lukket kontor", address="Vej 2", active=False)
    url = reverse("contact:appointment_book", args=[citizen.pk])
    page = caseworker_client.get(f"{url}?sted={place.pk}").content.decode()
    assert "Østparkens Jobcafé, Østparken 12, 8220 Brabrand" in page and "Lukket kontor" not in page
    assert f'<option value="{place.pk}" selected>' in page
    day = timezone.localdate() + datetime.timedelta(days=7)
    response = caseworker_client.post(url, {"kind": "jobsamtale", "date": day.isoformat(), "time": "10:00",
                                            "duration_minutes": 30, "channel": "office", "meeting_place": place.pk})
    assert response.status_code == 302
    appointment = Appointment.objects.get(citizen=citizen)
    assert (appointment.meeting_place, appointment.channel) == (place, "outreach_office")


def test_a_form_without_places_has_no_place_field(caseworker_client, citizen):
    page = caseworker_client.get(reverse("contact:appointment_book", args=[citizen.pk])).content.decode()
    assert 'name="meeting_place"' not in page


def test_the_place_shows_in_the_week_calendar(caseworker_client, caseworker, citizen, place):
    appointment = _book(caseworker, citizen, place)
    monday = timezone.localdate(appointment.starts_at)
    page = caseworker_client.get(reverse("contact:week"), {"uge": monday.isoformat()}).content.decode()
    assert "Østparkens Jobcafé, Østparken 12, 8220 Brabrand" in page


def test_the_place_shows_in_the_staff_and_the_citizens_calendar_feed(client, caseworker, citizen, place):
    _book(caseworker, citizen, place)
    client.force_login(caseworker.user)
    for post in (reverse("contact:staff_feeds"), reverse("contact:citizen_feed_create", args=[citizen.pk])):
        url = client.post(post).context["new_url"].split("testserver", 1)[1]
        event = next(c for c in Calendar.from_ical(client.get(url).content).walk("VEVENT"))
        assert str(event["location"]) == "Østparkens Jobcafé, Østparken 12, 8220 Brabrand"


def test_the_place_shows_in_the_reminders_to_the_citizen_and_to_staff(caseworker, citizen, place):
    caseworker.user.email = "anne@fjordby.example"
    caseworker.user.save()
    citizen.phone = "20304050"
    citizen.save()
    appointment = _book(caseworker, citizen, place)
    due = max(r.due_at for r in Reminder.objects.filter(appointment=appointment)) + datetime.timedelta(seconds=1)
    reminders.send_due(due)
    bodies = list(OutboxMessage.objects.values_list("body", flat=True))
    assert len(bodies) == 2
    assert all("Østparkens Jobcafé, Østparken 12, 8220 Brabrand" in body for body in bodies)


def test_moving_keeps_the_place_from_the_list(caseworker, citizen, place):
    appointment = _book(caseworker, citizen, place)
    moved = move_appointment(staff=caseworker, appointment=appointment, reason="Borgeren bad om det.",
                             starts_at=appointment.starts_at + datetime.timedelta(days=1), duration_minutes=30,
                             channel="office", meeting_place=place)
    assert (moved.meeting_place, moved.channel) == (place, "outreach_office")
