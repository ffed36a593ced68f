"""Rule sets with validity intervals, and the registry of rules in code.

A rule belongs to one or more rule sets. The rule set in force on the "as of" date decides which rules are
evaluated; a later rule set names its parent and inherits the parent's rules unless it replaces them (same id)
or drops them. Every obligation carries its rule's legal source, so the worker sees which paragraph, which
version and why.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    DUE = "due", _("Due")
    OVERDUE = "overdue", _("Overdue")
    MISSED = "missed", _("Not met in the period")
    MET = "met", _("Met")
    EXEMPT = "exempt", _("Exempt")


@dataclass(frozen=True)
class LegalSource:
    law: str
    paragraph: str
    version: str
    url: str
    unconfirmed: bool = False
    note: str = ""

    def __str__(self):
        return f"{self.law} {self.paragraph} ({self.version})"


@dataclass(frozen=True)
class RuleSet:
    id: str
    title: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    parent: str | None = None
    dropped: frozenset[str] = frozenset()
    unconfirmed: bool = False
    note: str = ""

    def in_force(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Kind(models.TextChoices):
    """What an obligation asks of the worker, for the worklist's filters."""

    RIGHT = "right", _("A right to offer")
    OFFER = "offer", _("An offer")
    PLAN = "plan", _("The plan")
    CONVERSATION = "conversation", _("A conversation")


@dataclass(slots=True)
class Obligation:
    """One evaluated obligation. Created fresh by every evaluation, so the engine may adjust it in place (cheaper
    than copying, for the nightly scan over every citizen)."""

    rule_id: str
    title: str
    status: str
    due: datetime.date | None
    explain: "callable"  # () -> str, called only when someone reads it
    source: LegalSource
    rule_set: str
    unconfirmed: bool = False
    scope: str = "citizen"  # or "municipality" for shares of a population
    kind: str = Kind.CONVERSATION
    harm: int = 50  # lower first: a right not offered harms the citizen more than a late follow-up
    # The raw deadline fell on a weekend or holiday and was moved to the next working day (the kommune's practice).
    moved_from: datetime.date | None = None
    # The deadline fell before the kommune took Helhed into use; it is counted from the takeover instead.
    takeover_from: datetime.date | None = None
    # Helhed's own pacing advice (never overdue against the law): a date and its text.
    advice_due: datetime.date | None = None
    advise: "callable | None" = None
    # The deadline falls under this draft rule set, not adopted and not in force on the as-of date.
    draft_ahead: str = ""

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def kind_label(self):
        return Kind(self.kind).label

    @property
    def explanation(self) -> str:
        return self.explain()

    @property
    def advice(self) -> str:
        return self.advise() if self.advise else ""

    @property
    def law_note(self) -> str:
        """Why the citation is uncertain beyond its source: the deadline falls under a draft act (formatted only when
        someone reads it)."""
        draft = REGISTRY.rule_sets.get(self.draft_ahead)
        if draft is None:
            return ""
        last_day = draft.valid_from - datetime.timedelta(days=1)
        return _("The deadline falls after %(day)s, when a new act is expected (%(title)s, not adopted): judged by the "
                 "law in force now, it may change.") % {"day": date_format(last_day, "DATE_FORMAT"),
                                                        "title": draft.title}

    @property
    def rule_set_note(self) -> str:
        """The note of an unconfirmed rule set (the 2027 draft), shown with every obligation judged by it."""
        rule_set = REGISTRY.rule_sets.get(self.rule_set)
        return str(rule_set.note) if rule_set and rule_set.unconfirmed else ""


@dataclass
class Rule:
    id: str
    title: str
    source: LegalSource
    evaluate: "callable"  # (facts, as_of, rule, rule_set) -> list[Obligation]
    scope: str = "citizen"
    kind: str = Kind.CONVERSATION
    harm: int = 50
    # May a § 106 exemption cover it? Never § 36 or the plan (rules-sources.md, second round).
    exemptable: bool = False
    # For a case that began before Helhed: "drop" a one-off deadline that fell before the takeover, or "move" an
    # ongoing duty to the takeover date plus a month.
    before_takeover: str = "move"
    # The rule an earlier rule set had in its place (the 2027 efforts): an exemption naming that one covers this one.
    replaces: str = ""


@dataclass
class Registry:
    rule_sets: dict[str, RuleSet] = field(default_factory=dict)
    rules: dict[str, dict[str, Rule]] = field(default_factory=dict)  # rule set id -> rule id -> rule

    def add_rule_set(self, rule_set: RuleSet):
        self.rule_sets[rule_set.id] = rule_set
        self.rules.setdefault(rule_set.id, {})

    def rule(self, *rule_set_ids, id, title, source, **attributes):
        """Decorator: register an evaluation function as a rule in the given rule sets (attributes: see Rule)."""

        def register(function):
            for rule_set_id in rule_set_ids:
                self.rules[rule_set_id][id] = Rule(id=id, title=title, source=source, evaluate=function, **attributes)
            return function

        return register

    def exemptable_rules(self) -> dict[str, Rule]:
        """Every rule a § 106 exemption may name, by id (the latest rule set's title wins)."""
        found = {}
        for rule_set in sorted(self.rule_sets.values(), key=lambda r: r.valid_from):
            found.update({rule_id: rule for rule_id, rule in self.rules[rule_set.id].items() if rule.exemptable})
        return found

    def rule_set_on(self, day: datetime.date) -> RuleSet:
        for rule_set in sorted(self.rule_sets.values(), key=lambda r: r.valid_from, reverse=True):
            if rule_set.in_force(day):
                return rule_set
        raise LookupError(f"No rule set in force on {day}")

    def descends_from(self, rule_set_id: str, ancestor: str) -> bool:
        """True for the ancestor itself and every rule set built on it."""
        while rule_set_id:
            if rule_set_id == ancestor:
                return True
            rule_set_id = self.rule_sets[rule_set_id].parent
        return False

    def rules_in(self, rule_set_id: str) -> dict[str, Rule]:
        """The rule set's own rules over its parent's, minus the ones it drops."""
        rule_set = self.rule_sets[rule_set_id]
        inherited = self.rules_in(rule_set.parent) if rule_set.parent else {}
        merged = {**inherited, **self.rules[rule_set_id]}
        return {rule_id: rule for rule_id, rule in merged.items() if rule_id not in rule_set.dropped}


REGISTRY = Registry()
