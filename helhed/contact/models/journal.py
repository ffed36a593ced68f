"""Journal notes and documents."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.models import Case, Citizen
from helhed.core.append_only import AppendOnlyModel
from helhed.core.models import Municipality, StaffMember


class JournalNote(AppendOnlyModel):
    """A journal note. Append-only: a correction is a new note whose `supersedes` points at the old one."""

    class Kind(models.TextChoices):
        CONVERSATION = "conversation", _("Conversation")
        PHONE = "phone", _("Phone call")
        HOME_VISIT = "home_visit", _("Home visit")
        VISITATION = "visitation", _("Target-group assessment")
        COORDINATION = "coordination", _("Coordination")
        NOTE = "note", _("Note")

    MAX_LENGTH = 20_000

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="journal_notes")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="journal_notes")
    author = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("author"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    occurred_on = models.DateField(_("date of the event"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("text"))
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("journal note")
        verbose_name_plural = _("journal notes")
        ordering = ["-occurred_on", "-created_at"]
        indexes = [models.Index(fields=["citizen", "-occurred_on", "-created_at"])]



def _document_path(document, filename):
    # A random name: the original name is kept in the row, never used on disk.
    return f"documents/{document.municipality_id}/{uuid.uuid4().hex}.{document.extension}"


class Document(models.Model):
    """A document on the citizen's case (a GP statement, a plan signed on paper). Always served as a download."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to=_document_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at"]
