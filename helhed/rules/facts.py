"""What the rules read about a citizen, loaded set-wise for many citizens at once.

Target groups (citizens) and exemptions (rules) are read here. Everything else comes from the apps that hold it —
conversations (contact), plans (plans), the coordinating caseworker (coordination), later offers — through this
extension point: an app registers, in its `AppConfig.ready()`,

    register_provider(kind, function)

where `function(citizen_ids)` returns {citizen_id: [facts]}. Until an app provides a kind, its lists are empty,
and the rules say what is missing.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from helhed.citizens.models import Citizen, TargetGroupPeriod
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
    """An offer (tilbud): kind is e.g. "virksomhedspraktik", "loentilskud", "vejledning", "mentor"."""

    kind: str
    start: datetime.date
    end: datetime.date | None
    extension_reason: str = ""


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
    """Exempt in the period: from one rule, or (rule_id "") from conversations and offers under § 106."""

    valid_from: datetime.date
    valid_to: datetime.date | None
    reason: str
    rule_id: str = ""

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
    coordinating_caseworker_since: datetime.date | None = None
    # Reform 2026: the municipality may exempt up to 25 % of those close to the labour market from the contact course.
    outside_contact_quota: bool = False
    # False while no app provides offers: rules about offers then say nothing rather than raise false alarms.
    offers_known: bool = True

    def __post_init__(self):
        self.target_periods.sort(key=lambda p: p.valid_from)

    def group_on(self, day: datetime.date) -> str | None:
        return next((p.group for p in self.target_periods if p.covers(day)), None)

    def course_start(self, groups: set[str], day: datetime.date) -> datetime.date | None:
        """Start of the unbroken run of periods in `groups` that covers `day` (a move 2 → 3 does not restart it)."""
        start, previous_end = None, None
        for period in self.target_periods:  # sorted by valid_from (load_facts and the tests keep that order)
            if period.valid_from > day:
                break
            if period.group not in groups:
                start, previous_end = None, None
                continue
            contiguous = previous_end is not None and period.valid_from <= previous_end + datetime.timedelta(days=1)
            start = start if contiguous else period.valid_from
            previous_end = period.valid_to
        if start is None:
            return None
        return start if self.group_on(day) in groups else None

    def held_conversations(self, start: datetime.date, end: datetime.date) -> list[Conversation]:
        return sorted((c for c in self.conversations if c.held and start <= c.on <= end), key=lambda c: c.on)

    def exemption_on(self, day: datetime.date, rule_id: str = "") -> Exemption | None:
        """An exemption from `rule_id` (or a § 106 exemption from everything) that covers `day`."""
        return next((e for e in self.exemptions if e.covers(day) and e.rule_id in ("", rule_id)), None)


_PROVIDERS: dict[str, list] = defaultdict(list)
KINDS = ("conversations", "offers", "exemptions", "plans", "coordinating_caseworker")


def register_provider(kind: str, function) -> None:
    """kind: "conversations", "offers", "exemptions", "plans" (lists of the fact classes above) or
    "coordinating_caseworker" (the dates a coordinating caseworker joined the team)."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of fact {kind!r}")
    _PROVIDERS[kind].append(function)


def load_facts(citizen_ids: list[int]) -> dict[int, CitizenFacts]:
    """Facts for many citizens in a fixed number of queries."""
    offers_known = bool(_PROVIDERS["offers"])
    facts = {
        pk: CitizenFacts(citizen_id=pk, first_name=name, municipality_id=municipality_id, offers_known=offers_known)
        for pk, name, municipality_id in Citizen.objects.filter(pk__in=citizen_ids).values_list(
            "pk", "first_name", "municipality_id"
        )
    }
    for citizen_id, group, valid_from, valid_to in TargetGroupPeriod.objects.filter(
        citizen_id__in=citizen_ids
    ).order_by("valid_from").values_list("citizen_id", "group", "valid_from", "valid_to"):
        facts[citizen_id].target_periods.append(TargetPeriod(group, valid_from, valid_to))
    for citizen_id, rule_id, reason, valid_from, valid_to in ObligationExemption.objects.filter(
        citizen_id__in=citizen_ids
    ).values_list("citizen_id", "rule_id", "reason", "valid_from", "valid_to"):
        facts[citizen_id].exemptions.append(Exemption(valid_from, valid_to, reason, rule_id))
    for kind in ("conversations", "offers", "exemptions", "plans"):
        for provider in _PROVIDERS[kind]:
            for citizen_id, items in provider(citizen_ids).items():
                getattr(facts[citizen_id], kind).extend(items)
    for provider in _PROVIDERS["coordinating_caseworker"]:
        for citizen_id, days in provider(citizen_ids).items():
            current = facts[citizen_id].coordinating_caseworker_since
            facts[citizen_id].coordinating_caseworker_since = min([*days, *([current] if current else [])])
    return facts
