"""Message backends for reminders: SMS, e-mail and Digital Post all go through one interface.

A backend has `send(message)` and must treat `message.key` as an idempotency key: sending the same key twice
delivers once. Choose one with the setting HELHED_MESSAGE_BACKEND (a dotted path). The default writes to the
outbox, which staff can read in the UI; in development the console backend also prints each message.
A real SMS gateway or Digital Post integration is a class with the same method.
"""

import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from helhed.contact.models import OutboxMessage

logger = logging.getLogger("helhed.messages")


@dataclass(frozen=True)
class Message:
    key: uuid.UUID
    municipality_id: int
    channel: str
    address: str
    language: str
    subject: str
    body: str
    reminder_id: int | None = None
    citizen_id: int | None = None
    staff_id: int | None = None


class OutboxBackend:
    def send(self, message: Message) -> bool:
        """Returns False when a message with this key was delivered before (nothing is sent again)."""
        _row, created = OutboxMessage.objects.get_or_create(
            key=message.key,
            defaults={
                "municipality_id": message.municipality_id, "reminder_id": message.reminder_id,
                "citizen_id": message.citizen_id, "staff_id": message.staff_id, "channel": message.channel,
                "address": message.address, "language": message.language, "subject": message.subject,
                "body": message.body,
            },
        )
        return created


class ConsoleOutboxBackend(OutboxBackend):
    def send(self, message: Message) -> bool:
        created = super().send(message)
        if created:
            print(f"[{message.channel} → {message.address or 'Digital Post'}] {message.subject}\n{message.body}\n")
        return created


def get_backend():
    return import_string(settings.HELHED_MESSAGE_BACKEND)()
