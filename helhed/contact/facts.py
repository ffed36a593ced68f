"""What the rules read from contact: job conversations, booked and held, with their channel.
Registered with the rules engine in ContactConfig.ready()."""

from collections import defaultdict
from zoneinfo import ZoneInfo

from helhed.contact.models import Appointment
from helhed.rules.facts import Conversation

LOCAL = ZoneInfo("Europe/Copenhagen")


def conversations_from_appointments(citizen_ids):
    result = defaultdict(list)
    rows = Appointment.objects.filter(
        citizen_id__in=citizen_ids, kind=Appointment.Kind.JOBSAMTALE,
        status__in=[Appointment.Status.BOOKED, Appointment.Status.HELD],
    ).values_list("citizen_id", "starts_at", "channel", "status", "pk")
    for citizen_id, starts_at, channel, status, pk in rows:
        result[citizen_id].append(Conversation(
            on=starts_at.astimezone(LOCAL).date(), in_person=channel in Appointment.IN_PERSON,
            held=status == Appointment.Status.HELD, starts_at=starts_at, ref=pk,
        ))
    return result
