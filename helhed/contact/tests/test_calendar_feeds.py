import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from helhed.contact.models import Appointment, CalendarFeed

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def _appointment(staff, citizen, when, **extra):
    return Appointment.objects.create(
        municipality=citizen.municipality, citizen=citizen, organiser=staff, booked_by=staff, starts_at=when,
        ends_at=when + datetime.timedelta(minutes=30), place="Jobcentret", **extra,
    )


def _feed_url(client, staff):
    """Make a feed as `staff` and return its path (the address is shown once, on the page)."""
    client.force_login(staff.user)
    response = client.post(reverse("contact:staff_feeds"))
    return response.context["new_url"].split("testserver", 1)[1]


def _next_dst_change(after: datetime.date) -> datetime.date:
    day = after
    while datetime.datetime.combine(day, datetime.time(12), CPH).utcoffset() == datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time(12), CPH
    ).utcoffset():
        day += datetime.timedelta(days=1)
    return day + datetime.timedelta(days=1)  # the Sunday the clocks change


def test_staff_feed_parses_and_keeps_local_time_across_the_dst_change(client, caseworker, citizen):
    sunday = _next_dst_change(timezone.localdate() + datetime.timedelta(days=7))
    friday = _appointment(caseworker, citizen, datetime.datetime.combine(sunday - datetime.timedelta(days=2),
                                                                          datetime.time(10), CPH))
    monday = _appointment(caseworker, citizen, datetime.datetime.combine(sunday + datetime.timedelta(days=1),
                                                                          datetime.time(10), CPH))
    url = _feed_url(client, caseworker)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    starts = {str(e["UID"]): e.decoded("DTSTART") for e in calendar.walk("VEVENT")}
    fri, mon = starts[f"appointment-{friday.pk}@helhed"], starts[f"appointment-{monday.pk}@helhed"]
    assert (fri.hour, mon.hour) == (10, 10) and str(fri.tzinfo) == "Europe/Copenhagen"
    # 10:00 summer time is 08:00 UTC, 10:00 winter time 09:00 UTC (and the other way round in March).
    utc_hours = {fri.astimezone(datetime.timezone.utc).hour, mon.astimezone(datetime.timezone.utc).hour}
    assert utc_hours == {8, 9}
    assert fri.utcoffset() != mon.utcoffset()
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Copenhagen"


def test_staff_feed_shows_initials_never_the_name_or_cpr(client, caseworker, citizen):
    _appointment(caseworker, citizen, timezone.now() + datetime.timedelta(days=1))
    body = client.get(_feed_url(client, caseworker)).content.decode()
    assert "Jobsamtale – S.Å." in body
    assert citizen.last_name not in body and citizen.cpr not in body


def test_citizen_feed_is_in_the_citizens_language_and_revocable(client, caseworker, citizen):
    citizen.preferred_language = "en"
    citizen.save()
    _appointment(caseworker, citizen, timezone.now() + datetime.timedelta(days=1),
                 message_to_citizen="Bring your payslip.")
    client.force_login(caseworker.user)
    response = client.post(reverse("contact:citizen_feed_create", args=[citizen.pk]))
    url = response.context["new_url"].split("testserver", 1)[1]
    client.logout()
    calendar = Calendar.from_ical(client.get(url).content)
    event = calendar.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Job conversation – Anne Sørensen"
    assert str(event["DESCRIPTION"]) == "Bring your payslip."
    client.force_login(caseworker.user)
    client.post(reverse("contact:citizen_feed_revoke", args=[citizen.pk]))
    client.logout()
    assert client.get(url).status_code == 404


def test_unknown_and_revoked_feed_addresses_are_404_and_only_a_hash_is_stored(client, caseworker):
    url = _feed_url(client, caseworker)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get()
    assert token not in feed.token_hash
    assert client.get(reverse("contact:ical_feed", args=["not-a-token"])).status_code == 404
    client.post(reverse("contact:staff_feed_revoke", args=[feed.pk]))
    assert client.get(url).status_code == 404


def test_a_moved_appointment_leaves_the_feed_and_a_cancelled_one_shows_as_cancelled(client, caseworker, citizen):
    from helhed.contact.services.appointments import move_appointment, record_not_held

    first = _appointment(caseworker, citizen, timezone.now() + datetime.timedelta(days=1))
    moved = move_appointment(staff=caseworker, appointment=first, starts_at=first.starts_at + datetime.timedelta(days=1),
                             duration_minutes=30, channel="office", reason="Borgeren har lægetid.")
    cancelled = _appointment(caseworker, citizen, timezone.now() + datetime.timedelta(days=4))
    record_not_held(staff=caseworker, appointment=cancelled, reason="staff_cancelled")
    events = {str(e["UID"]): str(e["STATUS"]) for e in Calendar.from_ical(
        client.get(_feed_url(client, caseworker)).content).walk("VEVENT")}
    assert events == {f"appointment-{moved.pk}@helhed": "CONFIRMED", f"appointment-{cancelled.pk}@helhed": "CANCELLED"}
