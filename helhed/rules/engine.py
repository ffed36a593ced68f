"""Evaluate the rules for one citizen or many, as of a date, under the rule set in force on that date."""

import datetime

from django.utils.translation import gettext as _

from helhed.rules.catalogue import SOURCES
from helhed.rules.facts import CitizenFacts
from helhed.rules.registry import REGISTRY, Obligation, Status

POPULATION_75 = {"1", "2", "9"}  # dagpenge, jobparate kontanthjælp, ledighedsydelse (reform 2026)


def rules_on(as_of: datetime.date):
    """The rule set in force on `as_of` and its citizen-level rules (computed once for a batch of citizens)."""
    rule_set = REGISTRY.rule_set_on(as_of)
    return rule_set, [rule for rule in REGISTRY.rules_in(rule_set.id).values() if rule.scope == "citizen"]


def evaluate(facts: CitizenFacts, as_of: datetime.date, rules=None) -> list[Obligation]:
    """Every obligation for one citizen on `as_of`. An exemption on that day turns open ones into exempt."""
    rule_set, citizen_rules = rules or rules_on(as_of)
    obligations = []
    for rule in citizen_rules:
        obligations += rule.evaluate(facts, as_of, rule, rule_set)
    obligations = [_with_exemption(o, facts, as_of) for o in obligations]
    return sorted(obligations, key=lambda o: (o.status == Status.MET, o.due or as_of))


def _with_exemption(o: Obligation, facts: CitizenFacts, as_of: datetime.date) -> Obligation:
    exemption = facts.exemption_on(as_of, o.rule_id)
    if exemption is None or o.status == Status.MET:
        return o

    def explain():
        if exemption.rule_id:
            return f"{o.explanation} " + _("Exempt: %(reason)s") % {"reason": exemption.reason}
        return f"{o.explanation} " + _("Exempt under § 106: %(reason)s") % {"reason": exemption.reason}

    return Obligation(o.rule_id, o.title, Status.EXEMPT, o.due, explain, o.source, o.rule_set, o.unconfirmed, o.scope)


def contact_quota(facts_by_citizen: dict[int, CitizenFacts], as_of: datetime.date) -> Obligation | None:
    """Reform 2026: conversations and offers for at least 75 % of those close to the labour market."""
    rule_set = REGISTRY.rule_set_on(as_of)
    if not REGISTRY.descends_from(rule_set.id, "reform2026"):
        return None
    population = [f for f in facts_by_citizen.values() if f.group_on(as_of) in POPULATION_75]
    if not population:
        return None
    covered = sum(1 for f in population if not f.outside_contact_quota)
    share = covered / len(population)
    source = SOURCES["75pct"]

    def explain():
        return _(
            "%(covered)s of %(total)s citizens on dagpenge, jobparat kontanthjælp or ledighedsydelse (%(share).0f %%) "
            "have a contact course. At least 75 %% must; up to 25 %% may be exempted."
        ) % {"covered": covered, "total": len(population), "share": share * 100}

    return Obligation(
        "contact_quota_75", _("Contact course for at least 75 %"), Status.MET if share >= 0.75 else Status.OVERDUE,
        None, explain, source, rule_set.id, unconfirmed=True, scope="municipality",
    )
