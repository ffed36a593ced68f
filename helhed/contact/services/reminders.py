"""Reminders of appointments: planned when an appointment is booked or moved, cancelled when it is settled, and
sent by the task `send_due_reminders` (contact/tasks.py), which the scheduler enqueues every minute.

Exactly once: a reminder is claimed with a compare-and-set UPDATE that also takes a lease. A worker killed after
claiming leaves the lease to run out, and the next run takes the reminder over. The message carries the reminder's
key, which the backend treats as an idempotency key (the outbox stores it in a unique column), so a worker killed
between delivering and marking sent delivers nothing twice. Never for a cancelled appointment: the claim requires
the appointment to still be booked and in the future.
"""

import datetime

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from helhed.citizens.models import ReminderChoice
from helhed.contact.messaging import Message, get_backend
from helhed.contact.models import Appointment, Reminder

# How long a claimed reminder is held before another run may take it over (a killed worker holds it this long).
LEASE = datetime.timedelta(seconds=settings.HELHED_REMINDER_LEASE_SECONDS)
MAX_ATTEMPTS = 5
TRANSLATED = {code for code, _name in settings.LANGUAGES}


def citizen_portal_url(page: str = "") -> str:
    """The address of a page in the citizen portal, for texts that go out (empty when no portal is served)."""
    path = getattr(settings, "PORTAL_PATH", "")
    return f"{settings.PUBLIC_URL}{path}{page}" if path else ""


def backoff(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8 … minutes after the first, second, third … failed attempt."""
    return datetime.timedelta(minutes=2 ** max(0, attempts - 1))


def citizen_channel(citizen) -> tuple[str, str] | None:
    choice = citizen.reminders
    if choice == ReminderChoice.NONE:
        return None
    if choice in (ReminderChoice.SMS, ReminderChoice.AUTOMATIC) and citizen.phone:
        return Reminder.Channel.SMS, citizen.phone
    if choice in (ReminderChoice.EMAIL, ReminderChoice.AUTOMATIC) and citizen.email:
        return Reminder.Channel.EMAIL, citizen.email
    # Digital Post reaches everyone by CPR number; the address is not needed.
    return Reminder.Channel.DIGITAL_POST, ""


def _lead_times(who: str) -> list[datetime.timedelta]:
    return [datetime.timedelta(hours=h) for h in settings.HELHED_REMINDER_LEAD_HOURS[who]]


def schedule_reminders(appointment: Appointment, staff, now: datetime.datetime) -> list[Reminder]:
    """The reminders of a booked appointment, unsaved; lead times that have already passed are skipped."""
    citizen = appointment.citizen
    language = citizen.preferred_language if citizen.preferred_language in TRANSLATED else settings.LANGUAGE_CODE
    common = {"municipality_id": appointment.municipality_id, "appointment": appointment}
    reminders = []
    channel = citizen_channel(citizen)
    if channel:
        reminders += [
            Reminder(citizen=citizen, channel=channel[0], address=channel[1], language=language,
                     due_at=appointment.starts_at - lead, **common)
            for lead in _lead_times("citizen")
        ]
    reminders += [
        Reminder(staff=member, channel=Reminder.Channel.EMAIL, address=member.user.email, language=settings.LANGUAGE_CODE,
                 due_at=appointment.starts_at - lead, **common)
        for member in staff if member.user.email
        for lead in _lead_times("staff")
    ]
    return [r for r in reminders if r.due_at > now]


def schedule(appointment: Appointment, now: datetime.datetime | None = None) -> list[Reminder]:
    staff = [appointment.organiser, *appointment.other_staff.select_related("user")]
    return Reminder.objects.bulk_create(schedule_reminders(appointment, staff, now or timezone.now()))


def cancel(appointment: Appointment) -> int:
    return Reminder.objects.filter(appointment=appointment, status=Reminder.Status.PENDING).update(
        status=Reminder.Status.CANCELLED
    )


def _claimable(now: datetime.datetime) -> Q:
    waiting = Q(status=Reminder.Status.PENDING, due_at__lte=now) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    abandoned = Q(status=Reminder.Status.SENDING, lease_until__lt=now)
    return waiting | abandoned


def _claim(pk: int, now: datetime.datetime) -> bool:
    """Compare-and-set: exactly one worker wins a reminder, and a worker that died holding it loses it to the next.
    The lease runs from the moment of the claim, not from the start of the run."""
    return bool(
        Reminder.objects.filter(_claimable(now), pk=pk).update(
            status=Reminder.Status.SENDING, lease_until=timezone.now() + LEASE, attempts=F("attempts") + 1,
        )
    )


def _finish(reminder: Reminder, **changes) -> None:
    """Record the outcome only if this run still holds the reminder (its attempt number is the fencing token)."""
    Reminder.objects.filter(pk=reminder.pk, status=Reminder.Status.SENDING, attempts=reminder.attempts).update(
        lease_until=None, **changes
    )


def compose(reminder: Reminder) -> Message:
    appointment = reminder.appointment
    start = timezone.localtime(appointment.starts_at)
    with translation.override(reminder.language):
        when = {"date": date_format(start, "WEEKDAY_DATE_FORMAT"), "time": start.strftime("%H:%M")}
        if reminder.citizen_id:
            subject = _("Reminder: %(kind)s %(date)s at %(time)s") % {"kind": appointment.get_kind_display(), **when}
            where = appointment.where or appointment.get_channel_display()
            lines = [
                _("Hello %(name)s.") % {"name": reminder.citizen.first_name},
                _("You have an appointment with %(staff)s on %(date)s at %(time)s.") % {
                    "staff": appointment.organiser.full_name, **when},
                _("Where: %(where)s.") % {"where": where},
            ]
            if appointment.message_to_citizen:
                lines.append(appointment.message_to_citizen)
            lines.append(_("If you cannot come, call or write to %(staff)s. We can find another time.") % {
                "staff": appointment.organiser.user.first_name or appointment.organiser.full_name})
            if portal_url := citizen_portal_url("aftaler/"):
                lines.append(_("See your meetings, ask to move one or say you are ill: %(url)s") % {"url": portal_url})
        else:
            # Staff reminders carry no name or CPR number: e-mail leaves the system.
            subject = _("Appointment %(date)s at %(time)s") % when
            if appointment.meeting_place_id:  # a public place from the list, never the citizen's address
                lines = [_("%(kind)s at %(time)s at %(place)s. Details in Helhed.") % {
                    "kind": appointment.get_kind_display(), "time": when["time"],
                    "place": appointment.meeting_place.label}]
            else:
                lines = [_("%(kind)s at %(time)s, %(channel)s. Details in Helhed.") % {
                    "kind": appointment.get_kind_display(), "time": when["time"],
                    "channel": appointment.get_channel_display().lower()}]
    return Message(
        key=reminder.key, municipality_id=reminder.municipality_id, reminder_id=reminder.pk,
        citizen_id=reminder.citizen_id, staff_id=reminder.staff_id, channel=reminder.channel, address=reminder.address,
        language=reminder.language, subject=subject, body="\n".join(lines),
    )


def send_due(now: datetime.datetime | None = None, limit: int = 500) -> dict[str, int]:
    """Send the reminders that are due. Safe to run in several workers at once, and after a worker was killed."""
    now = now or timezone.now()
    counts = {"sent": 0, "failed": 0, "cancelled": 0, "retry": 0}
    backend = get_backend()
    candidates = Reminder.objects.filter(_claimable(now)).order_by("due_at").values_list("pk", flat=True)[:limit]
    # After an outage, send only the latest due reminder per recipient and appointment: no "24 hours" and "2 hours"
    # reminders in the same minute.
    superseded = Reminder.objects.filter(
        _claimable(now), Q(citizen=OuterRef("citizen")) | Q(staff=OuterRef("staff")),
        appointment=OuterRef("appointment"), due_at__gt=OuterRef("due_at"),
    )
    Reminder.objects.filter(Exists(superseded), status=Reminder.Status.PENDING, due_at__lte=now).update(
        status=Reminder.Status.CANCELLED
    )
    for pk in list(candidates):
        if not _claim(pk, now):
            continue
        reminder = Reminder.objects.select_related("appointment__organiser__user", "appointment__meeting_place",
                                                   "citizen").get(pk=pk)
        appointment = reminder.appointment
        if reminder.citizen_id:
            # The citizen's choice and address as they are now: they may have changed since the booking.
            channel = citizen_channel(reminder.citizen)
            if channel:
                reminder.channel, reminder.address = channel
                Reminder.objects.filter(pk=pk).update(channel=channel[0], address=channel[1])
        else:
            channel = (reminder.channel, reminder.address)
        if appointment.status != Appointment.Status.BOOKED or appointment.starts_at <= now or not channel:
            _finish(reminder, status=Reminder.Status.CANCELLED)
            counts["cancelled"] += 1
            continue
        try:
            backend.send(compose(reminder))
        except Exception as error:  # noqa: BLE001 - any backend failure is retried, then reported in the outbox page
            failed = reminder.attempts >= MAX_ATTEMPTS
            _finish(reminder, status=Reminder.Status.FAILED if failed else Reminder.Status.PENDING,
                    next_attempt_at=None if failed else now + backoff(reminder.attempts), last_error=str(error)[:500])
            counts["failed" if failed else "retry"] += 1
            continue
        _finish(reminder, status=Reminder.Status.SENT, sent_at=timezone.now())
        counts["sent"] += 1
    return counts
