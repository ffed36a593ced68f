import datetime

import pytest
from django.utils import timezone

from helhed.contact.models import OutboxMessage, Reminder
from helhed.contact.services import reminders
from helhed.contact.services.appointments import book_appointment, move_appointment, record_not_held
from helhed.core.management.commands.schedule_tasks import tick

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(caseworker, citizen):
    citizen.phone = "20304050"
    citizen.save()
    starts_at = timezone.now() + datetime.timedelta(days=2)
    return book_appointment(staff=caseworker, citizen=citizen, starts_at=starts_at, place="Jobcentret, lokale 4",
                            message_to_citizen="Tag din lønseddel med.")


def _due(appointment):
    """The moment the 24-hour reminder falls due."""
    return appointment.starts_at - datetime.timedelta(hours=24) + datetime.timedelta(seconds=1)


def test_a_due_reminder_is_sent_once_in_danish_with_the_place_and_the_message(booked):
    assert reminders.send_due(_due(booked)) == {"sent": 1, "failed": 0, "cancelled": 0, "retry": 0}
    assert reminders.send_due(_due(booked)) == {"sent": 0, "failed": 0, "cancelled": 0, "retry": 0}
    message = OutboxMessage.objects.get()
    assert (message.channel, message.address, message.language) == ("sms", "20304050", "da")
    assert message.body.startswith("Hej Søren.")
    assert "Jobcentret, lokale 4" in message.body and "Tag din lønseddel med." in message.body
    assert Reminder.objects.get(key=message.key).status == "sent"


def test_a_reminder_is_in_the_citizens_language(caseworker, citizen):
    citizen.preferred_language, citizen.email, citizen.reminders = "en", "soren@example.dk", "email"
    citizen.save()
    appointment = book_appointment(staff=caseworker, citizen=citizen,
                                   starts_at=timezone.now() + datetime.timedelta(days=2))
    reminders.send_due(_due(appointment))
    message = OutboxMessage.objects.get()
    assert (message.channel, message.language) == ("email", "en")
    assert message.body.startswith("Hello Søren.") and "Job conversation" in message.subject


def test_no_reminder_for_a_cancelled_or_moved_appointment(caseworker, booked):
    record_not_held(staff=caseworker, appointment=booked, reason="staff_cancelled", note="Sygdom.")
    assert reminders.send_due(_due(booked))["sent"] == 0
    assert not OutboxMessage.objects.exists()


def test_a_reminder_claimed_before_the_cancellation_is_not_sent(caseworker, booked):
    reminder = Reminder.objects.filter(appointment=booked).order_by("due_at").first()
    Reminder.objects.filter(pk=reminder.pk).update(status="sending", lease_until=timezone.now() - datetime.timedelta(1))
    record_not_held(staff=caseworker, appointment=booked, reason="citizen_cancelled")
    assert reminders.send_due(_due(booked)) == {"sent": 0, "failed": 0, "cancelled": 1, "retry": 0}
    assert not OutboxMessage.objects.exists()


def test_moving_sends_reminders_for_the_new_time_only(caseworker, booked):
    new = move_appointment(staff=caseworker, appointment=booked, starts_at=booked.starts_at + datetime.timedelta(days=3),
                           duration_minutes=30, channel="home_visit", reason="Borgeren bad om det.")
    reminders.send_due(_due(new))
    assert list(OutboxMessage.objects.values_list("reminder__appointment", flat=True)) == [new.pk]


class Failing:
    def send(self, message):
        raise ConnectionError("SMS gateway unreachable")


def test_failures_are_retried_with_backoff_then_reported(booked, settings):
    settings.HELHED_MESSAGE_BACKEND = "helhed.contact.tests.test_reminders.Failing"
    now = _due(booked)
    waits = []
    for _ in range(reminders.MAX_ATTEMPTS):
        counts = reminders.send_due(now)
        reminder = Reminder.objects.filter(appointment=booked).order_by("due_at").first()
        if counts["retry"]:
            waits.append(reminder.next_attempt_at - now)
            assert reminders.send_due(now)["retry"] == 0  # not before the backoff has passed
            now = reminder.next_attempt_at
    assert waits == [datetime.timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert (reminder.status, reminder.attempts, reminder.last_error) == ("failed", 5, "SMS gateway unreachable")


def test_staff_reminders_carry_no_name_or_cpr(caseworker, citizen):
    caseworker.user.email = "anne@fjordby.dk"
    caseworker.user.save()
    appointment = book_appointment(staff=caseworker, citizen=citizen, starts_at=timezone.now() + datetime.timedelta(days=2))
    reminders.send_due(appointment.starts_at - datetime.timedelta(minutes=59))
    message = OutboxMessage.objects.get(staff=caseworker)
    assert citizen.first_name not in message.body + message.subject and citizen.cpr not in message.body


def test_the_scheduler_enqueues_reminders_every_tick_but_never_twice_while_one_waits(db, settings):
    from django_tasks_db.models import DBTaskResult

    settings.HELHED_NIGHTLY_AT = "02:00"
    night = timezone.make_aware(datetime.datetime(2026, 11, 23, 2, 30))
    def ours(names):  # other apps register periodic tasks too (the API's webhook sender)
        return [name for name in names if name in {"send_due_reminders", "evaluate_obligations_nightly"}]

    enqueued, last = tick(night, None)
    assert ours(enqueued) == ["send_due_reminders", "evaluate_obligations_nightly"] and last == night.date()
    assert tick(night + datetime.timedelta(minutes=1), last)[0] == []  # the reminder run still waits; nightly done
    DBTaskResult.objects.all().delete()
    assert ours(tick(night + datetime.timedelta(minutes=2), last)[0]) == ["send_due_reminders"]
