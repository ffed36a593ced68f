"""Contact with the citizen: journal and documents, appointments and conversations, reminders and calendar feeds."""

from helhed.contact.models.appointments import Absence, AgreedItem, Appointment, ConversationRecord
from helhed.contact.models.calendar import CalendarColleague
from helhed.contact.models.feeds import CalendarFeed
from helhed.contact.models.journal import Document, JournalNote
from helhed.contact.models.places import MeetingPlace
from helhed.contact.models.quota import QuotaCount, QuotaDecision
from helhed.contact.models.reminders import OutboxMessage, Reminder

__all__ = [
    "Absence", "AgreedItem", "Appointment", "CalendarColleague", "CalendarFeed", "ConversationRecord", "Document", "JournalNote",
    "MeetingPlace", "OutboxMessage", "QuotaCount", "QuotaDecision", "Reminder",
]
