"""Writes for appointments: book, move, mark held or not held, and register an acute conversation afterwards.

Every change that the rules read (a job conversation booked, held or missed) re-evaluates the citizen's obligations.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from helhed.citizens.access import visible_citizens
from helhed.citizens.models import Citizen
from helhed.citizens.services import check_case_date
from helhed.citizens.signals import citizen_facts_changed
from helhed.contact.models import Absence, AgreedItem, Appointment, ConversationRecord, JournalNote, MeetingPlace
from helhed.contact.models.appointments import HELD_EARLY_TOLERANCE
from helhed.contact.selectors import first_in_person_held, overlapping
from helhed.contact.services import reminders
from helhed.contact.services.journal import add_journal_note
from helhed.core.models import StaffMember

MAX_DURATION_MINUTES = 12 * 60
# The code of the ValidationError for a double booking: the view turns it into a warning that asks for confirmation.
OVERLAP = "overlap"
# A conversation can be marked held from a quarter of an hour before it starts (a meeting that began early).
NOTE_KIND = {
    Appointment.Channel.PHONE: JournalNote.Kind.PHONE,
    Appointment.Channel.HOME_VISIT: JournalNote.Kind.HOME_VISIT,
}


def _ends(starts_at: datetime.datetime, minutes: int) -> datetime.datetime:
    """Add real minutes (in UTC): aware arithmetic in a local zone adds wall-clock time, wrong across DST."""
    return starts_at.astimezone(datetime.timezone.utc) + datetime.timedelta(minutes=minutes)


def _check_time(starts_at: datetime.datetime, duration_minutes: int) -> datetime.datetime:
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    check_case_date(timezone.localdate(starts_at), "starts_at")
    if not 5 <= duration_minutes <= MAX_DURATION_MINUTES:
        raise ValidationError({"duration_minutes": _("An appointment lasts between 5 minutes and 12 hours.")})
    return starts_at


def _check_choices(kind: str, channel: str) -> None:
    if kind not in Appointment.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of appointment.")})
    if channel not in Appointment.Channel.values:
        raise ValidationError({"channel": _("Unknown way of meeting.")})


def _at_place(meeting_place, channel: str, place: str, municipality_id: int) -> tuple[str, str]:
    """A conversation booked at a meeting place from the list: the channel is the outreach office (or another place)
    and the place text is the place's name and address. Only the municipality's places in use."""
    if meeting_place is None:
        return channel, place
    if meeting_place.municipality_id != municipality_id or not meeting_place.active:
        raise ValidationError({"meeting_place": _("Choose one of the municipality's places in use.")})
    kind = MeetingPlace.Kind.OUTREACH_OFFICE
    channel = Appointment.Channel.OUTREACH_OFFICE if meeting_place.kind == kind else Appointment.Channel.OTHER_PLACE
    return channel, meeting_place.label[:200]


def _check_first_in_person(citizen: Citizen, kind: str, channel: str) -> None:
    """LAB § 33: the first job conversation is held in person; after it, the citizen chooses the channel."""
    if kind != Appointment.Kind.JOBSAMTALE or channel in Appointment.IN_PERSON:
        return
    if not first_in_person_held(citizen):
        raise ValidationError({"channel": _(
            "The first job conversation is held in person (LAB § 33): at the office, at home, at an outreach office "
            "or another place. After it, the citizen chooses phone or video if they want."
        )})


def _lock_booked(appointment: Appointment) -> Appointment:
    appointment = Appointment.objects.select_for_update().select_related("citizen").get(pk=appointment.pk)
    if appointment.status != Appointment.Status.BOOKED:
        raise ValidationError(
            _("This appointment is already marked %(status)s. Reload the page to see the newest version.")
            % {"status": appointment.get_status_display().lower()}
        )
    return appointment


def _may_take_part(staff_members, citizen) -> list[StaffMember]:
    """Staff invited to an appointment must have a reason to see the citizen (team members, the caseworkers)."""
    members = list(staff_members or [])
    if any(not visible_citizens(member).filter(pk=citizen.pk).exists() for member in members):
        raise ValidationError({"other_staff": _("Only people with a reason to see the citizen can take part. "
                                                "Add them to the team first.")})
    return members


def _clash_text(clash) -> str:
    times = {"start": timezone.localtime(clash.starts_at).strftime("%H:%M"),
             "end": timezone.localtime(clash.ends_at).strftime("%H:%M")}
    if clash.staff is None:
        return _("The citizen already has an appointment %(start)s–%(end)s") % times
    return _("%(name)s is busy %(start)s–%(end)s") % {"name": clash.staff.full_name, **times}


def _check_overlaps(*, citizen: Citizen, staff_members, starts_at: datetime.datetime, ends_at: datetime.datetime,
                    confirmed: bool, exclude: Appointment | None = None) -> None:
    """A double booking of the citizen or of a staff member is sometimes deliberate (an accompanying visit), so it is
    not refused; but it never passes unnoticed. Unless the worker has confirmed it, each clash comes back as a
    ValidationError with the code OVERLAP. Checked last, so that confirming is the only thing left to do."""
    if confirmed:
        return
    clashes = overlapping(citizen=citizen, staff_members=staff_members, starts_at=starts_at, ends_at=ends_at,
                          exclude=exclude)
    if clashes:
        raise ValidationError([ValidationError(_clash_text(clash), code=OVERLAP) for clash in clashes])


@transaction.atomic
def book_appointment(
    *, staff: StaffMember, citizen: Citizen, starts_at: datetime.datetime, duration_minutes: int = 30,
    kind: str = Appointment.Kind.JOBSAMTALE, channel: str = Appointment.Channel.OFFICE, place: str = "",
    other_staff=(), bisidder: str = "", interpreter: str = "", message_to_citizen: str = "",
    overlap_confirmed: bool = False, meeting_place: MeetingPlace | None = None,
) -> Appointment:
    """Book an appointment. A double booking raises a ValidationError with the code OVERLAP unless
    `overlap_confirmed`. At a `meeting_place` from the list, the channel and the place follow the place."""
    channel, place = _at_place(meeting_place, channel, place, citizen.municipality_id)
    _check_choices(kind, channel)
    starts_at = _check_time(starts_at, duration_minutes)
    if starts_at < timezone.now() - datetime.timedelta(hours=1):
        raise ValidationError(
            {"starts_at": _("This time has passed. Use \"Register a conversation afterwards\" for one that was held.")}
        )
    _check_first_in_person(citizen, kind, channel)
    members = [m for m in _may_take_part(other_staff, citizen) if m.pk != staff.pk]
    ends_at = _ends(starts_at, duration_minutes)
    _check_overlaps(citizen=citizen, staff_members=[staff, *members], starts_at=starts_at, ends_at=ends_at,
                    confirmed=overlap_confirmed)
    appointment = Appointment.objects.create(
        municipality=citizen.municipality, citizen=citizen, kind=kind, channel=channel, place=place.strip(),
        meeting_place=meeting_place, starts_at=starts_at, ends_at=ends_at, organiser=staff,
        bisidder=bisidder.strip(), interpreter=interpreter.strip(), message_to_citizen=message_to_citizen.strip(),
        booked_by=staff,
    )
    appointment.other_staff.set(members)
    reminders.schedule(appointment)
    citizen_facts_changed(citizen)
    return appointment


@transaction.atomic
def move_appointment(
    *, staff: StaffMember, appointment: Appointment, starts_at: datetime.datetime, duration_minutes: int,
    channel: str, place: str = "", reason: str, overlap_confirmed: bool = False,
    meeting_place: MeetingPlace | None = None,
) -> Appointment:
    """A new appointment at the new time; the old one ends as "not held: moved" with the reason, and points at it.
    A double booking at the new time (the old appointment aside) raises a ValidationError with the code OVERLAP
    unless `overlap_confirmed`."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the appointment is moved. The citizen's reason counts too.")})
    old = _lock_booked(appointment)
    channel, place = _at_place(meeting_place, channel, place, old.municipality_id)
    _check_choices(old.kind, channel)
    _check_first_in_person(old.citizen, old.kind, channel)
    starts_at = _check_time(starts_at, duration_minutes)
    if starts_at < timezone.now() - datetime.timedelta(hours=1):
        raise ValidationError({"starts_at": _("Move the appointment to a time that has not passed.")})
    others = list(old.other_staff.all())
    ends_at = _ends(starts_at, duration_minutes)
    _check_overlaps(citizen=old.citizen, staff_members=[old.organiser, *others], starts_at=starts_at, ends_at=ends_at,
                    confirmed=overlap_confirmed, exclude=old)
    new = Appointment.objects.create(
        municipality=old.municipality, citizen=old.citizen, kind=old.kind, channel=channel, place=place.strip(),
        meeting_place=meeting_place, starts_at=starts_at, ends_at=ends_at, organiser=old.organiser,
        bisidder=old.bisidder, interpreter=old.interpreter, message_to_citizen=old.message_to_citizen, booked_by=staff,
    )
    new.other_staff.set(others)
    old.status, old.not_held_reason, old.not_held_note = Appointment.Status.NOT_HELD, Appointment.NotHeldReason.MOVED, reason
    old.moved_to, old.settled_at = new, timezone.now()
    old.save(update_fields=["status", "not_held_reason", "not_held_note", "moved_to", "settled_at"])
    reminders.cancel(old)
    reminders.schedule(new)
    citizen_facts_changed(old.citizen)
    return new


def _when_line(appointment: Appointment) -> str:
    start = timezone.localtime(appointment.starts_at)
    return _("%(kind)s held %(date)s at %(time)s, %(channel)s.") % {
        "kind": appointment.get_kind_display(), "date": date_format(start, "SHORT_DATE_FORMAT"),
        "time": start.strftime("%H:%M"), "channel": appointment.get_channel_display().lower(),
    }


def participants(appointment: Appointment) -> dict:
    """The pieces of the "taking part" line, for the server and for the form's script (helhed.js)."""
    return {
        "template": _("Taking part: %(names)s.") % {"names": "{names}"},
        "citizen": appointment.citizen.full_name,
        "staff": [appointment.organiser.full_name, *(s.full_name for s in appointment.other_staff.all())],
        "bisidder": _("bisidder %(name)s") % {"name": appointment.bisidder} if appointment.bisidder else "",
        "interpreter": _("interpreter %(name)s") % {"name": appointment.interpreter} if appointment.interpreter else "",
    }


def compose_note(appointment: Appointment, *, agreed: list[str], citizen_words: str, citizen_took_part: bool = True,
                 bisidder_took_part: bool = False, interpreter_took_part: bool = False) -> str:
    """The journal note a held conversation suggests. The worker may edit it before it is saved."""
    parts = participants(appointment)
    present = ([parts["citizen"]] if citizen_took_part else []) + parts["staff"]
    present += [parts[p] for p, took_part in (("bisidder", bisidder_took_part), ("interpreter", interpreter_took_part))
                if took_part and parts[p]]
    lines = [_when_line(appointment), parts["template"].replace("{names}", ", ".join(present))]
    if agreed:
        lines += ["", _("Agreed:"), *(f"- {item}" for item in agreed)]
    if citizen_words.strip():
        lines += ["", _("In %(name)s's own words: \"%(words)s\"") % {
            "name": appointment.citizen.first_name, "words": citizen_words.strip()}]
    return "\n".join(lines)


def _agreed_lines(agreed) -> list[str]:
    if isinstance(agreed, str):
        agreed = agreed.splitlines()
    items = [line.strip().lstrip("-•* ").strip() for line in agreed]
    items = [item for item in items if item]
    if any(len(item) > 500 for item in items):
        raise ValidationError({"agreed": _("Keep each agreement to one line of at most 500 characters.")})
    return items


@transaction.atomic
def record_held(
    *, staff: StaffMember, appointment: Appointment, agreed="", citizen_words: str = "", note: str = "",
    citizen_took_part: bool = True, bisidder_took_part: bool = False, interpreter_took_part: bool = False,
) -> ConversationRecord:
    """Mark the appointment held, record what was agreed, and write the journal note (the suggested one if `note`
    is empty)."""
    appointment = _lock_booked(appointment)
    if appointment.starts_at > timezone.now() + HELD_EARLY_TOLERANCE:
        raise ValidationError(_("The appointment has not started yet. Mark it held when it has taken place."))
    items = _agreed_lines(agreed)
    participation = {"citizen_took_part": citizen_took_part, "bisidder_took_part": bisidder_took_part,
                     "interpreter_took_part": interpreter_took_part}
    text = (note or "").strip() or compose_note(appointment, agreed=items, citizen_words=citizen_words, **participation)
    journal_note = add_journal_note(
        staff=staff, citizen=appointment.citizen, text=text,
        kind=NOTE_KIND.get(appointment.channel, JournalNote.Kind.CONVERSATION),
        occurred_on=timezone.localdate(appointment.starts_at),
    )
    record = ConversationRecord.objects.create(
        municipality_id=appointment.municipality_id, appointment=appointment, citizen_words=citizen_words.strip(), journal_note=journal_note, recorded_by=staff,
        **participation,
    )
    AgreedItem.objects.bulk_create(AgreedItem(municipality_id=record.municipality_id, record=record, position=i, text=t) for i, t in enumerate(items, 1))
    appointment.status, appointment.settled_at = Appointment.Status.HELD, timezone.now()
    appointment.save(update_fields=["status", "settled_at"])
    reminders.cancel(appointment)
    return record


def _absence_lines(notice: str, context: str, contact_attempts: str) -> list[str]:
    """The absence in the journal note, as the sanction assessment reads it: whether we heard from the citizen, what
    we know, and how we tried to reach them (who, how, when, and what came of it, as the worker wrote it)."""
    lines = [f"{Absence.Notice(notice).label}.", (context or "").strip()]
    attempts = (contact_attempts or "").strip()
    if attempts:
        lines.append(_("How we tried to reach the citizen:") + "\n" + attempts)
    return lines


@transaction.atomic
def record_not_held(
    *, staff: StaffMember, appointment: Appointment, reason: str, note: str = "", notice: str = "",
    context: str = "", contact_attempts: str = "",
) -> Appointment:
    """Mark the appointment not held. If the citizen did not come, the absence is recorded with its context; it
    does not start a sanction (the sanctions app picks absences up and makes the safeguards happen)."""
    appointment = _lock_booked(appointment)
    if reason == Appointment.NotHeldReason.MOVED:
        raise ValidationError({"reason": _("Use \"Move\" to give the appointment a new time.")})
    if reason not in Appointment.NotHeldReason.values:
        raise ValidationError({"reason": _("Choose why the appointment was not held.")})
    absent = reason == Appointment.NotHeldReason.CITIZEN_ABSENT
    if absent:
        if appointment.starts_at > timezone.now():
            raise ValidationError({"reason": _("The citizen cannot be absent from an appointment that has not started.")})
        if notice not in Absence.Notice.values:
            raise ValidationError({"notice": _("Say whether we have heard from the citizen.")})
        if not (context or "").strip():
            raise ValidationError({"context": _(
                "Write what we know about the citizen's situation. An absence is documentation, not only a registration."
            )})
    appointment.status, appointment.not_held_reason = Appointment.Status.NOT_HELD, reason
    appointment.not_held_note, appointment.settled_at = (note or "").strip(), timezone.now()
    appointment.save(update_fields=["status", "not_held_reason", "not_held_note", "settled_at"])
    if absent:
        Absence.objects.create(
            municipality=appointment.municipality, citizen=appointment.citizen, appointment=appointment,
            notice=notice, context=context.strip(), contact_attempts=(contact_attempts or "").strip(), recorded_by=staff,
        )
    start = timezone.localtime(appointment.starts_at)
    text = _("%(kind)s %(date)s at %(time)s was not held: %(reason)s.") % {
        "kind": appointment.get_kind_display(), "date": date_format(start, "SHORT_DATE_FORMAT"),
        "time": start.strftime("%H:%M"), "reason": appointment.get_not_held_reason_display().lower(),
    }
    details = [(note or "").strip(), *(_absence_lines(notice, context, contact_attempts) if absent else [])]
    add_journal_note(
        staff=staff, citizen=appointment.citizen, occurred_on=min(timezone.localdate(), start.date()),
        text="\n\n".join([text, *(d for d in details if d)]),
    )
    reminders.cancel(appointment)
    return appointment


@transaction.atomic
def register_afterwards(
    *, staff: StaffMember, citizen: Citizen, started_at: datetime.datetime, duration_minutes: int = 15,
    kind: str = Appointment.Kind.JOBSAMTALE, channel: str = Appointment.Channel.PHONE, agreed="",
    citizen_words: str = "", note: str = "",
) -> ConversationRecord:
    """An acute conversation, held without a booking (an evening call, a meeting on the stairs), registered after."""
    _check_choices(kind, channel)
    started_at = _check_time(started_at, duration_minutes)
    if started_at > timezone.now() + HELD_EARLY_TOLERANCE:
        raise ValidationError({"started_at": _("A conversation registered afterwards has already taken place.")})
    appointment = Appointment.objects.create(
        municipality=citizen.municipality, citizen=citizen, kind=kind, channel=channel, starts_at=started_at,
        ends_at=_ends(started_at, duration_minutes), organiser=staff, booked_by=staff,
        registered_afterwards=True,
    )
    return record_held(staff=staff, appointment=appointment, agreed=agreed, citizen_words=citizen_words, note=note)
