"""Rule sets with validity intervals, and the registry of rules in code.

A rule belongs to one or more rule sets. The rule set in force on the "as of" date decides which rules are
evaluated; a later rule set names its parent and inherits the parent's rules unless it replaces them (same id)
or drops them. Every obligation carries its rule's legal source, so the worker sees which paragraph, which
version and why.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
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


@dataclass(frozen=True)
class Obligation:
    rule_id: str
    title: str
    status: str
    due: datetime.date | None
    explain: "callable"  # () -> str, called only when someone reads it
    source: LegalSource
    rule_set: str
    unconfirmed: bool = False
    scope: str = "citizen"  # or "municipality" for shares of a population

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def explanation(self) -> str:
        return self.explain()


@dataclass
class Rule:
    id: str
    title: str
    source: LegalSource
    evaluate: "callable"  # (facts, as_of, rule) -> list[Obligation]
    scope: str = "citizen"


@dataclass
class Registry:
    rule_sets: dict[str, RuleSet] = field(default_factory=dict)
    rules: dict[str, dict[str, Rule]] = field(default_factory=dict)  # rule set id -> rule id -> rule

    def add_rule_set(self, rule_set: RuleSet):
        self.rule_sets[rule_set.id] = rule_set
        self.rules.setdefault(rule_set.id, {})

    def rule(self, *rule_set_ids, id, title, source, scope="citizen"):
        """Decorator: register an evaluation function as a rule in the given rule sets."""

        def register(function):
            for rule_set_id in rule_set_ids:
                self.rules[rule_set_id][id] = Rule(id=id, title=title, source=source, evaluate=function, scope=scope)
            return function

        return register

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
