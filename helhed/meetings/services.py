"""Changes to meetings: external participants, holding a meeting (the minutes go to the record and to the citizen),
and actions done."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.contact.messaging import Message, get_backend
from helhed.contact.models import JournalNote
from helhed.contact.models.reminders import Channel
from helhed.contact.services.journal import add_journal_note
from helhed.core.models import StaffMember
from helhed.core.validation import field_text
from helhed.meetings import selectors
from helhed.meetings.models import Action, ExternalParticipant, Meeting, Task, TaskMessage


def add_external(*, staff: StaffMember, citizen, name: str, kind: str, organisation: str = "",
                 reach: str = "") -> ExternalParticipant:
    if kind not in ExternalParticipant.Kind.values:
        raise ValidationError({"kind": _("Choose who they are.")})
    return ExternalParticipant.objects.create(
        municipality_id=citizen.municipality_id, citizen=citizen, name=field_text(name, "name", required=True, max_length=200),
        kind=kind, organisation=field_text(organisation, "organisation", max_length=200),
        reach=field_text(reach, "reach", max_length=300), added_by=staff)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@transaction.atomic
def hold_meeting(*, staff: StaffMember, citizen, held_on: datetime.date, citizen_points: str, other_points: str = "",
                 staff_members=(), externals=(), citizen_present: bool = True, bisidder: str = "",
                 decisions: str = "", minutes: str, actions=()) -> Meeting:
    """Record a held meeting. `actions` are dicts {text, owner, due}; owner is "staff:<pk>", "external:<pk>" or
    "citizen". Only those who may take part can be participants or owners."""
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Record the meeting when it has been held.")})
    allowed = {s.pk for s, _reason in selectors.participants(citizen)[0]}
    chosen = [s for s in staff_members]
    refused = [s.full_name for s in chosen if s.pk not in allowed]
    if refused:
        raise ValidationError({"staff_members": _("%(names)s cannot take part: no reason to see the citizen.")
                               % {"names": ", ".join(refused)}})
    own_externals = set(ExternalParticipant.objects.filter(citizen=citizen).values_list("pk", flat=True))
    if any(e.pk not in own_externals for e in externals):
        raise ValidationError({"externals": _("Choose the citizen's own external participants.")})
    agenda = ([{"text": t, "by_citizen": True} for t in _lines(citizen_points)]
              + [{"text": t, "by_citizen": False} for t in _lines(other_points)])
    if not agenda:
        raise ValidationError({"citizen_points": _("Write the agenda: the citizen's own points first.")})
    meeting = Meeting.objects.create(
        municipality_id=citizen.municipality_id, citizen=citizen, held_on=held_on, organiser=staff, agenda=agenda,
        citizen_present=bool(citizen_present), bisidder=field_text(bisidder, "bisidder", max_length=200),
        decisions=field_text(decisions, "decisions"), minutes=field_text(minutes, "minutes", required=True))
    meeting.staff.set(chosen)
    meeting.externals.set(externals)
    participants = {f"staff:{s.pk}": s for s in chosen} | {f"external:{e.pk}": e for e in externals}
    for row in actions:
        text, owner, due = field_text(row.get("text"), "actions", max_length=500), row.get("owner", ""), row.get("due")
        if not text:
            continue
        if owner != "citizen" and owner not in participants:
            raise ValidationError({"actions": _("Each action needs an owner who took part, or the citizen.")})
        if due is None or due < held_on:
            raise ValidationError({"actions": _("Each action needs a deadline on or after the meeting.")})
        Action.objects.create(
            municipality_id=citizen.municipality_id, citizen=citizen, meeting=meeting, text=text, due=due,
            owner_staff=participants[owner] if owner.startswith("staff:") else None,
            owner_external=participants[owner] if owner.startswith("external:") else None,
            owner_citizen=owner == "citizen")
    add_journal_note(staff=staff, citizen=citizen, kind=JournalNote.Kind.COORDINATION, occurred_on=held_on,
                     text=_minutes_text(meeting))
    get_backend().send(Message(
        key=uuid.uuid5(uuid.NAMESPACE_URL, f"helhed:meeting-minutes:{meeting.pk}"),
        municipality_id=citizen.municipality_id, channel=Channel.DIGITAL_POST, address="", language="da",
        subject=_("Minutes of our meeting on %(day)s") % {"day": held_on.strftime("%d.%m.%Y")},
        body=_minutes_text(meeting), citizen_id=citizen.pk))
    return meeting


def _minutes_text(meeting: Meeting) -> str:
    lines = [_("Coordination meeting %(day)s.") % {"day": meeting.held_on.strftime("%d.%m.%Y")}, "",
             _("Agenda (your points first):")]
    lines += [f"- {item['text']}" for item in meeting.agenda]
    lines += ["", meeting.minutes]
    if meeting.decisions:
        lines += ["", _("Decided:"), meeting.decisions]
    actions = list(meeting.actions.select_related("owner_staff__user", "owner_external", "citizen"))
    if actions:
        lines += ["", _("Who does what, and by when:")]
        lines += [f"- {a.text} – {a.owner_name}, {a.due.strftime('%d.%m.%Y')}" for a in actions]
    return "\n".join(lines)


def mark_done(*, staff: StaffMember, action: Action) -> Action:
    if action.done_at:
        raise ValidationError(_("The action is done already."))
    action.done_at, action.done_by = timezone.now(), staff
    action.save(update_fields=["done_at", "done_by"])
    return action


@transaction.atomic
def start_task(*, staff: StaffMember, citizen, subject: str, owner: StaffMember, text: str,
               due: datetime.date | None = None) -> Task:
    if owner.pk not in {s.pk for s, _reason in selectors.participants(citizen)[0]} and owner.pk != staff.pk:
        raise ValidationError({"owner": _("The owner must have a reason to see the citizen.")})
    if due is not None and due < timezone.localdate():
        raise ValidationError({"due": _("The deadline cannot be in the past.")})
    task = Task.objects.create(municipality_id=citizen.municipality_id, citizen=citizen, owner=owner, due=due,
                               subject=field_text(subject, "subject", required=True, max_length=200), created_by=staff)
    TaskMessage.objects.create(municipality_id=citizen.municipality_id, citizen=citizen, task=task, author=staff,
                               text=field_text(text, "text", required=True))
    return task


def reply(*, staff: StaffMember, task: Task, text: str) -> TaskMessage:
    if task.done_at:
        raise ValidationError(_("The task is done; start a new one."))
    return TaskMessage.objects.create(municipality_id=task.municipality_id, citizen_id=task.citizen_id, task=task,
                                      author=staff, text=field_text(text, "text", required=True))


def close_task(*, staff: StaffMember, task: Task) -> Task:
    if task.done_at:
        raise ValidationError(_("The task is done already."))
    task.done_at = timezone.now()
    task.save(update_fields=["done_at"])
    return task


def hand_over(membership) -> None:
    """A new member of the team is handed what they need to start: where the citizen's story and the shared plan
    are (the story opens first the first time they open the citizen), and the open tasks and actions."""
    citizen, member = membership.citizen, membership.staff
    tasks = list(Task.objects.filter(citizen=citizen, done_at__isnull=True).order_by("due", "pk")[:10])
    actions = list(Action.objects.filter(citizen=citizen, done_at__isnull=True).select_related(
        "owner_staff__user", "owner_external", "citizen").order_by("due", "pk")[:10])
    lines = [_("You have joined the team around %(name)s.") % {"name": citizen.full_name}, "",
             _("When you open the citizen, the citizen's own story (\"Min historie\") is shown first; the shared plan, "
               "with every helper's part, is on the citizen's page.")]
    if tasks or actions:
        lines += ["", _("Open tasks and actions:")]
        lines += [f"- {t.subject} ({t.owner.full_name})" for t in tasks]
        lines += [f"- {a.text} ({a.owner_name}, {a.due.strftime('%d.%m.%Y')})" for a in actions]
    get_backend().send(Message(
        key=uuid.uuid5(uuid.NAMESPACE_URL, f"helhed:handover:{membership.pk}"),
        municipality_id=citizen.municipality_id, channel=Channel.EMAIL, address=member.user.email or "",
        language="da", subject=_("Handover: %(name)s") % {"name": citizen.full_name}, body="\n".join(lines),
        staff_id=member.pk))
