"""What the rules read about a citizen, loaded set-wise for many citizens at once.

Target groups, the first approach and the takeover date (citizens, core) and exemptions (rules) are read here.
Everything else comes from the apps that hold it — conversations and the 25 % decisions (contact), plans (plans),
the coordinating caseworker and its offer (coordination), later offers — through this extension point: an app
registers, in its `AppConfig.ready()`,

    register_provider(kind, function)

where `function(citizen_ids)` returns {citizen_id: [facts]}. Until an app provides a kind, its lists are empty,
and the rules say what is missing.
"""

import datetime
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from helhed.citizens import cpr as cpr_numbers
from helhed.citizens.models import Case, Citizen, TargetGroupPeriod
from helhed.rules.models import ObligationExemption


@dataclass(frozen=True)
class TargetPeriod:
    group: str
    valid_from: datetime.date
    valid_to: datetime.date | None

    def covers(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Conversation:
    """A jobsamtale. `held` False means booked or missed. `starts_at` and `ref` (the appointment) let a
    worklist show the booking."""

    on: datetime.date
    in_person: bool
    held: bool = True
    starts_at: datetime.datetime | None = field(default=None, compare=False)
    ref: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Offer:
    """An offer (tilbud): kind is e.g. "virksomhedspraktik", "loentilskud", "vejledning", "mentor",
    "ordinaere_timer". `extensions`: how many times the last day was extended, each with a reason (the latest in
    `extension_reason`)."""

    kind: str
    start: datetime.date
    end: datetime.date | None
    extension_reason: str = ""
    extensions: int = 0


@dataclass(frozen=True)
class PlanFact:
    """The citizen's plan: the days its versions were saved (the first made it; each later one followed it up)."""

    version_days: tuple[datetime.date, ...]

    def as_of(self, day: datetime.date) -> tuple[datetime.date, datetime.date] | None:
        """(made on, last followed up on) as the plan stood on `day`, or None if it did not exist yet."""
        days = [d for d in self.version_days if d <= day]
        return (days[0], days[-1]) if days else None


@dataclass(frozen=True)
class Exemption:
    """A § 106 exemption in the period, on a ground from the closed list, from the obligations it names."""

    valid_from: datetime.date
    valid_to: datetime.date | None
    reason: str
    rules: tuple[str, ...] = ()
    ground: str = ""

    def covers(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class CoordinatorOffer:
    """The citizen's right to a coordinating caseworker (§ 36) was offered on `offered_on`; `answer` is "accepted",
    "declined" or "" while the citizen has not answered."""

    offered_on: datetime.date
    answer: str = ""
    answered_on: datetime.date | None = None


@dataclass(frozen=True)
class QuotaDecision:
    """Reform 2026: the kommune decided that the citizen is among the up to 25 % exempted from jobsamtaler and
    offers, because it judges they can find a job themselves. Recorded per citizen (who, when, why)."""

    valid_from: datetime.date
    valid_to: datetime.date | None = None

    def covers(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass
class CitizenFacts:
    citizen_id: int
    first_name: str = ""
    municipality_id: int = 0
    target_periods: list[TargetPeriod] = field(default_factory=list)
    conversations: list[Conversation] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    exemptions: list[Exemption] = field(default_factory=list)
    plans: list[PlanFact] = field(default_factory=list)
    # The first approach to the kommune for help (første henvendelse, LAB § 31 stk. 5), from the open case.
    first_approach: datetime.date | None = None
    # The day the municipality took Helhed into use: nothing is overdue from before it.
    takeover: datetime.date | None = None
    birth_date: datetime.date | None = None
    # Since when a coordinating caseworker who is on the team *now* has been on it.
    coordinating_caseworker_since: datetime.date | None = None
    coordinator_offers: list[CoordinatorOffer] = field(default_factory=list)
    quota_decisions: list[QuotaDecision] = field(default_factory=list)
    # False while no app provides offers: rules about offers then say nothing rather than raise false alarms.
    offers_known: bool = True

    def __post_init__(self):
        self.target_periods.sort(key=lambda p: p.valid_from)

    def group_on(self, day: datetime.date) -> str | None:
        # Asked many times per evaluation for a few days; the periods do not change once the facts are loaded.
        memo = self.__dict__.setdefault("_group_memo", {})
        key = (day, len(self.target_periods))
        if key not in memo:
            memo[key] = next((p.group for p in self.target_periods if p.covers(day)), None)
        return memo[key]

    def course_start(self, groups: set[str], day: datetime.date, *, restart_on_change: bool = True) -> datetime.date | None:
        """Start of the unbroken run of periods in `groups` that covers `day`.

        A change of target group starts a new course (LAB § 9, e.g. § 6 nr. 5 → 3 or 3 → 8), except a move between
        jobparat and aktivitetsparat on the same benefit (2 ↔ 3, 4 ↔ 5), which continues it. With
        `restart_on_change=False` any unbroken run in `groups` counts as one (e.g. for the first jobsamtale).
        """
        memo = self.__dict__.setdefault("_course_memo", {})
        key = (frozenset(groups), day, restart_on_change, len(self.target_periods))
        if key not in memo:
            memo[key] = self._course_start(groups, day, restart_on_change)
        return memo[key]

    def _course_start(self, groups, day: datetime.date, restart_on_change: bool) -> datetime.date | None:
        start, previous = None, None
        for period in self.target_periods:  # sorted by valid_from (load_facts and the tests keep that order)
            if period.valid_from > day:
                break
            if period.group not in groups:
                start, previous = None, None
                continue
            contiguous = (previous is not None and previous.valid_to is not None
                          and period.valid_from <= previous.valid_to + datetime.timedelta(days=1))
            continues = contiguous and (not restart_on_change or _same_course(previous.group, period.group))
            start = start if continues else period.valid_from
            previous = period
        if start is None:
            return None
        return start if self.group_on(day) in groups else None

    def outside_contact_quota(self, day: datetime.date) -> bool:
        return any(d.covers(day) for d in self.quota_decisions)

    def held_conversations(self, start: datetime.date, end: datetime.date) -> list[Conversation]:
        # Sorted once by day, then cut with bisect: the rules ask for many windows of a long history.
        kept = self.__dict__.get("_held_memo")
        if kept is None or kept[0] != len(self.conversations):
            held = sorted((c for c in self.conversations if c.held), key=lambda c: c.on)
            kept = (len(self.conversations), held, [c.on for c in held])
            self.__dict__["_held_memo"] = kept
        _count, held, days = kept
        return held[bisect_left(days, start):bisect_right(days, end)]

    def exemption_on(self, day: datetime.date, rule_id: str) -> Exemption | None:
        """An exemption that names `rule_id` and covers `day`."""
        return next((e for e in self.exemptions if e.covers(day) and rule_id in e.rules), None)


# Moves that keep the kontaktforløb running: jobparat ↔ aktivitetsparat on the same benefit (Helhed's reading of § 9).
SAME_COURSE = ({"2", "3"}, {"4", "5"})


def _same_course(before: str, after: str) -> bool:
    return before == after or any({before, after} <= pair for pair in SAME_COURSE)


_PROVIDERS: dict[str, list] = defaultdict(list)
LISTS = ("conversations", "offers", "exemptions", "plans", "coordinator_offers", "quota_decisions")
KINDS = (*LISTS, "coordinating_caseworker")


def register_provider(kind: str, function) -> None:
    """kind: "conversations", "offers", "exemptions", "plans", "coordinator_offers", "quota_decisions" (lists of the
    fact classes above) or "coordinating_caseworker" (the dates that coordinating caseworkers who are on the team
    now joined it)."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of fact {kind!r}")
    _PROVIDERS[kind].append(function)


def provider_modules() -> set[str]:
    """The modules the registered providers live in (their code is part of `engine.rules_version()`)."""
    return {function.__module__ for functions in _PROVIDERS.values() for function in functions}


def _birth_date(cpr: str) -> datetime.date | None:
    try:
        return cpr_numbers.birth_date(cpr)
    except ValueError:
        return None


def load_facts(citizen_ids: list[int]) -> dict[int, CitizenFacts]:
    """Facts for many citizens in a fixed number of queries."""
    offers_known = bool(_PROVIDERS["offers"])
    facts = {
        pk: CitizenFacts(citizen_id=pk, first_name=name, municipality_id=municipality_id, offers_known=offers_known,
                         takeover=takeover, birth_date=_birth_date(cpr))
        for pk, name, municipality_id, takeover, cpr in Citizen.objects.filter(pk__in=citizen_ids).values_list(
            "pk", "first_name", "municipality_id", "municipality__takeover_on", "cpr"
        )
    }
    for citizen_id, first_approach in Case.objects.filter(
        citizen_id__in=citizen_ids, status=Case.Status.OPEN
    ).values_list("citizen_id", "first_approach_on"):
        facts[citizen_id].first_approach = first_approach
    for citizen_id, group, valid_from, valid_to in TargetGroupPeriod.objects.filter(
        citizen_id__in=citizen_ids
    ).order_by("valid_from").values_list("citizen_id", "group", "valid_from", "valid_to"):
        facts[citizen_id].target_periods.append(TargetPeriod(group, valid_from, valid_to))
    for citizen_id, covers, ground, reason, valid_from, valid_to in ObligationExemption.objects.filter(
        citizen_id__in=citizen_ids
    ).values_list("citizen_id", "covers", "ground", "reason", "valid_from", "valid_to"):
        facts[citizen_id].exemptions.append(Exemption(valid_from, valid_to, reason, tuple(covers), ground))
    for kind in LISTS:
        for provider in _PROVIDERS[kind]:
            for citizen_id, items in provider(citizen_ids).items():
                getattr(facts[citizen_id], kind).extend(items)
    for provider in _PROVIDERS["coordinating_caseworker"]:
        for citizen_id, days in provider(citizen_ids).items():
            current = facts[citizen_id].coordinating_caseworker_since
            facts[citizen_id].coordinating_caseworker_since = min([*days, *([current] if current else [])])
    return facts
