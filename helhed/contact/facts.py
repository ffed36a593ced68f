"""What the rules read from contact: job conversations, booked and held, with their channel, and the 25 % decisions.
Registered with the rules engine in ContactConfig.ready()."""

from collections import defaultdict
from zoneinfo import ZoneInfo

from helhed.contact.models import Appointment, QuotaDecision
from helhed.rules import facts

LOCAL = ZoneInfo("Europe/Copenhagen")


def conversations_from_appointments(citizen_ids):
    result = defaultdict(list)
    rows = Appointment.objects.filter(
        citizen_id__in=citizen_ids, kind=Appointment.Kind.JOBSAMTALE,
        status__in=[Appointment.Status.BOOKED, Appointment.Status.HELD],
    ).values_list("citizen_id", "starts_at", "channel", "status", "pk")
    for citizen_id, starts_at, channel, status, pk in rows:
        result[citizen_id].append(facts.Conversation(
            on=starts_at.astimezone(LOCAL).date(), in_person=channel in Appointment.IN_PERSON,
            held=status == Appointment.Status.HELD, starts_at=starts_at, ref=pk,
        ))
    return result


def quota_decisions_for(citizen_ids):
    """The 25 % decisions (reform 2026): the periods in which each citizen is exempted from job conversations and
    offers, in one query."""
    result = defaultdict(list)
    rows = QuotaDecision.objects.filter(citizen_id__in=citizen_ids).order_by("valid_from").values_list(
        "citizen_id", "valid_from", "valid_to")
    for citizen_id, valid_from, valid_to in rows:
        result[citizen_id].append(facts.QuotaDecision(valid_from, valid_to))
    return result
