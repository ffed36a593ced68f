"""Reads for messages between the citizen and their caseworker and team.

The citizen's reads are scoped to the signed-in citizen; the staff reads take a citizen the caller has already
checked with `citizens.access.get_access`, or (the worklist) filter on the citizens the staff member may write to.
"""

from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery

from helhed.citizens.access import visible_citizens
from helhed.contact.uploads import download_name, download_type
from helhed.portal.models import Attachment, Message, Thread


def citizen_threads(citizen):
    """The citizen's threads, newest first, each with `unread` (staff messages the citizen has not opened)."""
    return (Thread.objects.filter(citizen=citizen)
            .annotate(unread=Count("messages", filter=Q(messages__author__isnull=False,
                                                        messages__read_by_citizen_at__isnull=True)))
            .order_by("-last_message_at", "-pk"))


def citizen_thread(citizen, pk) -> Thread | None:
    return Thread.objects.filter(citizen=citizen, pk=pk).first()


def _with_shown_names(found: list[Message]) -> list[Message]:
    """Each attachment gets `shown_name`: the name it is downloaded under (the detected type's extension)."""
    for message in found:
        for attachment in message.attachments.all():
            attachment.shown_name = download_name(attachment.original_name, download_type(attachment.extension)[0])
    return found


def _messages(thread):
    return thread.messages.select_related("author__user").prefetch_related("attachments")


def thread_messages(thread) -> list[Message]:
    """Every message of the thread, oldest first, with its author's name and its attachments."""
    return _with_shown_names(list(_messages(thread).order_by("sent_at", "pk")))


def thread_page(thread, *, page: int, per_page: int) -> tuple[list[Message], bool]:
    """One page of the thread, oldest first: page 1 is the newest `per_page` messages. Also whether there are
    earlier messages than these (a long thread stays a small page)."""
    start = (page - 1) * per_page
    found = list(_messages(thread).order_by("-sent_at", "-pk")[start:start + per_page + 1])
    return _with_shown_names(found[:per_page][::-1]), len(found) > per_page


def citizen_attachment(citizen, pk) -> Attachment | None:
    return Attachment.objects.filter(pk=pk, message__thread__citizen=citizen).first()


def staff_threads(citizen, *, limit: int, offset: int = 0) -> list[Thread]:
    """The citizen's threads for the case file, newest first: each with `unread_by_staff` (the citizen's messages no
    staff member has opened), `message_count` and `newest` (the newest message, its author joined). Three queries,
    whatever the number of threads. Returns up to `limit + 1` threads, so the caller can tell there are more."""
    newest_id = Message.objects.filter(thread=OuterRef("pk")).order_by("-sent_at", "-pk").values("pk")[:1]
    threads = list(Thread.objects.filter(citizen=citizen)
                   .annotate(unread_by_staff=Count("messages", filter=Q(messages__author__isnull=True,
                                                                        messages__read_by_staff_at__isnull=True)),
                             message_count=Count("messages"), newest_id=Subquery(newest_id))
                   .order_by("-last_message_at", "-pk")[offset:offset + limit + 1])
    newest = Message.objects.select_related("author__user").in_bulk([t.newest_id for t in threads if t.newest_id])
    for thread in threads:
        thread.newest = newest.get(thread.newest_id)
    return threads


def staff_thread(citizen, pk) -> Thread | None:
    return Thread.objects.filter(citizen=citizen, pk=pk).first()


def staff_attachment(citizen, pk) -> Attachment | None:
    return Attachment.objects.filter(pk=pk, message__thread__citizen=citizen).first()


def threads_waiting_for_staff(staff, *, limit: int) -> list[Thread]:
    """Threads with messages from the citizen that no staff member has opened, for the citizens this staff member
    may write to (who can answer): the longest waiting first, each with `unread_by_staff` and `waiting_since`."""
    unread = Message.objects.filter(thread=OuterRef("pk"), author__isnull=True, read_by_staff_at__isnull=True)
    return list(Thread.objects.filter(Exists(unread), municipality_id=staff.municipality_id,
                                      citizen__in=visible_citizens(staff, write=True))
                .annotate(unread_by_staff=Count("messages", filter=Q(messages__author__isnull=True,
                                                                     messages__read_by_staff_at__isnull=True)),
                          waiting_since=Min("messages__sent_at", filter=Q(messages__author__isnull=True,
                                                                          messages__read_by_staff_at__isnull=True)))
                .select_related("citizen").order_by("waiting_since", "pk")[:limit])
