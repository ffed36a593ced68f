"""The outreach office in a browser: a caseworker books a conversation at the office from the list of places, and
the place then shows in the week calendar, in the calendar feed and in the reminder; the office page in discreet
mode on a shared screen. Located by ids and by the Danish of strings that existed before, so the test holds with
and without the new translations."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from helhed.conftest import PASSWORD
from helhed.contact.models import Appointment, OutboxMessage, Reminder
from helhed.contact.services import reminders
from helhed.contact.services.appointments import book_appointment
from helhed.tests.browser import assert_accessible, assert_controls_visible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PLACE = "Østparkens Jobcafé, Østparken 12, st., 8220 Brabrand"


def test_a_conversation_booked_at_the_outreach_office_shows_the_place_in_calendar_feed_and_reminder(
        page, live_server, caseworker, office, make_resident):  # noqa: F811
    caseworker.user.email = "anne@fjordby.example"
    caseworker.user.save()
    resident = make_resident(caseworker)
    resident.phone = "20304050"
    resident.save()
    log_in(page, live_server, "anne", PASSWORD)
    page.goto(f"{live_server.url}/borgere/{resident.pk}/")
    page.get_by_role("link", name="Book en aftale").click()
    places = page.locator("#id_meeting_place")
    places.select_option(label=PLACE)
    day = timezone.localdate() + datetime.timedelta(days=7)
    page.get_by_label("Dato").fill(day.isoformat())
    assert_accessible(page)
    assert_controls_visible(page)
    screenshot(page, "da-91-book-paa-udekontoret")
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_text("Aftalen er booket")).to_be_visible()
    appointment = Appointment.objects.get(citizen=resident)
    assert (appointment.meeting_place_id, appointment.channel) == (office.place_id, "outreach_office")

    # The week calendar.
    page.goto(f"{live_server.url}/kalender/?uge={day.isoformat()}")
    expect(page.locator(".week-place")).to_have_text(PLACE)
    screenshot(page, "da-92-kalender-med-sted")

    # The calendar feed, fetched as a calendar app would.
    page.goto(f"{live_server.url}/kalender/adresser/")
    page.get_by_role("button", name="Lav en kalenderadresse").click()
    url = page.locator("#feed-url").input_value()
    feed = page.request.get(url)
    assert feed.ok
    event = next(iter(Calendar.from_ical(feed.body()).walk("VEVENT")))
    assert str(event["location"]) == PLACE

    # The reminders, when they fall due: to the citizen (text message) and to the caseworker (e-mail).
    due = max(r.due_at for r in Reminder.objects.filter(appointment=appointment)) + datetime.timedelta(seconds=1)
    assert reminders.send_due(due)["sent"] == 2
    assert all(PLACE in body for body in OutboxMessage.objects.values_list("body", flat=True))
    page.goto(f"{live_server.url}/udbakke/")
    expect(page.get_by_text(f"Hvor: {PLACE}.")).to_be_visible()


def test_the_office_page_hides_names_in_discreet_mode(page, live_server, caseworker, office, make_resident):  # noqa: F811
    resident = make_resident(caseworker, first="Karim", last="Ahmadi")
    start = max(timezone.now() + datetime.timedelta(minutes=10),
                timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(10))))
    if timezone.localdate(start) != timezone.localdate():
        start = timezone.now() - datetime.timedelta(minutes=30)
    book_appointment(staff=caseworker, citizen=resident, starts_at=start, meeting_place=office.place)
    log_in(page, live_server, "anne", PASSWORD)
    page.goto(f"{live_server.url}/udekontor/{office.pk}/")
    expect(page.locator("#office-appointments")).to_contain_text("Karim Ahmadi")
    expect(page.locator("#office-address")).to_have_text("Østparken 12, st., 8220 Brabrand")
    assert_accessible(page)
    assert_controls_visible(page)
    page.locator("#discreet-on").click()
    expect(page.locator("#office-appointments")).not_to_contain_text("Karim")
    expect(page.locator("#office-appointments")).to_contain_text("1")
    assert "Ahmadi" not in page.content() and resident.cpr not in page.content()
    assert_accessible(page)
    screenshot(page, "da-93-udekontor-diskret")
    page.locator("#discreet-off").click()
    expect(page.locator("#office-appointments")).to_contain_text("Karim Ahmadi")
