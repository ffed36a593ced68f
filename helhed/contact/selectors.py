"""Reads for appointments, calendars and the outbox, and the 25 % decisions and 75 % figures. Need-to-know is in the
queries."""

import datetime
import math
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from helhed.citizens.access import FULL, Access, active_on, visible_citizens
from helhed.citizens.models import Case, TargetGroupPeriod
from helhed.citizens.selectors import group_on, reasons_for
from helhed.contact.models import (
    Appointment,
    CalendarColleague,
    CalendarFeed,
    Document,
    JournalNote,
    MeetingPlace,
    OutboxMessage,
    QuotaCount,
    QuotaDecision,
    Reminder,
)
from helhed.contact.models.appointments import HELD_EARLY_TOLERANCE
from helhed.contact.models.calendar import MAX_CALENDAR_COLLEAGUES
from helhed.contact.models.feeds import token_hash
from helhed.coordination.models import CaseTeamMember
from helhed.core.models import StaffMember
from helhed.rules.engine import POPULATION_75
from helhed.rules.registry import REGISTRY

RECENT = 10
QUOTA_RULE_SET = "reform2026"  # the 75 % requirement and the 25 % decisions apply under this rule set and its heirs
QUOTA_SHARE = 75  # per cent of the population who must have a contact course


def _with_people(queryset):
    return queryset.select_related("organiser__user", "organiser__unit", "citizen", "meeting_place").prefetch_related(
        Prefetch("other_staff", queryset=StaffMember.objects.select_related("user"))
    )


def takes_part(appointment: Appointment, staff: StaffMember) -> bool:
    return appointment.organiser_id == staff.pk or any(s.pk == staff.pk for s in appointment.other_staff.all())


def may_see_details(appointment: Appointment, access: Access, staff: StaffMember) -> bool:
    """What was said and agreed: for the full record, and for the staff who took part. Other team members see that
    an appointment exists, when, and with whom."""
    return access.level == FULL or takes_part(appointment, staff)


def may_settle(appointment: Appointment, access: Access, staff: StaffMember) -> bool:
    return appointment.is_booked and (access.can_write or (access.can_meet and takes_part(appointment, staff)))


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def citizen_appointments(citizen) -> dict:
    """Booked appointments from today on, and the latest settled ones (held, not held, moved)."""
    start_of_today = _start_of(timezone.localdate())
    appointments = Appointment.objects.filter(citizen=citizen).select_related("organiser__user", "meeting_place")
    booked = list(appointments.filter(status=Appointment.Status.BOOKED))
    return {
        "upcoming": [a for a in booked if a.starts_at >= start_of_today],
        "unsettled": [a for a in booked if a.starts_at < start_of_today],
        "recent": list(appointments.exclude(status=Appointment.Status.BOOKED).order_by("-starts_at")[:RECENT]),
        "held_from": timezone.now() + HELD_EARLY_TOLERANCE,  # appointments that started can be marked held at once
    }


def appointment_detail(citizen, pk: int) -> Appointment | None:
    return (
        _with_people(Appointment.objects.filter(citizen=citizen, pk=pk))
        .select_related("record__journal_note", "absence", "moved_to", "moved_from")
        .prefetch_related("record__agreed")
        .first()
    )


def meeting_places(municipality_id: int) -> list[MeetingPlace]:
    """The municipality's places in use, for booking a conversation at one from the list."""
    return list(MeetingPlace.objects.filter(municipality_id=municipality_id, active=True).order_by("name"))


def week_range(monday: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    return _start_of(monday), _start_of(monday + datetime.timedelta(days=7))


def own_week(staff: StaffMember, monday: datetime.date) -> list[Appointment]:
    """The staff member's appointments in the week, for citizens they still have a reason to see, each citizen
    annotated with that reason (for the read log)."""
    return _own_between(staff, *week_range(monday))


def own_day(staff: StaffMember, day: datetime.date) -> list[Appointment]:
    """The staff member's appointments on `day`, as `own_week` (the worklist's "Today's appointments")."""
    return _own_between(staff, _start_of(day), _start_of(day + datetime.timedelta(days=1)))


def _own_between(staff: StaffMember, start: datetime.datetime, end: datetime.datetime) -> list[Appointment]:
    """Appointments the staff member organises or takes part in that start in [start, end), moved ones left out."""
    visible = visible_citizens(staff).values("pk")
    appointments = list(
        _with_people(
            Appointment.objects.filter(Q(organiser=staff) | Q(other_staff=staff), starts_at__gte=start, starts_at__lt=end)
            .exclude(status=Appointment.Status.NOT_HELD, not_held_reason=Appointment.NotHeldReason.MOVED)
            .filter(citizen__in=visible)
        ).distinct().order_by("starts_at")
    )
    reasons = reasons_for(staff, {a.citizen_id for a in appointments})
    for appointment in appointments:
        appointment.citizen.reason = reasons.get(appointment.citizen_id, "")
    return appointments


@dataclass(frozen=True)
class Busy:
    starts_at: datetime.datetime
    ends_at: datetime.datetime


@dataclass(frozen=True)
class Clash:
    """An appointment that overlaps a new time: the citizen's own (`staff` is None), or one a staff member takes part
    in. Times only: the other citizen is never named."""

    staff: StaffMember | None
    starts_at: datetime.datetime
    ends_at: datetime.datetime


def overlapping(*, citizen, staff_members, starts_at: datetime.datetime, ends_at: datetime.datetime,
                exclude: Appointment | None = None) -> list[Clash]:
    """Booked or held appointments that overlap [starts_at, ends_at): the citizen's, and those each staff member
    organises or takes part in. In two queries. An appointment with this citizen is reported once, as the citizen's."""
    members = {member.pk: member for member in staff_members}
    rows = (
        Appointment.objects.filter(municipality_id=citizen.municipality_id, starts_at__lt=ends_at, ends_at__gt=starts_at,
                                   status__in=[Appointment.Status.BOOKED, Appointment.Status.HELD])
        .filter(Q(citizen=citizen) | Q(organiser_id__in=members) | Q(other_staff__in=members))
        .prefetch_related(Prefetch("other_staff", queryset=StaffMember.objects.only("pk")))
        .distinct().order_by("starts_at")
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    clashes = []
    for appointment in rows:
        if appointment.citizen_id == citizen.pk:
            clashes.append(Clash(None, appointment.starts_at, appointment.ends_at))
            continue
        taking_part = {appointment.organiser_id, *(s.pk for s in appointment.other_staff.all())}
        clashes += [Clash(member, appointment.starts_at, appointment.ends_at)
                    for pk, member in members.items() if pk in taking_part]
    return clashes


def colleague_scope(staff: StaffMember) -> Q:
    """The colleagues whose free and busy times `staff` may choose to see: active staff of the same organisation —
    their own unit, the unit it is part of (a team's department), and the other units under that one (the other
    teams). Never a provider's staff for the kommune's, nor the other way round."""
    top = staff.unit.parent_id or staff.unit_id
    return (Q(municipality_id=staff.municipality_id, user__is_active=True)
            & (Q(unit_id=top) | Q(unit__parent_id=top) | Q(unit__parent__parent_id=top)) & ~Q(pk=staff.pk))


def chosen_colleagues(staff: StaffMember) -> list[StaffMember]:
    """The colleagues `staff` chose to see in the week calendar, by name, in one query. One who has left or moved
    to another organisation drops out."""
    chosen = CalendarColleague.objects.filter(staff=staff).values("colleague_id")
    return list(
        StaffMember.objects.filter(colleague_scope(staff), pk__in=chosen).select_related("user", "unit")
        .order_by("user__first_name", "user__last_name", "pk")[:MAX_CALENDAR_COLLEAGUES]
    )


COLLEAGUE_CHOICES = 30  # colleagues offered at a time on the week page; the others are found by name


def colleague_candidates(staff: StaffMember, *, search: str = "") -> tuple[list[StaffMember], bool]:
    """Colleagues to offer on the week page, in one query: those whose name matches every word of `search`, or,
    without a search, those in the staff member's own unit. At most COLLEAGUE_CHOICES, and whether there are more."""
    rows = StaffMember.objects.filter(colleague_scope(staff))
    words = search.split()
    if words:
        for word in words[:5]:
            # SQLite folds the case of ASCII letters only: "ærenlund" finds "Ærenlund" through its capitalised form.
            match = Q()
            for form in {word, word.lower(), word.capitalize()}:
                match |= Q(user__first_name__icontains=form) | Q(user__last_name__icontains=form)
            rows = rows.filter(match)
    else:
        rows = rows.filter(unit_id=staff.unit_id)
    found = list(rows.select_related("user", "unit").order_by("user__first_name", "user__last_name", "pk")
                 [:COLLEAGUE_CHOICES + 1])
    return found[:COLLEAGUE_CHOICES], len(found) > COLLEAGUE_CHOICES


def busy_days(staff_members, days: list[datetime.date]) -> dict[int, list[list[Busy]]]:
    """Free/busy for each staff member on each of `days` (consecutive), in one query: the booked and held
    appointments they organise or take part in, as times only (never who the citizen is), overlapping or adjoining
    appointments merged into one busy block."""
    start, end = _start_of(days[0]), _start_of(days[-1] + datetime.timedelta(days=1))
    ids = [member.pk for member in staff_members]
    times: dict[int, set] = {pk: set() for pk in ids}
    counted = [Appointment.Status.BOOKED, Appointment.Status.HELD]
    # Two halves in one UNION ALL, each on its own index (organiser and time; the invited staff member): one OR across
    # both would read every appointment in the table.
    organised = Appointment.objects.filter(
        organiser_id__in=ids, starts_at__gte=start, starts_at__lt=end, status__in=counted,
    ).order_by().values_list("organiser_id", "starts_at", "ends_at")
    invited = Appointment.other_staff.through.objects.filter(
        staffmember_id__in=ids, appointment__starts_at__gte=start, appointment__starts_at__lt=end,
        appointment__status__in=counted,
    ).order_by().values_list("staffmember_id", "appointment__starts_at", "appointment__ends_at")
    for member, starts_at, ends_at in organised.union(invited, all=True):
        times[member].add((starts_at, ends_at))
    index = {day: i for i, day in enumerate(days)}
    result = {}
    for pk, slots in times.items():
        per_day = [[] for _ in days]
        for starts_at, ends_at in sorted(slots):
            blocks = per_day[index[timezone.localdate(starts_at)]]
            if blocks and starts_at <= blocks[-1].ends_at:
                blocks[-1] = Busy(blocks[-1].starts_at, max(blocks[-1].ends_at, ends_at))
            else:
                blocks.append(Busy(starts_at, ends_at))
        result[pk] = per_day
    return result


def _own_messages(staff: StaffMember, prefix: str = "") -> Q:
    """Messages to the staff member, and to citizens whose full record they hold or whose appointment they take
    part in (a partner on the team does not read the citizen's reminders)."""
    full = visible_citizens(staff, level=FULL).values("pk")
    appointment = f"{prefix}appointment__"
    return (Q(staff=staff) | Q(citizen__in=full) | Q(**{f"{appointment}organiser": staff})
            | Q(**{f"{appointment}other_staff": staff}))


def outbox(staff: StaffMember, *, limit: int = 100) -> list[OutboxMessage]:
    return list(
        OutboxMessage.objects.filter(_own_messages(staff, "reminder__"), municipality_id=staff.municipality_id)
        .select_related("citizen").distinct()[:limit]
    )


def failed_reminders(staff: StaffMember) -> list[Reminder]:
    return list(
        Reminder.objects.filter(_own_messages(staff), status=Reminder.Status.FAILED, municipality_id=staff.municipality_id)
        .select_related("citizen", "appointment").distinct()[:50]
    )


def next_booked_conversations(citizen_ids) -> dict[int, Appointment]:
    """The next booked job conversation of each citizen, in one query (for the worklist)."""
    result = {}
    for appointment in Appointment.objects.filter(
        citizen_id__in=citizen_ids, kind=Appointment.Kind.JOBSAMTALE, status=Appointment.Status.BOOKED,
        starts_at__gte=timezone.now() - datetime.timedelta(hours=12),
    ).order_by("starts_at"):
        result.setdefault(appointment.citizen_id, appointment)
    return result


FEED_PAST, FEED_AHEAD = datetime.timedelta(days=30), datetime.timedelta(days=365)


def feeds_of(staff: StaffMember):
    return CalendarFeed.objects.filter(staff=staff).order_by("-created_at")


def feed_for_token(token: str) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True).select_related(
        "staff__user", "citizen").first()


def feed_appointments(feed: CalendarFeed):
    """A month back and a year ahead. A staff feed holds only citizens the staff member still has a reason to see
    (a mentor taken off the team drops out); moved appointments are left out (the new one replaces them)."""
    now = timezone.now()
    appointments = Appointment.objects.filter(
        starts_at__gte=now - FEED_PAST, starts_at__lt=now + FEED_AHEAD
    ).exclude(not_held_reason=Appointment.NotHeldReason.MOVED)
    if feed.staff:
        appointments = (
            appointments.filter(organiser=feed.staff) | appointments.filter(other_staff=feed.staff)
        ).filter(citizen__in=visible_citizens(feed.staff).values("pk"))
    else:
        appointments = appointments.filter(citizen=feed.citizen)
    return appointments.select_related("organiser__user", "citizen", "meeting_place").distinct().order_by("starts_at")


def colleagues(staff: StaffMember, citizen):
    """Who can be invited to an appointment: the citizen's current team and responsible caseworker (people with a
    reason to see them), not the organiser."""
    team = CaseTeamMember.objects.filter(citizen=citizen, valid_to__isnull=True, ended_at__isnull=True).values("staff_id")
    responsible = Case.objects.filter(citizen=citizen, status=Case.Status.OPEN).values("responsible_id")
    return (
        StaffMember.objects.filter(municipality_id=staff.municipality_id, user__is_active=True)
        .filter(Q(pk__in=team) | Q(pk__in=responsible))
        .exclude(pk=staff.pk).select_related("user", "unit").order_by("user__first_name")
    )


def first_in_person_held(citizen) -> bool:
    """LAB § 33: the first job conversation is held in person; once one has been, the citizen chooses the channel.
    The one place this is decided (booking, moving and the suggested channel ask here)."""
    return Appointment.objects.filter(citizen=citizen, kind=Appointment.Kind.JOBSAMTALE,
                                      status=Appointment.Status.HELD, channel__in=Appointment.IN_PERSON).exists()


def suggested_channel(citizen, kind: str) -> str:
    """In person until the first in-person job conversation is held; then the channel of the latest held one."""
    if kind != Appointment.Kind.JOBSAMTALE:
        return Appointment.Channel.HOME_VISIT if kind == Appointment.Kind.MENTOR_MEETING else Appointment.Channel.OFFICE
    if not first_in_person_held(citizen):
        return Appointment.Channel.OFFICE
    latest = (
        Appointment.objects.filter(citizen=citizen, kind=kind, status=Appointment.Status.HELD)
        .order_by("-starts_at").values_list("channel", flat=True).first()
    )
    return latest or Appointment.Channel.OFFICE


def journal_notes(citizen, *, limit: int, offset: int = 0) -> list:
    """One page of the journal, newest first, plus one more note to tell whether there are older ones."""
    return list(
        JournalNote.objects.filter(citizen=citizen, superseded_by__isnull=True)
        .select_related("author__user")
        .order_by("-occurred_on", "-created_at", "-pk")[offset : offset + limit + 1]
    )


def documents(citizen) -> list:
    return list(Document.objects.filter(citizen=citizen).select_related("uploaded_by__user")[:50])


# The 25 % decisions and the contact course for at least 75 % (reform 2026, lov nr. 1750 af 29/12/2025).

def quota_starts() -> datetime.date:
    """The first day the 75 % requirement and the 25 % decisions apply: the start of the 2026 reform's rule set."""
    return REGISTRY.rule_sets[QUOTA_RULE_SET].valid_from


def quota_applies_on(day: datetime.date) -> bool:
    return REGISTRY.descends_from(REGISTRY.rule_set_on(day).id, QUOTA_RULE_SET)


def in_quota_population(citizen, day: datetime.date) -> bool:
    """Dagpenge, jobparat kontanthjælp or ledighedsydelse (target groups 1, 2, 9) on `day`, from the reform on — or
    a decision is still open, so that it can be ended after the citizen has changed group."""
    if not quota_applies_on(day):
        return False
    return (group_on(citizen, day) in POPULATION_75
            or QuotaDecision.objects.filter(citizen=citizen, valid_to__isnull=True).exists())


def quota_decision_on(citizen, day: datetime.date) -> QuotaDecision | None:
    return (QuotaDecision.objects.filter(active_on(day), citizen=citizen)
            .select_related("decided_by__user", "ended_by__user").first())


def quota_decisions(citizen) -> list[QuotaDecision]:
    """Every decision about the citizen, newest first (those in force, ahead and ended)."""
    return list(QuotaDecision.objects.filter(citizen=citizen).select_related("decided_by__user", "ended_by__user"))


@dataclass(frozen=True)
class QuotaFigures:
    """Counts for one organisation unit, or the whole municipality (`unit_id` None)."""

    name: str
    population: int
    exempted: int
    unit_id: int | None = None

    @property
    def covered(self) -> int:
        return self.population - self.exempted

    @property
    def share(self) -> float | None:
        """Covered in per cent, rounded down to one decimal (74.96 % shows as 74.9, never as a met 75.0)."""
        return math.floor(self.covered * 1000 / self.population) / 10 if self.population else None

    @property
    def meets(self) -> bool | None:
        """At least 75 % covered (integer arithmetic: no rounding decides it); None without a population."""
        return self.covered * 100 >= QUOTA_SHARE * self.population if self.population else None


def contact_quota(municipality_id: int, day: datetime.date) -> tuple[list[QuotaFigures], QuotaFigures]:
    """Per organisation unit and for the municipality: the citizens with an open case in target group 1, 2 or 9 on
    `day` (the population), and how many of them a 25 % decision covers on `day`. Counts only: no citizen is named.

    Counting means reading every open case of the municipality, so the figures are kept in `QuotaCount` and counted
    again only after a write that can change them (`contact.quota_counts`), on a new day, or after an hour."""
    kept, _created = QuotaCount.objects.get_or_create(municipality_id=municipality_id)
    now = timezone.now()
    if (kept.computed_generation == kept.generation and kept.day == day and kept.computed_at
            and now - kept.computed_at < QuotaCount.MAX_AGE):
        units = [QuotaFigures(*row) for row in kept.units]
    else:
        units = count_contact_quota(municipality_id, day)
        # Stored only if no write bumped the generation meanwhile (that write's figures may be missing here).
        QuotaCount.objects.filter(pk=kept.pk, generation=kept.generation).update(
            computed_generation=kept.generation, day=day, computed_at=now,
            units=[[u.name, u.population, u.exempted, u.unit_id] for u in units])
    total = QuotaFigures("", sum(u.population for u in units), sum(u.exempted for u in units))
    return units, total


def count_contact_quota(municipality_id: int, day: datetime.date) -> list[QuotaFigures]:
    """The figures of `contact_quota`, counted in one query. A citizen counts in the unit of the caseworker
    responsible for their open case."""
    in_population = TargetGroupPeriod.objects.filter(active_on(day), citizen=OuterRef("citizen_id"),
                                                     group__in=POPULATION_75)
    exempted = QuotaDecision.objects.filter(active_on(day), citizen=OuterRef("citizen_id"))
    rows = (
        Case.objects.filter(Exists(in_population), municipality_id=municipality_id, status=Case.Status.OPEN)
        .values("responsible__unit_id", "responsible__unit__name")
        .annotate(population=Count("pk"), exempted=Count("pk", filter=Exists(exempted)))
        .order_by("responsible__unit__name", "responsible__unit_id")
    )
    return [QuotaFigures(row["responsible__unit__name"], row["population"], row["exempted"],
                         row["responsible__unit_id"]) for row in rows]
