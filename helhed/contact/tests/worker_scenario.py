"""Helpers for test_reminder_worker.py, run in separate processes against a SQLite file (see that test)."""

import datetime
import json
import os
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from helhed.contact.messaging import OutboxBackend


class StallingBackend(OutboxBackend):
    """Delivers, says so in a file, then hangs: the test kills the worker before it can mark the reminder sent."""

    def send(self, message):
        created = super().send(message)
        Path(os.environ["HELHED_TEST_DELIVERED"]).write_text("delivered")
        time.sleep(120)
        return created


def setup():
    from helhed.citizens import services as citizen_services
    from helhed.contact.models import Reminder
    from helhed.contact.services.appointments import book_appointment
    from helhed.contact.tasks import send_due_reminders
    from helhed.core.models import Municipality, OrganisationUnit, StaffMember, StaffRole

    municipality = Municipality.objects.create(code="999", name="Fjordby Kommune")
    unit = OrganisationUnit.objects.create(municipality=municipality, name="Jobcenter", kind="employment")
    user = get_user_model().objects.create_user(username="anne", password="x" * 12, first_name="Anne")
    staff = StaffMember.objects.create(user=user, municipality=municipality, unit=unit)
    StaffRole.objects.create(staff=staff, role="caseworker")
    citizen = citizen_services.create_citizen(
        staff=staff, cpr="0101901234", first_name="Søren", last_name="Ågård", target_group="3",
        target_group_from=datetime.date(2026, 1, 5), target_group_reason="Aktivitetsparat.", phone="20304050",
    )
    appointment = book_appointment(staff=staff, citizen=citizen, starts_at=timezone.now() + datetime.timedelta(days=2))
    # One reminder, due now.
    Reminder.objects.filter(appointment=appointment).exclude(channel="sms").delete()
    first = Reminder.objects.filter(appointment=appointment).order_by("due_at").first()
    Reminder.objects.filter(appointment=appointment).exclude(pk=first.pk).delete()
    Reminder.objects.filter(pk=first.pk).update(due_at=timezone.now() - datetime.timedelta(seconds=1))
    send_due_reminders.enqueue()


def enqueue():
    from helhed.contact.tasks import send_due_reminders

    send_due_reminders.enqueue()


def report():
    from helhed.contact.models import OutboxMessage, Reminder

    reminder = Reminder.objects.get()
    print(json.dumps({"status": reminder.status, "attempts": reminder.attempts,
                      "outbox": OutboxMessage.objects.filter(key=reminder.key).count(),
                      "messages": OutboxMessage.objects.count()}))
