"""What contact registers: job conversations and the 25 % decisions as rule facts, its sections of the case file
(documents, appointments, the citizen's calendar address, the journal, the 25 % decision), today's appointments on
the worklist, the reminder run, its rows as personal data, and its menu items (the calendar; the 75 % figures for
team leaders)."""

from django.utils.translation import gettext_lazy as _

from helhed.citizens.access import FULL, TEAM
from helhed.citizens.casefile import MAIN, OVERVIEW, SIDE, TEAM_VIEW, Section, register_section
from helhed.citizens.pages import register_page_title
from helhed.citizens.personal_data import DELETE, PersonalData, declare
from helhed.citizens.worklist import WorklistSource, register_source
from helhed.contact import quota_counts, selectors
from helhed.contact.calendar_views import today_context
from helhed.contact.facts import conversations_from_appointments, quota_decisions_for
from helhed.contact.forms import JournalNoteForm
from helhed.contact.models import (
    Absence,
    AgreedItem,
    Appointment,
    CalendarFeed,
    ConversationRecord,
    Document,
    JournalNote,
    OutboxMessage,
    QuotaDecision,
    Reminder,
)
from helhed.contact.quota_views import quota_context, quota_visible
from helhed.contact.tasks import send_due_reminders
from helhed.core.menu import MenuItem, register_menu_item
from helhed.core.models import Role
from helhed.core.schedule import register_periodic
from helhed.core.validation import bounded_int
from helhed.rules.facts import register_provider

NOTES_PER_PAGE = 50

register_provider("conversations", conversations_from_appointments)
register_provider("quota_decisions", quota_decisions_for)
register_periodic(send_due_reminders, every_minutes=1)


def _journal_context(request, access):
    page = bounded_int(request.GET.get("noter"), default=1, low=1, high=10_000)
    notes = selectors.journal_notes(access.citizen, limit=NOTES_PER_PAGE, offset=(page - 1) * NOTES_PER_PAGE)
    return {"notes": notes[:NOTES_PER_PAGE], "more_notes": len(notes) > NOTES_PER_PAGE, "notes_page": page,
            "note_form": JournalNoteForm()}


def _appointments_context(request, access):
    return selectors.citizen_appointments(access.citizen)


register_section(Section("documents", "contact/sections/documents.html", OVERVIEW, SIDE, order=40,
                         context=lambda request, access: {"documents": selectors.documents(access.citizen)}))
register_section(Section("appointments", "contact/includes/appointments.html", OVERVIEW, MAIN, order=30,
                         context=_appointments_context))
register_section(Section("appointments", "contact/includes/appointments.html", TEAM_VIEW, SIDE, order=30,
                         level=TEAM, context=_appointments_context, visible=lambda access: access.works_with_citizen))
register_section(Section("calendar_feed", "contact/sections/calendar_feed.html", OVERVIEW, MAIN, order=40,
                         visible=lambda access: access.can_write))
register_section(Section("journal", "contact/sections/journal.html", OVERVIEW, MAIN, order=50,
                         level=FULL, context=_journal_context))
register_section(Section("quota", "contact/sections/quota.html", OVERVIEW, SIDE, order=35, level=FULL,
                         context=quota_context, visible=quota_visible))
register_source(WorklistSource(
    key="appointments_today", template="contact/worklist_today.html", context=today_context,
    roles=frozenset({Role.CASEWORKER, Role.COORDINATING_CASEWORKER}), order=5,
))


def _remove_files(citizen):
    for document in Document.objects.filter(citizen=citizen):
        document.file.delete(save=False)


def _keep_staff_messages(citizen):
    """Staff reminders about the citizen's appointments went to staff: keep those messages, drop the link."""
    OutboxMessage.objects.filter(reminder__appointment__citizen=citizen).exclude(citizen=citizen).update(reminder=None)


def _conversations(citizen):
    return (ConversationRecord.objects.filter(appointment__citizen=citizen).select_related("appointment")
            .prefetch_related("agreed").order_by("appointment__starts_at"))


def _conversation_rows(citizen):
    return [{"appointment": r.appointment_id, "recorded_at": r.recorded_at, "citizen_took_part": r.citizen_took_part,
             "citizen_words": r.citizen_words, "agreed": [item.text for item in r.agreed.all()]}
            for r in _conversations(citizen)]


def _conversation_section(citizen):
    return {
        "title": _("Conversations: what was agreed, in the citizen's own words"),
        "columns": [_("Date"), _("Agreed"), _("In the citizen's own words")],
        "rows": [[r.appointment.starts_at, "; ".join(item.text for item in r.agreed.all()), r.citizen_words]
                 for r in _conversations(citizen)],
    }


WITH_CONVERSATION = _("Shown with the conversation it was agreed in.")
declare(PersonalData(JournalNote, "citizen", DELETE, order=100))
declare(PersonalData(Document, "citizen", DELETE, order=110, before_delete=_remove_files, exclude=("file",)))
declare(PersonalData(Appointment, "citizen", DELETE, order=120))
declare(PersonalData(ConversationRecord, "appointment__citizen", DELETE, order=130, export=_conversation_rows,
                     readable=_conversation_section))
declare(PersonalData(AgreedItem, "record__appointment__citizen", DELETE, order=131, in_export=False,
                     legal_basis=WITH_CONVERSATION))
declare(PersonalData(Absence, "citizen", DELETE, order=140))
declare(PersonalData(Reminder, "appointment__citizen", DELETE, order=150, in_export=False,
                     legal_basis=_("Shown as the messages the reminders became.")))
declare(PersonalData(OutboxMessage, "citizen", DELETE, order=160, before_delete=_keep_staff_messages))
declare(PersonalData(CalendarFeed, "citizen", DELETE, order=170, exclude=("token_hash",)))
declare(PersonalData(QuotaDecision, "citizen", DELETE, order=180))

for name, title in {
    "casefile:overview": _("Citizen overview"),
    "contact:journal_note_add": _("Write a journal note"),
    "contact:journal_note_correct": _("Correct a journal note"),
    "contact:document_upload": _("Upload document"),
    "contact:document_download": _("Document"),
    "contact:appointment_book": _("Book an appointment"),
    "contact:appointment_detail": _("Appointment"),
    "contact:appointment_move": _("Move the appointment"),
    "contact:appointment_held": _("The conversation was held"),
    "contact:appointment_not_held": _("The appointment was not held"),
    "contact:conversation_afterwards": _("Register a conversation afterwards"),
    "contact:citizen_feed_create": _("The citizen's calendar address"),
    "contact:week": _("Calendar"),
    "contact:outbox": _("Outbox"),
}.items():
    register_page_title(name, title)

register_menu_item(MenuItem("contact:week", _("Calendar"), order=20, roles=frozenset(Role.values) - {Role.ADMIN}))
register_menu_item(MenuItem("contact:contact_quota", _("Contact course for at least 75 %"), order=65,
                            roles=frozenset({Role.TEAM_LEADER})))

quota_counts.connect()
