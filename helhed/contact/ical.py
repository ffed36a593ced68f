"""ICS output for calendar feeds, in Europe/Copenhagen time with the time-zone definition included.

A staff feed carries no citizen's name, CPR number or notes: a calendar app on a phone or at a cloud provider is
outside Helhed, so an event says what kind of appointment it is, the citizen's initials, and links back to
Helhed, where the details are behind login and the read log.
"""

from django.utils import timezone, translation
from icalendar import Calendar, Event

from helhed.contact.models import Appointment


def _initials(citizen) -> str:
    return "".join(f"{part[:1]}." for part in (citizen.first_name, citizen.last_name) if part)


def build_calendar(appointments, *, name: str, for_citizen: bool, language: str, link=None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Helhed//Helhed//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Copenhagen")
    with translation.override(language):
        for appointment in appointments:
            event = Event()
            event.add("uid", f"appointment-{appointment.pk}@helhed")
            event.add("dtstamp", appointment.settled_at or appointment.booked_at)
            event.add("dtstart", timezone.localtime(appointment.starts_at))
            event.add("dtend", timezone.localtime(appointment.ends_at))
            kind = appointment.get_kind_display()
            if for_citizen:
                event.add("summary", f"{kind} – {appointment.organiser.full_name}")
                if appointment.message_to_citizen:
                    event.add("description", appointment.message_to_citizen)
            else:
                event.add("summary", f"{kind} – {_initials(appointment.citizen)}")
                if link:
                    event.add("url", link(appointment))
            # The place of a home visit is the citizen's address: staff feeds say only how they meet, or the meeting
            # place from the list (an outreach office is a public address, never the citizen's).
            if appointment.meeting_place_id:
                location = appointment.meeting_place.label
            else:
                location = (appointment.place if for_citizen else "") or appointment.get_channel_display()
            event.add("location", location)
            cancelled = appointment.status == Appointment.Status.NOT_HELD
            event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
            calendar.add_component(event)
    today = timezone.localdate()
    calendar.add_missing_timezones(first_date=today.replace(year=today.year - 2, day=1), last_date=today.replace(year=today.year + 3, day=1))
    return calendar.to_ical()
