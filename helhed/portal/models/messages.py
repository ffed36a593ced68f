import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhed.citizens.models import CitizenRecord
from helhed.core.models import Municipality, StaffMember


class Thread(CitizenRecord):
    """A conversation between the citizen and their caseworker and team."""

    subject = models.CharField(_("subject"), max_length=200)
    started_by_citizen = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("message thread")
        verbose_name_plural = _("message threads")
        ordering = ["-last_message_at"]


class Message(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    # Empty for the citizen's own messages.
    author = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("written by"))
    body = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    read_by_citizen_at = models.DateTimeField(null=True, blank=True)
    read_by_staff_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["sent_at", "pk"]

    @property
    def from_citizen(self) -> bool:
        return self.author_id is None


def _attachment_path(instance, filename):
    return f"portal/{instance.municipality_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file on a message, checked like every staff upload (`contact.uploads.check_upload`)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
