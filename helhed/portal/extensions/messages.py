"""Registrations for the portal area: messages.

Staff with the full record see the citizen's threads on the overview ("Messages from the portal"); caseworkers get
the threads with unread messages from their citizens in the worklist ("New messages from citizens"). Threads,
messages and files are the citizen's personal data (deleted by retention, the files first)."""

from django.utils.translation import gettext_lazy as _

from helhed.citizens.access import FULL
from helhed.citizens.casefile import MAIN, OVERVIEW, Section, register_section
from helhed.citizens.pages import register_page_title
from helhed.citizens.personal_data import DELETE, PersonalData, declare
from helhed.citizens.readlog import log_citizens_shown
from helhed.citizens.worklist import WorklistSource, register_source
from helhed.core.models import Role
from helhed.core.validation import bounded_int
from helhed.portal import selectors_messages as selectors
from helhed.portal.models import Attachment, Message, Thread

THREADS_PER_PAGE = 10
WORKLIST_THREADS = 50


def _section_context(request, access):
    page = bounded_int(request.GET.get("beskeder"), default=1, low=1, high=10_000)
    threads = selectors.staff_threads(access.citizen, limit=THREADS_PER_PAGE, offset=(page - 1) * THREADS_PER_PAGE)
    return {"portal_threads": threads[:THREADS_PER_PAGE], "portal_threads_more": len(threads) > THREADS_PER_PAGE,
            "portal_threads_page": page}


register_section(Section("portal_messages", "portal/messages/staff_section.html", OVERVIEW, MAIN, order=45,
                         level=FULL, context=_section_context))


def worklist_context(request):
    """Threads waiting for an answer, for the citizens the caseworker may write to; one read-log row per citizen."""
    threads = selectors.threads_waiting_for_staff(request.staff, limit=WORKLIST_THREADS)
    reasons = log_citizens_shown(request=request, citizens={t.citizen for t in threads}, page="casefile:worklist")
    return {"portal_waiting_threads": [t for t in threads if t.citizen_id in reasons]}


register_source(WorklistSource(
    key="portal_messages", template="portal/messages/staff_worklist.html", context=worklist_context,
    roles=frozenset({Role.CASEWORKER, Role.COORDINATING_CASEWORKER}), order=12,
))


def _remove_files(citizen):
    for attachment in Attachment.objects.filter(message__thread__citizen=citizen):
        attachment.file.delete(save=False)


def _message_section(citizen):
    rows = Message.objects.filter(thread__citizen=citizen).select_related("thread", "author__user")
    return {
        "title": Message._meta.verbose_name_plural,
        "columns": [_("Subject"), _("Sent"), _("Written by"), _("Message")],
        "rows": [[m.thread.subject, m.sent_at, m.author.full_name if m.author else _("The citizen"), m.body]
                 for m in rows.order_by("thread__created_at", "thread_id", "sent_at", "pk")],
    }


def _attachment_section(citizen):
    rows = Attachment.objects.filter(message__thread__citizen=citizen).select_related("message__thread")
    return {
        "title": Attachment._meta.verbose_name_plural,
        "columns": [_("Subject"), _("Sent"), _("File name"), _("File type"), _("Size in bytes")],
        "rows": [[a.message.thread.subject, a.message.sent_at, a.original_name, a.extension.upper(), a.size]
                 for a in rows.order_by("message__sent_at", "pk")],
    }


declare(PersonalData(Thread, "citizen", DELETE, order=910))
declare(PersonalData(Message, "thread__citizen", DELETE, order=911, readable=_message_section))
declare(PersonalData(Attachment, "message__thread__citizen", DELETE, order=912, before_delete=_remove_files,
                     exclude=("file",), readable=_attachment_section))

for name, title in {
    "portal_staff:staff_thread": _("Message from the portal"),
    "portal_staff:staff_thread_new": _("Write to the citizen in the portal"),
    "portal_staff:staff_attachment": _("File from the portal"),
}.items():
    register_page_title(name, title)
