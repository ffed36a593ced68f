"""Writes for messages between the citizen and their caseworker and team.

A file is checked exactly as staff uploads are (`contact.uploads.check_upload`: the size limit, and a type decided
from the whole file's bytes). It is stored under MEDIA_ROOT with a random name and kept with the detected extension
and content type, never the sender's file name or the browser's type. Text is stored as written (HTML included, as
text); templates escape it.

The citizen's own rows carry the change reason "portal" (`by_citizen`), and each message the citizen sends is a
`PortalEvent` (MESSAGE_SENT).
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from helhed.citizens.models import Citizen
from helhed.contact.messaging import Message as OutgoingMessage
from helhed.contact.messaging import get_backend
from helhed.contact.models.reminders import Channel
from helhed.contact.services.reminders import citizen_channel, citizen_portal_url
from helhed.contact.uploads import check_upload
from helhed.core.models import StaffMember
from helhed.portal.models import Attachment, Message, PortalEvent, Thread
from helhed.portal.services.actions import by_citizen, record_action

MAX_SUBJECT = Thread._meta.get_field("subject").max_length  # 200
MAX_BODY = 5000
# The same text from the citizen again within this time is the same message (a double tap), not a second one.
SAME_AGAIN = datetime.timedelta(minutes=2)


def clean_subject(subject: str) -> str:
    subject = (subject or "").strip()
    if not subject:
        raise ValidationError({"subject": _("Write a subject.")})
    if len(subject) > MAX_SUBJECT:
        raise ValidationError({"subject": _("The subject is too long. Use at most %(limit_value)d characters.")
                               % {"limit_value": MAX_SUBJECT}})
    return subject


def clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError({"body": _("Write your message.")})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": _("The message is too long. Use at most %(limit_value)d characters.")
                               % {"limit_value": MAX_BODY}})
    return body


def check_file(file) -> tuple[str, str] | None:
    """(content type, extension) of an acceptable file, None without one, or a ValidationError on "attachment" that
    says why the file was refused and that it must be chosen again (a browser never keeps a chosen file)."""
    if not file:
        return None
    try:
        return check_upload(file)
    except ValidationError as error:
        raise ValidationError({"attachment": " ".join(
            [_("We cannot use this file."), *error.messages, _("Choose another file, or send without a file.")])})


def _add_message(thread: Thread, *, author: StaffMember | None, body: str, file, checked, now) -> Message:
    message = Message(municipality_id=thread.municipality_id, thread=thread, author=author, body=body, sent_at=now,
                      # The sender has read their own message.
                      read_by_citizen_at=now if author is None else None,
                      read_by_staff_at=now if author is not None else None)
    if author is None:
        by_citizen(message)
    message.save()
    if checked is not None:
        content_type, extension = checked
        attachment = Attachment(municipality_id=thread.municipality_id, message=message,
                                original_name=(file.name or "")[:255], content_type=content_type,
                                extension=extension, size=file.size)
        if author is None:
            by_citizen(attachment)
        attachment.file.save("upload", file, save=False)  # the stored name is random (models.messages)
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)
            raise
    return message


def _checked(body: str, file, subject: str | None = None):
    """Check every field first and report every error at once, before anything is written."""
    errors, cleaned = {}, {}
    checks = [("body", clean_body, body), ("attachment", check_file, file)]
    if subject is not None:
        checks.insert(0, ("subject", clean_subject, subject))
    for name, check, value in checks:
        try:
            cleaned[name] = check(value)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def start_thread(*, citizen: Citizen, subject: str, body: str, attachment=None) -> Thread:
    """The citizen writes a new message to their caseworker and team."""
    cleaned = _checked(body, attachment, subject)
    now = timezone.now()
    twice = Message.objects.filter(thread__citizen=citizen, thread__subject=cleaned["subject"], author=None,
                                   body=cleaned["body"], sent_at__gte=now - SAME_AGAIN).select_related("thread").first()
    if twice is not None:  # a double tap, or the form sent again: the message is there already
        return twice.thread
    thread = by_citizen(Thread(municipality_id=citizen.municipality_id, citizen=citizen, subject=cleaned["subject"],
                               started_by_citizen=True, created_at=now, last_message_at=now))
    thread.save()
    _add_message(thread, author=None, body=cleaned["body"], file=attachment, checked=cleaned["attachment"], now=now)
    record_action(citizen, PortalEvent.Action.MESSAGE_SENT, about=thread.subject)
    return thread


@transaction.atomic
def reply(*, citizen: Citizen, thread: Thread, body: str, attachment=None) -> Message:
    """The citizen answers in one of their own threads."""
    cleaned = _checked(body, attachment)
    thread = Thread.objects.select_for_update().get(pk=thread.pk, citizen=citizen)
    now = timezone.now()
    twice = thread.messages.filter(author=None, body=cleaned["body"], sent_at__gte=now - SAME_AGAIN).first()
    if twice is not None:  # a double tap, or the form sent again: the message is there already
        return twice
    message = _add_message(thread, author=None, body=cleaned["body"], file=attachment,
                           checked=cleaned["attachment"], now=now)
    thread.last_message_at = now
    by_citizen(thread).save(update_fields=["last_message_at"])
    record_action(citizen, PortalEvent.Action.MESSAGE_SENT, about=thread.subject)
    return message


@transaction.atomic
def staff_start_thread(*, staff: StaffMember, citizen: Citizen, subject: str, body: str, attachment=None) -> Thread:
    """A caseworker writes a new message to the citizen (the caller has checked write access)."""
    cleaned = _checked(body, attachment, subject)
    now = timezone.now()
    thread = Thread.objects.create(municipality_id=citizen.municipality_id, citizen=citizen,
                                   subject=cleaned["subject"], started_by_citizen=False, created_at=now,
                                   last_message_at=now)
    message = _add_message(thread, author=staff, body=cleaned["body"], file=attachment, checked=cleaned["attachment"],
                           now=now)
    transaction.on_commit(lambda: _tell_citizen(message))
    return thread


@transaction.atomic
def staff_reply(*, staff: StaffMember, thread: Thread, body: str, attachment=None) -> Message:
    """A caseworker answers in the citizen's thread (the caller has checked write access)."""
    cleaned = _checked(body, attachment)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    now = timezone.now()
    message = _add_message(thread, author=staff, body=cleaned["body"], file=attachment,
                           checked=cleaned["attachment"], now=now)
    thread.last_message_at = now
    thread.save(update_fields=["last_message_at"])
    # Answering means the citizen's messages before it have been read.
    thread.messages.filter(author__isnull=True, read_by_staff_at__isnull=True, sent_at__lte=now).update(
        read_by_staff_at=now)
    transaction.on_commit(lambda: _tell_citizen(message))
    return message


def _tell_citizen(message: Message) -> None:
    """A short text that a new message waits on My page, by the citizen's reminder channel (else Digital Post). The
    message itself stays in Helhed: a text message or an e-mail leaves the system. Sent once per message."""
    citizen = message.thread.citizen
    channel, address = citizen_channel(citizen) or (Channel.DIGITAL_POST, "")
    language = citizen.preferred_language if citizen.preferred_language in ("da", "en") else "da"
    with translation.override(language):
        subject = _("New message on My page")
        body = _("Hi %(name)s. You have a new message on My page: %(url)s") % {
            "name": citizen.first_name, "url": citizen_portal_url("beskeder/")}
    get_backend().send(OutgoingMessage(
        key=uuid.uuid5(uuid.NAMESPACE_URL, f"helhed:portal-message:{message.pk}"), municipality_id=citizen.municipality_id,
        channel=channel, address=address, language=language, subject=subject, body=body, citizen_id=citizen.pk))


def mark_read_by_citizen(thread: Thread, shown) -> set[int]:
    """Marks the staff messages among `shown` (the messages of the thread the citizen sees) read by the citizen;
    returns the ids that were unread until now."""
    ids = {m.pk for m in shown if m.author_id is not None and m.read_by_citizen_at is None}
    if ids:
        thread.messages.filter(pk__in=ids, read_by_citizen_at__isnull=True).update(read_by_citizen_at=timezone.now())
    return ids


def mark_read_by_staff(thread: Thread) -> set[int]:
    """Marks the citizen's messages of the thread read by staff; returns the ids that were unread until now."""
    unread = thread.messages.filter(author__isnull=True, read_by_staff_at__isnull=True)
    ids = set(unread.values_list("pk", flat=True))
    if ids:
        Message.objects.filter(pk__in=ids).update(read_by_staff_at=timezone.now())
    return ids
