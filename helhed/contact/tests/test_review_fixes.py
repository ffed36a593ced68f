"""Fixes from the review of the appointments work: each test would fail without its fix."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from helhed.audit.services.retention import anonymise
from helhed.citizens.models import Case
from helhed.contact.models import Appointment, CalendarFeed, JournalNote, OutboxMessage, Reminder
from helhed.contact.models.feeds import token_hash
from helhed.contact.services import reminders
from helhed.contact.services.appointments import book_appointment, register_afterwards
from helhed.coordination.services import add_team_member, end_team_membership
from helhed.core.models import Role

pytestmark = pytest.mark.django_db


def soon(days=2):
    return timezone.now() + datetime.timedelta(days=days)


def test_retention_keeps_foreign_keys_intact_after_staff_reminders_were_sent(caseworker, citizen):
    caseworker.user.email = "anne@fjordby.dk"
    caseworker.user.save()
    appointment = book_appointment(staff=caseworker, citizen=citizen, starts_at=soon())
    reminders.send_due(appointment.starts_at - datetime.timedelta(minutes=30))
    assert OutboxMessage.objects.filter(staff=caseworker).exists()
    Case.objects.filter(citizen=citizen).update(status=Case.Status.CLOSED, closed_on=datetime.date(2015, 1, 1))
    anonymise(citizen, last_closed=datetime.date(2015, 1, 1))
    connection.check_constraints()  # raises IntegrityError if a row points at a deleted one
    assert OutboxMessage.objects.get(staff=caseworker).reminder is None


def _staff_feed(staff):
    CalendarFeed.objects.create(municipality=staff.municipality, staff=staff, token_hash=token_hash("t0k"),
                                created_by=staff)
    return reverse("contact:ical_feed", args=["t0k"])


def test_staff_feed_drops_citizens_one_no_longer_sees_and_never_shows_the_place(client, caseworker, citizen,
                                                                               make_staff):
    mentor = make_staff(citizen.municipality, "mentor", role=Role.MENTOR)
    membership = add_team_member(staff=caseworker, citizen=citizen, member=mentor, role="mentor",
                                 valid_from=timezone.localdate() - datetime.timedelta(days=30))
    book_appointment(staff=mentor, citizen=citizen, starts_at=soon(), kind="mentor_meeting", channel="home_visit",
                     place="Hjemme hos Søren, Søndergade 4")
    url = _staff_feed(mentor)
    body = client.get(url).content.decode()
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == "Hjemmebesøg" and "Søndergade" not in body
    end_team_membership(staff=caseworker, membership=membership)
    type(membership).objects.filter(pk=membership.pk).update(valid_to=timezone.localdate() - datetime.timedelta(days=1))
    assert Calendar.from_ical(client.get(url).content).walk("VEVENT") == []
    mentor.user.is_active = False
    mentor.user.save()
    assert client.get(url).status_code == 404


def test_held_without_javascript_writes_the_agreements_into_the_note(caseworker_client, caseworker, citizen):
    appointment = Appointment.objects.create(
        municipality=citizen.municipality, citizen=citizen, organiser=caseworker, booked_by=caseworker,
        starts_at=timezone.now() - datetime.timedelta(hours=1), ends_at=timezone.now() - datetime.timedelta(minutes=30),
    )
    url = reverse("contact:appointment_held", args=[citizen.pk, appointment.pk])
    suggestion = caseworker_client.get(url).context["suggestion"]
    caseworker_client.post(url, {"agreed": "Søge job i Netto", "citizen_words": "Det er fint.",
                                 "note": suggestion.replace("\n", "\r\n")})  # what a browser sends
    text = JournalNote.objects.get(citizen=citizen).text
    assert "- Søge job i Netto" in text and '"Det er fint."' in text
    assert citizen.full_name not in text.splitlines()[1]  # "citizen took part" was not ticked


def test_week_view_with_an_absurd_week_shows_a_page_not_an_error(caseworker_client):
    for week in ("9999-12-31", "0001-01-03", "not-a-date"):
        assert caseworker_client.get(reverse("contact:week"), {"uge": week}).status_code == 200


def test_a_phone_conversation_does_not_unlock_phone_bookings_before_one_in_person(caseworker, citizen):
    from django.core.exceptions import ValidationError

    register_afterwards(staff=caseworker, citizen=citizen, started_at=timezone.now() - datetime.timedelta(hours=2),
                        channel="phone")
    with pytest.raises(ValidationError, match="LAB § 33"):
        book_appointment(staff=caseworker, citizen=citizen, starts_at=soon(), channel="video")


def test_a_time_that_does_not_exist_at_the_dst_change_is_refused(caseworker_client, citizen):
    # The clocks go forward at 02:00 on the last Sunday of March.
    day = datetime.date(timezone.localdate().year + 1, 3, 31)
    sunday = day - datetime.timedelta(days=(day.weekday() + 1) % 7)
    response = caseworker_client.post(reverse("contact:appointment_book", args=[citizen.pk]), {
        "kind": "jobsamtale", "date": sunday.isoformat(), "time": "02:30", "duration_minutes": "30",
        "channel": "office",
    })
    assert response.status_code == 200 and "findes ikke" in response.content.decode()
    assert not Appointment.objects.exists()


def test_reminders_follow_the_citizens_current_choice_and_skip_the_early_one_after_an_outage(caseworker, citizen):
    citizen.phone = "20304050"
    citizen.save()
    appointment = book_appointment(staff=caseworker, citizen=citizen, starts_at=soon())
    # The worker was down until 1 hour before the appointment: only the 2-hour reminder goes out.
    assert reminders.send_due(appointment.starts_at - datetime.timedelta(hours=1))["sent"] == 1
    assert list(Reminder.objects.values_list("status", flat=True).order_by("due_at")) == ["cancelled", "sent"]
    other = book_appointment(staff=caseworker, citizen=citizen, starts_at=soon(5))
    citizen.reminders = "none"
    citizen.save()
    assert reminders.send_due(other.starts_at - datetime.timedelta(hours=23))["sent"] == 0
    assert OutboxMessage.objects.count() == 1


def test_a_second_click_on_held_shows_the_appointment_with_a_message(caseworker_client, caseworker, citizen):
    record = register_afterwards(staff=caseworker, citizen=citizen,
                                 started_at=timezone.now() - datetime.timedelta(hours=1))
    response = caseworker_client.get(reverse("contact:appointment_held", args=[citizen.pk, record.appointment.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("contact:appointment_detail", args=[citizen.pk, record.appointment.pk])
