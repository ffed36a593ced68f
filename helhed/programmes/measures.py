"""The programme's figures: what the group has received, the small steps and progression, and the job targets, now
and at the end of each month of the programme.

Definitions (each is what the dashboard says under the figure):

- *enrolled*: members enrolled on or before the day (members who left still count: the funder measures the group).
- *visited / job broker / plan / first step*: the dated marking on the enrolment is on or before the day.
- *progression measured*: a progression scoring dated from enrolment to the day. *Progressed*: the mean score of the
  latest such scoring is higher than the first's (members with two or more).
- *small steps*: a small step noted from enrolment to the day.
- *in a placement*: a company internship or wage subsidy runs on the day.
- *in a placement or ordinary hours for at least N months*: one company internship, wage subsidy or ordinary-hours
  offer that has run N whole months after enrolment by the day; an offer that ended in a hire or ordinary hours
  counts as going on (the citizen is then in ordinary hours). Offers that were over before enrolment do not count.
- *paid hours in a month*: a wage subsidy or ordinary-hours offer runs some day of the month, or an offer ended in a
  hire or ordinary hours in that month or before (after enrolment). Education is not recorded in Helhed, so FSM 2's
  "or education" is not counted.

Everything is read as plain rows (no model instances) and summed in one pass per member, so a programme of 27,000
members at 100,000 citizens costs a few hundred milliseconds (bench/README.md).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.core.figures import Table, people, share
from helhed.offers.models import Offer
from helhed.plans.models import Scoring, SmallStep
from helhed.programmes.models import Enrolment, Programme, Target
from helhed.rules.calendar import add_months

K = Offer.Kind
PLACEMENT_KINDS = frozenset({K.INTERNSHIP, K.WAGE_SUBSIDY_PRIVATE, K.WAGE_SUBSIDY_PUBLIC})
WORK_KINDS = PLACEMENT_KINDS | {K.ORDINARY_HOURS}
PAID_KINDS = frozenset({K.WAGE_SUBSIDY_PRIVATE, K.WAGE_SUBSIDY_PUBLIC, K.ORDINARY_HOURS})
INTO_WORK = frozenset({Offer.Outcome.HIRED, Offer.Outcome.ORDINARY_HOURS})
FAR_FUTURE = datetime.date(9999, 12, 31)


def month_key(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def month_end(key: int) -> datetime.date:
    year, month = divmod(key, 12)
    return add_months(datetime.date(year, month + 1, 1), 1) - datetime.timedelta(days=1)


@dataclass
class Member:
    enrolled_on: datetime.date
    visited_on: datetime.date | None
    job_broker_on: datetime.date | None
    plan_on: datetime.date | None
    first_step_on: datetime.date | None
    scorings: list = field(default_factory=list)  # (day, mean score)
    steps: list = field(default_factory=list)  # days of small steps
    placements: list = field(default_factory=list)  # (start, last day) of placements
    in_work_from: dict = field(default_factory=dict)  # months N -> the first day N months of work were reached
    paid_months: set = field(default_factory=set)  # month keys with paid hours
    paid_from: int | None = None  # a month key from which the member is in ordinary hours (a hire), or None


def _members(programme: Programme, months_wanted: set[int]) -> dict[int, Member]:
    members = {citizen_id: Member(*dates) for citizen_id, *dates in Enrolment.objects.filter(
        programme=programme).values_list("citizen_id", "enrolled_on", "visited_on", "job_broker_on", "plan_on",
                                         "first_step_on")}
    ids = Enrolment.objects.filter(programme=programme).values("citizen_id")
    for citizen_id, day, mean in (Scoring.objects.filter(citizen_id__in=ids).annotate(mean=Avg("scores__value"))
                                  .values_list("citizen_id", "scored_on", "mean").order_by("scored_on", "pk")):
        member = members[citizen_id]
        if day >= member.enrolled_on:
            member.scorings.append((day, mean))
    for citizen_id, day in SmallStep.objects.filter(citizen_id__in=ids).values_list("citizen_id", "happened_on"):
        if day >= members[citizen_id].enrolled_on:
            members[citizen_id].steps.append(day)
    offers = Offer.objects.filter(citizen_id__in=ids, kind__in=WORK_KINDS).values_list(
        "citizen_id", "kind", "start", "end", "ended_on", "outcome")
    for citizen_id, kind, start, end, ended_on, outcome in offers:
        _add_offer(members[citizen_id], kind, start, ended_on or end, ended_on if outcome in INTO_WORK else None,
                   months_wanted)
    return members


def _add_offer(member: Member, kind, start, last_day, hired_on, months_wanted):
    last_day = last_day or FAR_FUTURE
    if last_day < member.enrolled_on:
        return  # over before the citizen joined: not the programme's (a hire before it is not counted either)
    if kind in PLACEMENT_KINDS:
        member.placements.append((start, last_day))
    begins = max(start, member.enrolled_on)
    runs_until = FAR_FUTURE if hired_on else last_day
    for months in months_wanted:
        reached = add_months(begins, months) - datetime.timedelta(days=1)
        if reached <= runs_until and reached < member.in_work_from.get(months, FAR_FUTURE):
            member.in_work_from[months] = reached
    if kind in PAID_KINDS:
        first = month_key(max(start, member.enrolled_on))
        last = month_key(min(last_day, FAR_FUTURE - datetime.timedelta(days=1)))
        member.paid_months.update(range(first, min(last, first + 1200) + 1))
    if hired_on:
        key = month_key(hired_on)
        member.paid_from = key if member.paid_from is None else min(member.paid_from, key)


def _on(day, on):
    return day is not None and day <= on


def _paid_in(member: Member, key: int) -> bool:
    return key in member.paid_months or (member.paid_from is not None and member.paid_from <= key)


@dataclass
class Counts:
    on: datetime.date
    enrolled: int = 0
    visited: int = 0
    job_broker: int = 0
    plan: int = 0
    first_step: int = 0
    progression: int = 0
    progressed: int = 0
    scored_twice: int = 0
    small_steps: int = 0
    small_steps_total: int = 0
    in_placement: int = 0
    in_work: dict = field(default_factory=dict)  # months N -> members
    paid_this_month: int = 0


def _count(members: dict[int, Member], on: datetime.date, months_wanted: set[int]) -> Counts:
    counts = Counts(on=on, in_work={n: 0 for n in months_wanted})
    key = month_key(on)
    for m in members.values():
        if m.enrolled_on > on:
            continue
        counts.enrolled += 1
        counts.visited += _on(m.visited_on, on)
        counts.job_broker += _on(m.job_broker_on, on)
        counts.plan += _on(m.plan_on, on)
        counts.first_step += _on(m.first_step_on, on)
        scored = [mean for day, mean in m.scorings if day <= on]
        counts.progression += bool(scored)
        if len(scored) >= 2:
            counts.scored_twice += 1
            counts.progressed += scored[-1] > scored[0]
        steps = sum(1 for day in m.steps if day <= on)
        counts.small_steps += bool(steps)
        counts.small_steps_total += steps
        counts.in_placement += any(start <= on <= last for start, last in m.placements)
        for n in months_wanted:
            counts.in_work[n] += m.in_work_from.get(n, FAR_FUTURE) <= on
        counts.paid_this_month += _paid_in(m, key)
    return counts


def target_share(target: Target, counts: Counts) -> tuple[int, int]:
    """(members who meet the target's measure, the group) on the counts' day."""
    measure = target.measure
    if measure == Target.Measure.APPROVED:
        return counts.enrolled, counts.enrolled
    if measure == Target.Measure.VISITED:
        return counts.visited, counts.enrolled
    if measure == Target.Measure.IN_WORK_MONTHS:
        return counts.in_work.get(target.months, 0), counts.enrolled
    if measure == Target.Measure.PROGRESSION:
        return counts.progression, counts.enrolled
    return counts.paid_this_month, counts.enrolled


@dataclass
class Dashboard:
    programme: Programme
    on: datetime.date
    counts: Counts
    targets: list  # (target, met count, group, share Cell, reached: bool, best month label or "")
    series: list  # (month end, Counts)
    tables: list[Table]


def dashboard(programme: Programme, on: datetime.date | None = None) -> Dashboard:
    on = min(on or timezone.localdate(), programme.ends_on)
    targets = list(programme.targets.all())
    months_wanted = {t.months for t in targets if t.measure == Target.Measure.IN_WORK_MONTHS} or {3}
    members = _members(programme, months_wanted)
    counts = _count(members, on, months_wanted)
    first_enrolled = min((m.enrolled_on for m in members.values()), default=programme.starts_on)
    first = month_key(max(programme.starts_on, first_enrolled))
    series = [(month_end(key), _count(members, min(month_end(key), on), months_wanted))
              for key in range(first, month_key(on) + 1)]
    rows = []
    for target in targets:
        target.label = describe(target)
        met, group = target_share(target, counts)
        reached, when = False, ""
        for end, month_counts in series:
            part, whole = target_share(target, month_counts)
            if whole and 100 * part >= float(target.threshold) * whole:
                reached, when = True, end
                break
        rows.append((target, met, group, share(met, group), reached, when))
    return Dashboard(programme, on, counts, rows, series, _tables(programme, counts, rows, series))


def describe(target: Target) -> str:
    if target.measure == Target.Measure.IN_WORK_MONTHS:
        return _("Share in a placement or ordinary hours for at least %(n)s months") % {"n": target.months}
    return target.get_measure_display()


def _tables(programme, counts: Counts, rows, series) -> list[Table]:
    n = counts.enrolled
    effort = Table(_("What the group has received"), [_("Figure"), _("Citizens"), _("Share of the group")])
    effort.add(_("Enrolled"), people(n), share(n, n))
    for label, value in ((_("Visited (start assessment)"), counts.visited), (_("With a job broker"), counts.job_broker),
                         (_("With a plan"), counts.plan), (_("First step taken"), counts.first_step)):
        effort.add(label, people(value), share(value, n))
    steps = Table(_("Small steps and progression"), [_("Figure"), _("Citizens"), _("Share of the group")])
    steps.add(_("With a progression measurement"), people(counts.progression), share(counts.progression, n))
    steps.add(_("Progressed (latest measurement above the first)"), people(counts.progressed),
              share(counts.progressed, counts.scored_twice))
    steps.add(_("Noted a small step"), people(counts.small_steps), share(counts.small_steps, n))
    job = Table(_("The job target"), [_("Figure"), _("Citizens"), _("Share of the group")])
    job.add(_("In a placement today"), people(counts.in_placement), share(counts.in_placement, n))
    for months, value in sorted(counts.in_work.items()):
        job.add(_("In a placement or ordinary hours for at least %(n)s months") % {"n": months}, people(value),
                share(value, n))
    job.add(_("Paid hours this month"), people(counts.paid_this_month), share(counts.paid_this_month, n))
    targets = Table(_("Targets and payments"), [_("Target"), _("Required"), _("Now"), _("Payment released")])
    for target, met, group, now, reached, when in rows:
        targets.add(describe(target), f"{target.threshold:g} %".replace(".", ","), now,
                    (f"{target.payment_share:g} %".replace(".", ",") if target.payment_share else "–")
                    + (" · " + _("reached %(day)s") % {"day": when.strftime("%d.%m.%Y")} if reached else ""))
    over_time = Table(_("Progress towards the targets by month"),
                      [_("Month"), _("Enrolled"), *[describe(t) for t, *_rest in rows]])
    targets_only = [row[0] for row in rows]
    for end, month_counts in series:
        over_time.add(end.strftime("%m.%Y"), people(month_counts.enrolled),
                      *[share(*target_share(t, month_counts)) for t in targets_only])
    return [effort, steps, job, targets, over_time]


def member_rows(programme: Programme, citizens, limit: int) -> list[Enrolment]:
    """The first `limit` enrolments of the given citizens (the ones the viewer may see), for the drill-down."""
    return list(Enrolment.objects.filter(programme=programme, citizen__in=citizens)
                .select_related("citizen", "job_broker__user")
                .order_by("citizen__last_name", "citizen__first_name", "pk")[:limit])

