"""Appointments in citizen time, the record of a held conversation, and absences.

An appointment is booked, then held or not held. Moving it ends the old appointment as "not held: moved", with
the reason, and links it to the new one, so the history stays. An acute conversation is registered after the
fact as an appointment that was held.
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.models import Citizen
from helhed.contact.models.journal import JournalNote
from helhed.core.models import Municipality, StaffMember

# An appointment may be registered held from this long before it starts (people arrive early).
HELD_EARLY_TOLERANCE = datetime.timedelta(minutes=15)


class Appointment(models.Model):
    class Kind(models.TextChoices):
        JOBSAMTALE = "jobsamtale", _("Job conversation")
        MENTOR_MEETING = "mentor_meeting", _("Mentor meeting")
        COORDINATION_MEETING = "coordination_meeting", _("Coordination meeting")
        INTERNSHIP_FOLLOW_UP = "internship_follow_up", _("Internship follow-up")
        ACCOMPANYING = "accompanying", _("Accompanying the citizen")

    class Channel(models.TextChoices):
        OFFICE = "office", _("At the office")
        PHONE = "phone", _("By phone")
        VIDEO = "video", _("By video")
        HOME_VISIT = "home_visit", _("Home visit")
        OUTREACH_OFFICE = "outreach_office", _("Outreach office")
        OTHER_PLACE = "other_place", _("Another place")

    # LAB § 33: "in person" means meeting face to face, wherever that is.
    IN_PERSON = frozenset({Channel.OFFICE, Channel.HOME_VISIT, Channel.OUTREACH_OFFICE, Channel.OTHER_PLACE})

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        HELD = "held", _("Held")
        NOT_HELD = "not_held", _("Not held")

    class NotHeldReason(models.TextChoices):
        CITIZEN_ABSENT = "citizen_absent", _("The citizen did not come")
        CITIZEN_CANCELLED = "citizen_cancelled", _("The citizen cancelled")
        STAFF_CANCELLED = "staff_cancelled", _("We cancelled")
        MOVED = "moved", _("Moved")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="appointments")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.JOBSAMTALE)
    channel = models.CharField(_("where or how"), max_length=20, choices=Channel.choices, default=Channel.OFFICE)
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("An address, a room or a phone number."))
    meeting_place = models.ForeignKey("contact.MeetingPlace", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="appointments", verbose_name=_("meeting place"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    organiser = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="organised_appointments",
                                  verbose_name=_("held by"))
    other_staff = models.ManyToManyField(StaffMember, blank=True, related_name="appointments",
                                         verbose_name=_("other staff taking part"))
    bisidder = models.CharField(_("bisidder"), max_length=200, blank=True,
                                help_text=_("Someone the citizen brings for support."))
    interpreter = models.CharField(_("interpreter"), max_length=200, blank=True,
                                   help_text=_("Name and language, if an interpreter takes part."))
    message_to_citizen = models.CharField(_("message to the citizen"), max_length=300, blank=True,
                                          help_text=_("Shown in the reminder, e.g. \"Bring your payslip\"."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.BOOKED)
    not_held_reason = models.CharField(_("why not held"), max_length=20, choices=NotHeldReason.choices, blank=True)
    not_held_note = models.TextField(_("explanation"), blank=True)
    moved_to = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="moved_from")
    registered_afterwards = models.BooleanField(_("registered afterwards"), default=False)
    booked_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(default=timezone.now)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["citizen", "starts_at"]),
            models.Index(fields=["organiser", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="appointment_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"

    @property
    def where(self) -> str:
        """The place as the calendar, the feeds and the reminders show it: a meeting place's name and address, else
        the place written on the appointment."""
        return self.meeting_place.label if self.meeting_place_id else self.place

    @property
    def in_person(self) -> bool:
        return self.channel in self.IN_PERSON

    @property
    def is_booked(self) -> bool:
        return self.status == self.Status.BOOKED


class ConversationRecord(models.Model):
    """What a held conversation came to: what was agreed, who took part, and the citizen's own words."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    appointment = models.OneToOneField(Appointment, on_delete=models.CASCADE, related_name="record")
    citizen_took_part = models.BooleanField(_("the citizen took part"), default=True)
    bisidder_took_part = models.BooleanField(_("the bisidder took part"), default=False)
    interpreter_took_part = models.BooleanField(_("the interpreter took part"), default=False)
    citizen_words = models.TextField(_("in the citizen's own words"), blank=True)
    journal_note = models.OneToOneField("contact.JournalNote", on_delete=models.PROTECT, related_name="conversation")
    recorded_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    def current_note(self):
        """The newest version of the journal note (it may have been corrected since): the end of the chain of
        corrections, found in one recursive query however often the note was corrected."""
        table = JournalNote._meta.db_table
        newest = JournalNote.objects.raw(
            f"WITH RECURSIVE chain(id, depth) AS ("
            f" SELECT id, 0 FROM {table} WHERE id = %s"
            f" UNION ALL SELECT n.id, chain.depth + 1 FROM {table} n JOIN chain ON n.supersedes_id = chain.id)"
            f" SELECT * FROM {table} WHERE id = (SELECT id FROM chain ORDER BY depth DESC LIMIT 1)",
            [self.journal_note_id],
        )
        return next(iter(newest), None) or self.journal_note


class AgreedItem(models.Model):
    """One thing agreed in a conversation. The shared plan (issue 6) turns these into steps."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    record = models.ForeignKey(ConversationRecord, on_delete=models.CASCADE, related_name="agreed")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("agreed"), max_length=500)

    class Meta:
        ordering = ["position"]


class Absence(models.Model):
    """The citizen did not come to a job conversation. Documentation with its context, not a sanction: the
    sanctions app picks absences up and makes the safeguards happen before anything is decided."""

    class Notice(models.TextChoices):
        NONE = "none", _("We have not heard from the citizen")
        AFTERWARDS = "afterwards", _("The citizen got in touch afterwards")
        TOO_LATE = "too_late", _("The citizen cancelled too late")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="absences")
    appointment = models.OneToOneField(Appointment, on_delete=models.PROTECT, related_name="absence")
    notice = models.CharField(_("did we hear from the citizen?"), max_length=12, choices=Notice.choices)
    context = models.TextField(_("what we know about the situation"))
    contact_attempts = models.TextField(_("how we have tried to reach the citizen"), blank=True)
    recorded_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
