"""Reads for the outreach office: who may see names, the office's day, the local target group, and the report's
figures. Every figure shown to someone who may not see the citizens is a `core.figures` cell (1–4 suppressed)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.citizens.access import active_on, valid_consent_q
from helhed.citizens.models import BenefitPeriod, Citizen, Consent, TargetGroup, TargetGroupPeriod
from helhed.contact.models import Appointment
from helhed.core.figures import Table, people, share
from helhed.core.models import Role, StaffMember
from helhed.offers.models import Offer
from helhed.outreach.models import Attendance, DropIn, Group, GroupSession, OutreachOffice
from helhed.plans.models import Score

# Roles that may see citizens' names on the outreach pages (for the citizens they have a reason to see). A partner
# (the housing social plan's staff and leader) sees aggregates only, whatever else they may see in a case file.
NAME_ROLES = frozenset({Role.CASEWORKER, Role.COORDINATING_CASEWORKER, Role.JOB_BROKER, Role.MENTOR, Role.TEAM_LEADER})
OFFICE_ROLES = NAME_ROLES | {Role.PARTNER}
# Who runs the office's work: registers drop-ins, creates groups and sessions, registers attendance.
ORGANISER_ROLES = frozenset({Role.CASEWORKER, Role.COORDINATING_CASEWORKER, Role.JOB_BROKER, Role.MENTOR})


def sees_names(staff: StaffMember) -> bool:
    return bool(set(staff.role_codes()) & NAME_ROLES)


def organises(staff: StaffMember) -> bool:
    return bool(set(staff.role_codes()) & ORGANISER_ROLES)


def offices_for(staff: StaffMember):
    """The municipality's outreach offices; a partner who sees no names sees the offices of their own unit only."""
    offices = OutreachOffice.objects.filter(municipality_id=staff.municipality_id).select_related(
        "place", "housing_plan")
    if not sees_names(staff):
        offices = offices.filter(housing_plan_id=staff.unit_id)
    return offices


def groups_for(staff: StaffMember):
    groups = Group.objects.filter(municipality_id=staff.municipality_id).select_related(
        "office__place", "facilitator__user", "partner")
    if not sees_names(staff):
        groups = groups.filter(Q(office__housing_plan_id=staff.unit_id) | Q(partner_id=staff.unit_id))
    return groups


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    return start, timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))


def _period_bounds(start: datetime.date, end: datetime.date):
    return _day_bounds(start)[0], _day_bounds(end)[1]


def appointments_on(office: OutreachOffice, day: datetime.date) -> list[Appointment]:
    """The conversations booked at the office on `day`, by anyone (moved ones left out)."""
    start, end = _day_bounds(day)
    return list(Appointment.objects.filter(meeting_place_id=office.place_id, starts_at__gte=start, starts_at__lt=end)
                .exclude(not_held_reason=Appointment.NotHeldReason.MOVED)
                .select_related("citizen", "organiser__user").order_by("starts_at"))


def drop_ins_on(office: OutreachOffice, day: datetime.date) -> list[DropIn]:
    return list(DropIn.objects.filter(office=office, on=day).select_related("citizen", "registered_by__user"))


def area_residents(office: OutreachOffice, day: datetime.date | None = None):
    """The local target group: residents of the office's area (its postal codes, and its streets if any are given)
    who receive a benefit on `day` (an open benefit period)."""
    day = day or timezone.localdate()
    codes = office.postal_codes
    if not codes:
        return Citizen.objects.none()
    residents = Citizen.objects.filter(municipality_id=office.municipality_id, postal_code__in=codes)
    streets = office.streets
    if streets:
        on_street = Q()
        for street in streets:
            on_street |= Q(address__istartswith=f"{street} ")
        residents = residents.filter(on_street)
    on_benefit = BenefitPeriod.objects.filter(active_on(day), citizen=OuterRef("pk"))
    return residents.filter(Exists(on_benefit))


def housing_consents(office: OutreachOffice, citizen_ids, day: datetime.date | None = None) -> set[int]:
    """Of `citizen_ids`, those with a valid consent to share data with the office's housing social plan."""
    if office.housing_plan_id is None:
        return set()
    return set(Consent.objects.filter(valid_consent_q(day or timezone.localdate()), citizen_id__in=citizen_ids,
                                      recipient_unit_id=office.housing_plan_id).values_list("citizen_id", flat=True))


def sessions_of(group: Group):
    return group.sessions.all()


@dataclass
class Period:
    start: datetime.date
    end: datetime.date


def default_period(today: datetime.date | None = None) -> Period:
    """The last 12 months, today included."""
    today = today or timezone.localdate()
    try:
        start = today.replace(year=today.year - 1) + datetime.timedelta(days=1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28) + datetime.timedelta(days=1)
    return Period(start, today)


@dataclass
class Figures:
    """The effort at one office in a period, counted once and shown in the funder's and the jobcentre's terms."""

    office: OutreachOffice
    period: Period
    held: list = field(default_factory=list)  # (citizen_id, day) per held conversation at the office
    drop_in_total: int = 0
    drop_in_anonymous: int = 0
    drop_in_citizens: set = field(default_factory=set)
    drop_ins_by_topic: dict = field(default_factory=dict)
    groups: int = 0
    sessions: int = 0
    sessions_by_kind: dict = field(default_factory=dict)
    attendances: list = field(default_factory=list)  # (citizen_id, group kind)
    anonymous_attendances: int = 0
    anonymous_by_kind: dict = field(default_factory=dict)
    local_target_group: int = 0

    @property
    def in_contact(self) -> set[int]:
        """Residents known by name who were in contact: a held conversation, a named drop-in or a group session."""
        return {c for c, _day in self.held} | self.drop_in_citizens | {c for c, _kind in self.attendances}


def figures(office: OutreachOffice, period: Period) -> Figures:
    start, end = _period_bounds(period.start, period.end)
    result = Figures(office=office, period=period)
    result.held = list(Appointment.objects.filter(
        meeting_place_id=office.place_id, status=Appointment.Status.HELD, starts_at__gte=start, starts_at__lt=end,
    ).values_list("citizen_id", "starts_at"))
    drop_ins = DropIn.objects.filter(office=office, on__gte=period.start, on__lte=period.end)
    by_topic = defaultdict(int)
    for topic, count, citizen_id in drop_ins.values_list("topic", "count", "citizen_id"):
        by_topic[topic] += count
        result.drop_in_total += count
        if citizen_id:
            result.drop_in_citizens.add(citizen_id)
        else:
            result.drop_in_anonymous += count
    result.drop_ins_by_topic = dict(by_topic)
    sessions = GroupSession.objects.filter(group__office=office, starts_at__gte=start, starts_at__lt=end)
    result.sessions = sessions.count()
    result.groups = sessions.values("group_id").distinct().count()
    by_kind, anonymous = defaultdict(int), defaultdict(int)
    for kind, anonymous_count in sessions.values_list("group__kind", "anonymous_count"):
        by_kind[kind] += 1
        anonymous[kind] += anonymous_count
    result.sessions_by_kind, result.anonymous_by_kind = dict(by_kind), dict(anonymous)
    result.anonymous_attendances = sum(anonymous.values())
    result.attendances = list(Attendance.objects.filter(session__in=sessions).values_list(
        "citizen_id", "session__group__kind"))
    result.local_target_group = area_residents(office, period.end).count()
    return result


def _progressed(citizen_ids, period: Period) -> tuple[int, int]:
    """Of the citizens, how many were scored at least twice in the period, and how many of them scored higher (on
    average over the items) the last time than the first."""
    means = defaultdict(lambda: defaultdict(list))
    rows = Score.objects.filter(scoring__citizen_id__in=citizen_ids, scoring__scored_on__gte=period.start,
                                scoring__scored_on__lte=period.end).values_list(
        "scoring__citizen_id", "scoring__scored_on", "scoring_id", "value")
    for citizen_id, day, scoring_id, value in rows:
        means[citizen_id][(day, scoring_id)].append(value)
    measured = progressed = 0
    for scorings in means.values():
        if len(scorings) < 2:
            continue
        ordered = [sum(v) / len(v) for _key, v in sorted(scorings.items())]
        measured += 1
        progressed += ordered[-1] > ordered[0]
    return measured, progressed


def _into_job(citizen_ids, period: Period) -> set[int]:
    return set(Offer.objects.filter(citizen_id__in=citizen_ids, ended_on__gte=period.start, ended_on__lte=period.end,
                                    outcome__in=[Offer.Outcome.HIRED, Offer.Outcome.ORDINARY_HOURS])
               .values_list("citizen_id", flat=True))


def _self_supporting(citizen_ids, period: Period) -> set[int]:
    return set(TargetGroupPeriod.objects.filter(
        citizen_id__in=citizen_ids, group=TargetGroup.SELVFORSOERGENDE, valid_from__gte=period.start,
        valid_from__lte=period.end).values_list("citizen_id", flat=True))


def housing_plan_tables(data: Figures) -> list[Table]:
    """The housing social plan's report, in the categories of a boligsocial helhedsplan funded by Landsbyggefonden
    (the employment and education area: contacts, activities, participants, progression, into job or education)."""
    period, in_contact = data.period, data.in_contact
    # Groups and sessions are counts of activities, not people, but a small one is suppressed as well: in a housing
    # area "one session of the depression group" says too much together with the rest of the report.
    title = _("Housing social plan: employment and education")
    contacts = Table(_("Contacts with residents"), [_("Indicator"), _("Number")],
                     note=_("Counts from 1 to 4 are shown as “< 5”, so that no resident can be recognised."))
    contacts.add(_("Local target group: residents of the area on benefit"), people(data.local_target_group))
    contacts.add(_("Contacts in all"), people(len(data.held) + data.drop_in_total + len(data.attendances)
                                              + data.anonymous_attendances))
    contacts.add(_("Conversations held at the office"), people(len(data.held)))
    contacts.add(_("Drop-in contacts"), people(data.drop_in_total))
    contacts.add(_("of which anonymous"), people(data.drop_in_anonymous))
    contacts.add(_("Residents in contact, known by name"), people(len(in_contact)))

    activities = Table(_("Activities and participants"), [_("Indicator"), _("Number")])
    activities.add(_("Group activities with sessions"), people(data.groups))
    activities.add(_("Sessions held"), people(data.sessions))
    activities.add(_("Participants registered by name"), people(len({c for c, _k in data.attendances})))
    activities.add(_("Attendances by registered participants"), people(len(data.attendances)))
    activities.add(_("Attendances without registration"), people(data.anonymous_attendances))

    measured, progressed = _progressed(in_contact, period)
    job, self_supporting = _into_job(in_contact, period), _self_supporting(in_contact, period)
    effect = Table(_("Progression and into job or education"), [_("Indicator"), _("Number"),
                                                                  _("Share of residents in contact")])
    effect.add(_("Progression measured at least twice"), people(measured), share(measured, len(in_contact)))
    effect.add(_("of whom progressed"), people(progressed), share(progressed, len(in_contact)))
    effect.add(_("Into a job or ordinary hours"), people(len(job)), share(len(job), len(in_contact)))
    effect.add(_("Became self-supporting"), people(len(self_supporting)), share(len(self_supporting), len(in_contact)))
    either = job | self_supporting
    effect.add(_("Into job or education, in all"), people(len(either)), share(len(either), len(in_contact)))
    for table in (contacts, activities, effect):
        table.title = f"{title} – {table.title}"
    return [contacts, activities, effect]


def _group_on(periods_by_citizen, citizen_id, day) -> str:
    for period in periods_by_citizen.get(citizen_id, ()):
        if period.covers(day):
            return period.group
    return ""


def jobcentre_tables(data: Figures) -> list[Table]:
    """The same effort in the jobcentre's figures: conversations held by target group, offers started, drop-ins by
    topic, and the group activities."""
    period, in_contact = data.period, data.in_contact
    periods = defaultdict(list)
    for row in TargetGroupPeriod.objects.filter(citizen_id__in=in_contact | {c for c, _d in data.held}).only(
            "citizen_id", "group", "valid_from", "valid_to"):
        periods[row.citizen_id].append(row)
    conversations, citizens = defaultdict(int), defaultdict(set)
    for citizen_id, starts_at in data.held:
        group = _group_on(periods, citizen_id, timezone.localdate(starts_at))
        conversations[group] += 1
        citizens[group].add(citizen_id)
    offers = Offer.objects.filter(citizen_id__in=in_contact, start__gte=period.start, start__lte=period.end)
    offer_citizens = defaultdict(set)
    offers_by_group = defaultdict(set)
    for citizen_id, kind, start in offers.values_list("citizen_id", "kind", "start"):
        offer_citizens[kind].add(citizen_id)
        offers_by_group[_group_on(periods, citizen_id, start)].add(citizen_id)

    title = _("Jobcentre")
    by_group = Table(_("Conversations held at the office, by target group"),
                     [_("Target group"), _("Conversations held"), _("Citizens"), _("Citizens with an offer started")])
    labels = dict(TargetGroup.choices)
    for group in [g for g in TargetGroup.values if g in conversations or g in offers_by_group] + (
            [""] if "" in conversations or "" in offers_by_group else []):
        by_group.add(labels.get(group, _("No target group")), people(conversations.get(group, 0)),
                     people(len(citizens.get(group, ()))), people(len(offers_by_group.get(group, ()))))
    by_kind = Table(_("Offers started for residents in contact"), [_("Offer"), _("Citizens")])
    for kind, label in Offer.Kind.choices:
        if kind in offer_citizens:
            by_kind.add(label, people(len(offer_citizens[kind])))
    topics = Table(_("Drop-in contacts by topic"), [_("Topic"), _("Contacts")])
    for topic, label in DropIn.Topic.choices:
        if topic in data.drop_ins_by_topic:
            topics.add(label, people(data.drop_ins_by_topic[topic]))
    groups = Table(_("Group activities"), [_("Kind"), _("Sessions"), _("Participants registered by name"),
                                           _("Attendances without registration")])
    participants = defaultdict(set)
    for citizen_id, kind in data.attendances:
        participants[kind].add(citizen_id)
    for kind, label in Group.Kind.choices:
        if kind in data.sessions_by_kind:
            groups.add(label, people(data.sessions_by_kind[kind]), people(len(participants.get(kind, ()))),
                       people(data.anonymous_by_kind.get(kind, 0)))
    for table in (by_group, by_kind, topics, groups):
        table.title = f"{title} – {table.title}"
    return [by_group, by_kind, topics, groups]


def office_counts(office: OutreachOffice, day: datetime.date) -> dict:
    """The office's day in counts, for the viewers who see no names."""
    start, end = _day_bounds(day)
    return {
        "appointments_today": people(Appointment.objects.filter(
            meeting_place_id=office.place_id, starts_at__gte=start, starts_at__lt=end).exclude(
            not_held_reason=Appointment.NotHeldReason.MOVED).count()),
        "drop_ins_today": people(DropIn.objects.filter(office=office, on=day).aggregate(n=Sum("count"))["n"] or 0),
    }
