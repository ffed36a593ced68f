import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from helhed.citizens.access import visible_citizens
from helhed.citizens.models import Citizen
from helhed.rules.engine import evaluate
from helhed.rules.facts import CitizenFacts, load_facts
from helhed.rules.models import ObligationRecord
from helhed.rules.registry import REGISTRY, Obligation, Status


def citizen_obligations(citizen, as_of: datetime.date) -> dict:
    """The citizen's obligations as of a date, under the rule set in force on that date."""
    facts = load_facts([citizen.pk])[citizen.pk]
    return {"as_of": as_of, "rule_set": REGISTRY.rule_set_on(as_of), "obligations": evaluate(facts, as_of)}


@dataclass
class WorklistItem:
    obligation: Obligation
    bucket: str  # OVERDUE_BUCKET or WEEK_BUCKET
    advice_only: bool = False  # shown for Helhed's pacing advice, not because the law's deadline is near


@dataclass
class CitizenWork:
    citizen: Citizen
    facts: CitizenFacts
    group: str | None
    items: list[WorklistItem] = field(default_factory=list)

    @property
    def worst(self):
        return min((item.obligation.harm, item.obligation.due or datetime.date.max) for item in self.items)


@dataclass
class DayPlan:
    as_of: datetime.date
    end_of_week: datetime.date
    overdue: list[CitizenWork]
    this_week: list[CitizenWork]
    overdue_count: int = 0  # items in all, also when only the first citizens are shown
    week_count: int = 0


OVERDUE_BUCKET, WEEK_BUCKET = "overdue", "week"
# Never on a day plan: history (a period that has passed), what is met or exempt.
SETTLED = {Status.MISSED, Status.MET, Status.EXEMPT}


def end_of_week(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=6 - day.weekday())


def _candidate_ids(own, as_of: datetime.date, today: datetime.date) -> list[int]:
    """Today, the stored nightly results point at the citizens with something this week; for another day every
    own citizen is evaluated afresh."""
    if as_of != today:
        return list(own.values_list("pk", flat=True))
    week_end = end_of_week(as_of)
    return list(
        ObligationRecord.objects.filter(citizen__in=own)
        .filter(Q(status=Status.OVERDUE) | Q(status__in=[Status.DUE, Status.UPCOMING], due__lte=week_end)
                | Q(status__in=[Status.DUE, Status.UPCOMING], advice_due__lte=week_end))
        .values_list("citizen_id", flat=True).distinct()
    )


def _item(o: Obligation, as_of: datetime.date, week_end: datetime.date) -> WorklistItem | None:
    if o.status in SETTLED:
        return None
    if o.status == Status.OVERDUE:
        return WorklistItem(o, OVERDUE_BUCKET)
    if o.due and o.due <= week_end:
        return WorklistItem(o, WEEK_BUCKET)
    if o.advice_due and o.advice_due <= week_end:
        return WorklistItem(o, WEEK_BUCKET, advice_only=True)
    return None


def day_plan(staff, as_of: datetime.date, today: datetime.date, *, group: str = "", kind: str = "",
             rule: str = "") -> DayPlan:
    """"Det skal ske" as a day plan for the citizens whose case the staff member holds: what is overdue, ordered by
    the harm to the citizen (a right not offered before a late follow-up), and what falls due this week, including
    Helhed's pacing advice labelled as advice; each grouped by citizen. Filters: target group, kind, rule."""
    own = visible_citizens(staff, write=True)
    ids = _candidate_ids(own, as_of, today)
    citizens = Citizen.objects.in_bulk(ids)
    facts = load_facts(ids)
    week_end = end_of_week(as_of)
    overdue, this_week = {}, {}
    for citizen_id, citizen_facts in facts.items():
        citizen_group = citizen_facts.group_on(as_of)
        if group and citizen_group != group:
            continue
        for o in evaluate(citizen_facts, as_of):
            if (kind and o.kind != kind) or (rule and o.rule_id != rule):
                continue
            item = _item(o, as_of, week_end)
            if item is None:
                continue
            target = overdue if item.bucket == OVERDUE_BUCKET else this_week
            work = target.setdefault(citizen_id, CitizenWork(citizens[citizen_id], citizen_facts, citizen_group))
            work.items.append(item)
    for work in [*overdue.values(), *this_week.values()]:
        work.items.sort(key=lambda i: (i.advice_only, i.obligation.harm, i.obligation.due or as_of))
    by_harm = sorted(overdue.values(), key=lambda w: (w.worst, w.citizen.last_name, w.citizen.pk))
    by_day = sorted(this_week.values(), key=lambda w: (
        min(i.obligation.advice_due if i.advice_only else i.obligation.due for i in w.items), w.worst,
        w.citizen.last_name, w.citizen.pk))
    return DayPlan(as_of, week_end, by_harm, by_day, overdue_count=sum(len(w.items) for w in by_harm),
                   week_count=sum(len(w.items) for w in by_day))


def rule_choices(as_of: datetime.date) -> list[tuple[str, str]]:
    """Every citizen rule of every rule set (a day plan holds deadlines judged by several), the title in force on
    `as_of` where the rule exists then."""
    titles = {}
    for rule_set in sorted(REGISTRY.rule_sets.values(), key=lambda r: r.valid_from):
        titles.update({rule.id: str(rule.title) for rule in REGISTRY.rules_in(rule_set.id).values()
                       if rule.scope == "citizen"})
    titles.update({rule.id: str(rule.title) for rule in REGISTRY.rules_in(REGISTRY.rule_set_on(as_of).id).values()
                   if rule.scope == "citizen"})
    return sorted(titles.items(), key=lambda choice: choice[1])


