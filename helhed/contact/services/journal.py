import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.citizens.models import Case, Citizen
from helhed.citizens.services import check_case_date
from helhed.citizens.signals import citizen_facts_changed
from helhed.contact.models import Document, JournalNote
from helhed.contact.uploads import check_upload
from helhed.core.models import StaffMember


def _clean_text(text: str) -> str:
    """Notes are stored verbatim (HTML included, as text); templates escape them on output."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("The note is empty. Write what happened.")})
    if len(text) > JournalNote.MAX_LENGTH:
        raise ValidationError(
            {"text": _("The note is too long (at most %(max)d characters).") % {"max": JournalNote.MAX_LENGTH}}
        )
    return text


def add_journal_note(
    *, staff: StaffMember, citizen: Citizen, text: str, kind: str = JournalNote.Kind.NOTE,
    occurred_on: datetime.date | None = None,
) -> JournalNote:
    text = _clean_text(text)
    occurred_on = occurred_on or timezone.localdate()
    check_case_date(occurred_on, "occurred_on")
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("A journal note describes something that has happened.")})
    if kind not in JournalNote.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of note.")})
    case = Case.objects.filter(citizen=citizen, status=Case.Status.OPEN).first()
    note = JournalNote.objects.create(
        municipality=citizen.municipality, citizen=citizen, case=case, author=staff,
        occurred_on=occurred_on, kind=kind, text=text,
    )
    citizen_facts_changed(citizen)  # a conversation note counts as a held conversation (contact/facts.py)
    return note


@transaction.atomic
def correct_journal_note(*, staff: StaffMember, note: JournalNote, text: str) -> JournalNote:
    """Write a corrected version. The old note stays, and the new one points at it."""
    text = _clean_text(text)
    note = JournalNote.objects.select_for_update().get(pk=note.pk)
    if JournalNote.objects.filter(supersedes=note).exists():
        raise ValidationError(_("This note has already been corrected. Correct the newest version."))
    corrected = JournalNote.objects.create(
        municipality=note.municipality, citizen=note.citizen, case=note.case, author=staff,
        occurred_on=note.occurred_on, kind=note.kind, text=text, supersedes=note, version=note.version + 1,
    )
    citizen_facts_changed(note.citizen)
    return corrected


def upload_document(*, staff: StaffMember, citizen: Citizen, title: str, file) -> Document:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the document a title.")})
    try:
        content_type, extension = check_upload(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages})
    document = Document(
        municipality=citizen.municipality, citizen=citizen, title=title, original_name=file.name[:255],
        content_type=content_type, extension=extension, size=file.size, uploaded_by=staff,
    )
    document.file.save("upload", file, save=False)
    document.save()
    return document
