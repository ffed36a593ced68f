"""The coordinating caseworker's desk: the citizens they coordinate, set apart from those they carry as caseworker,
each with the duties of the role (domain.md § 7) as a living checklist. A handful of grouped queries for the whole
list, whatever its length."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.utils import timezone

from helhed.citizens.models import Case
from helhed.contact.models import Appointment
from helhed.coordination.models import CaseTeamMember, CoordinatorOffer
from helhed.coordination.selectors import current_members
from helhed.meetings.models import Action, ExternalParticipant, Meeting

MEETING_EVERY = datetime.timedelta(days=90)  # a coordination meeting at least each quarter (Helhed's practice)


@dataclass
class DeskRow:
    citizen: object
    people: int = 0
    units: int = 0
    externals: int = 0
    last_meeting: object = None
    citizen_took_part: bool = False
    citizen_points: bool = False
    next_meeting: object = None
    open_actions: int = 0
    overdue_actions: int = 0
    offer: object = None
    attention: list = field(default_factory=list)


PAGE_SIZE = 25


def coordinated(staff, *, page_number=None, today=None):
    """One page of the citizens the staff member coordinates (by name), each with its checklist, and the page."""
    today = today or timezone.localdate()
    all_ids = (current_members(today).filter(staff=staff, role=CaseTeamMember.TeamRole.COORDINATING_CASEWORKER)
               .order_by("citizen__last_name", "citizen__first_name", "citizen_id").values_list("citizen_id", flat=True))
    page = Paginator(all_ids, PAGE_SIZE).get_page(page_number)
    ids = list(page.object_list)
    rows = {}
    for member in (current_members(today).filter(citizen_id__in=ids).select_related("citizen")
                   .order_by("citizen__last_name", "citizen__first_name")):
        rows.setdefault(member.citizen_id, DeskRow(member.citizen))
    units = defaultdict(set)
    for citizen_id, staff_id, unit_id in current_members(today).filter(citizen_id__in=ids).values_list(
            "citizen_id", "staff_id", "organisation_id"):
        rows[citizen_id].people += 1
        units[citizen_id].add(unit_id)
    for citizen_id, unit_id in Case.objects.filter(citizen_id__in=ids, status=Case.Status.OPEN).values_list(
            "citizen_id", "responsible__unit_id"):
        rows[citizen_id].people += 1
        units[citizen_id].add(unit_id)
    for citizen_id, found in units.items():
        rows[citizen_id].units = len(found)
    for citizen_id in ExternalParticipant.objects.filter(citizen_id__in=ids).values_list("citizen_id", flat=True):
        rows[citizen_id].externals += 1
    for meeting in Meeting.objects.filter(citizen_id__in=ids).order_by("held_on", "pk").only(
            "citizen_id", "held_on", "citizen_present", "agenda"):
        row = rows[meeting.citizen_id]
        row.last_meeting, row.citizen_took_part = meeting.held_on, meeting.citizen_present
        row.citizen_points = any(item.get("by_citizen") for item in meeting.agenda)
    for citizen_id, starts_at in (Appointment.objects.filter(
            citizen_id__in=ids, kind=Appointment.Kind.COORDINATION_MEETING, status=Appointment.Status.BOOKED,
            starts_at__gte=timezone.now()).order_by("-starts_at").values_list("citizen_id", "starts_at")):
        rows[citizen_id].next_meeting = starts_at
    for citizen_id, due in Action.objects.filter(citizen_id__in=ids, done_at__isnull=True).values_list(
            "citizen_id", "due"):
        rows[citizen_id].open_actions += 1
        rows[citizen_id].overdue_actions += due < today
    for offer in CoordinatorOffer.objects.filter(citizen_id__in=ids).order_by("offered_on", "pk"):
        rows[offer.citizen_id].offer = offer
    for row in rows.values():
        if row.next_meeting is None and (row.last_meeting is None or today - row.last_meeting > MEETING_EVERY):
            row.attention.append("meeting")
        if row.overdue_actions:
            row.attention.append("actions")
        if row.last_meeting and not (row.citizen_took_part and row.citizen_points):
            row.attention.append("citizen")
        if row.offer is None or not row.offer.answer:
            row.attention.append("offer")
    return [rows[pk] for pk in ids if pk in rows], page


CARRIED_SHOWN = 25


def carried(staff):
    """The first of the citizens the staff member carries as responsible caseworker and does not coordinate, and
    how many there are (the rest are in "Mine borgere")."""
    today = timezone.localdate()
    coordinating = current_members(today).filter(staff=staff, role=CaseTeamMember.TeamRole.COORDINATING_CASEWORKER)
    cases = (Case.objects.filter(responsible=staff, status=Case.Status.OPEN)
             .exclude(citizen_id__in=coordinating.values("citizen_id")))
    return list(cases.select_related("citizen").order_by("citizen__last_name", "citizen__first_name")[:CARRIED_SHOWN]), \
        cases.count()
