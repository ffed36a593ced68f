"""Evaluate the rules for one citizen or many, as of a date.

Each obligation is judged by the rule set in force on its *due date*, not on the "as of" date: looking on 15 June
2026 at a deadline of 1 September 2026, the reform's rules apply (rules-sources.md, second round).
"""

import dataclasses
import datetime
import hashlib
import sys
from functools import lru_cache
from pathlib import Path

import holidays
from django.utils.translation import gettext as _

from helhed.rules import reform2027  # noqa: F401  (registers the draft 2027 rules)
from helhed.rules.calendar import add_months, add_working_days, deadline
from helhed.rules.catalogue import DUE_SOON_WORKING_DAYS, SOURCES, format_day, status_for
from helhed.rules.facts import CitizenFacts, provider_modules
from helhed.rules.registry import REGISTRY, Obligation, RuleSet, Status

POPULATION_75 = {"1", "2", "9"}  # dagpenge, jobparate kontanthjælp, ledighedsydelse (reform 2026)
OPEN = {Status.UPCOMING, Status.DUE, Status.OVERDUE, Status.MISSED}
# An ongoing duty that fell due before the kommune took Helhed into use is due this long after the takeover.
TAKEOVER_GRACE_MONTHS = 1


@lru_cache(maxsize=16)
def _citizen_rules(rule_set_id: str) -> tuple:
    return tuple(rule for rule in REGISTRY.rules_in(rule_set_id).values() if rule.scope == "citizen")


@lru_cache(maxsize=16)
def _rules_by_id(rule_set_id: str) -> dict:
    return REGISTRY.rules_in(rule_set_id)


def rules_on(as_of: datetime.date):
    """The rule set in force on `as_of` and its citizen-level rules (computed once for a batch of citizens)."""
    rule_set = REGISTRY.rule_set_on(as_of)
    return rule_set, list(_citizen_rules(rule_set.id))


@lru_cache(maxsize=1)
def _sets_by_start() -> tuple[RuleSet, ...]:
    return tuple(sorted(REGISTRY.rule_sets.values(), key=lambda r: r.valid_from))


@lru_cache(maxsize=16384)
def _rule_set_on(day: datetime.date) -> RuleSet:
    """Deadlines before the first rule set (cases from before 2020) are judged by the earliest one Helhed holds.
    Cached: the nightly scan asks for every deadline, and the rule sets are fixed at start-up."""
    for rule_set in reversed(_sets_by_start()):
        if rule_set.in_force(day):
            return rule_set
    return _sets_by_start()[0]


def _judging_set(o: Obligation, rule_set: RuleSet, as_of: datetime.date) -> RuleSet:
    """The rule set an obligation is judged by: the one in force on the day the law gives (before a move off a
    weekend), except a draft (the 2027 act, not adopted) seen from before its start: a draft is not law yet, so the
    law in force now judges it, with a note that it may change."""
    if o.due is None:
        return rule_set
    target = _rule_set_on(o.moved_from or o.due)
    if target.unconfirmed and as_of < target.valid_from:
        return rule_set
    return target


def _draft_ahead(o: Obligation, as_of: datetime.date) -> RuleSet | None:
    """The draft rule set the deadline falls under, if it is not in force on `as_of`."""
    if o.due is None:
        return None
    target = _rule_set_on(o.moved_from or o.due)
    return target if target.unconfirmed and as_of < target.valid_from else None


def _judged_on_due_date(found: list[Obligation], rule, facts, as_of, rule_set) -> list[Obligation]:
    """Obligations whose deadline lies under another rule set are judged by that set's version of the rule. The same
    function under another set only changes the citation (no second evaluation); another function is evaluated
    once per set, and each obligation is matched to one of its results by due date. A rule the other set drops
    yields nothing there: its successor speaks (see `_other_rules`)."""
    kept, again = [], {}
    for o in found:
        other = _judging_set(o, rule_set, as_of)
        if other.id == rule_set.id:
            kept.append(o)
            continue
        other_rule = _rules_by_id(other.id).get(rule.id)
        if other_rule is None:
            continue
        if other_rule.evaluate is rule.evaluate:
            o.title, o.source, o.rule_set = other_rule.title, other_rule.source, other.id
            o.unconfirmed = other_rule.source.unconfirmed or other.unconfirmed
            kept.append(o)
            continue
        if other.id not in again:
            again[other.id] = other_rule.evaluate(facts, as_of, other_rule, other)
        match = next((a for a in again[other.id] if a.due == o.due), None)
        if match is not None:
            again[other.id].remove(match)
        # The other set's version may put the deadline elsewhere; then the as-of set's result stands.
        kept.append(match or o)
    return kept


@lru_cache(maxsize=64)
def _other_rules(rule_set_id: str, as_of: datetime.date) -> tuple:
    """Rules of other rule sets that the as-of set lacks: an earlier set's rule that a later one drops (an overdue
    first jobsamtale from 2026 seen in 2027) and an adopted later set's new rule. Only obligations due under their
    own set count. Drafts ahead are left out: they are not law yet. Cached: the nightly scan asks once per citizen."""
    own = _rules_by_id(rule_set_id)
    return tuple((other, rule) for other in _sets_by_start() if other.id != rule_set_id
                 and not (other.unconfirmed and other.valid_from > as_of)
                 for rule in _citizen_rules(other.id) if rule.id not in own)


def evaluate(facts: CitizenFacts, as_of: datetime.date, rules=None) -> list[Obligation]:
    """Every obligation for one citizen on `as_of`, each judged by the law on its deadline. An exemption on that day
    turns open ones into exempt; deadlines from before the municipality took Helhed into use are dropped or moved to
    after it."""
    rule_set, citizen_rules = rules or rules_on(as_of)
    evaluated = []
    for rule in citizen_rules:
        found = rule.evaluate(facts, as_of, rule, rule_set)
        evaluated += [(o, rule) for o in _judged_on_due_date(found, rule, facts, as_of, rule_set)]
    for other, rule in _other_rules(rule_set.id, as_of):
        evaluated += [(o, rule) for o in rule.evaluate(facts, as_of, rule, other)
                      if o.due and _rule_set_on(o.moved_from or o.due).id == other.id]
    obligations = []
    for o, rule in evaluated:
        o = _after_takeover(_with_exemption(_with_draft_note(o, as_of), rule, facts, as_of), rule, facts, as_of)
        if o is not None:
            obligations.append(o)
    return sorted(obligations, key=lambda o: (o.status == Status.MET, o.due or as_of))


def _with_draft_note(o: Obligation, as_of: datetime.date) -> Obligation:
    draft = _draft_ahead(o, as_of)
    if draft is not None:
        o.unconfirmed, o.draft_ahead = True, draft.id
    return o


def _with_exemption(o: Obligation, rule, facts: CitizenFacts, as_of: datetime.date) -> Obligation:
    """A § 106 exemption covers only the obligations it names (or the rule its successor replaced), and only
    exemptable ones (never § 36 or the plan). History (a period that has passed) stays history."""
    if not rule.exemptable or o.status in (Status.MET, Status.EXEMPT, Status.MISSED):
        return o
    exemption = facts.exemption_on(as_of, o.rule_id) or (rule.replaces and facts.exemption_on(as_of, rule.replaces))
    if not exemption:
        return o
    explain = o.explain

    def explain_exempt():
        return f"{explain()} " + _("Exempt under § 106 until %(end)s: %(reason)s") % {
            "end": format_day(exemption.valid_to) if exemption.valid_to else "–",
            "reason": exemption.reason}

    o.status, o.explain, o.advice_due, o.advise = Status.EXEMPT, explain_exempt, None, None
    return o


def _after_takeover(o: Obligation, rule, facts: CitizenFacts, as_of: datetime.date) -> Obligation | None:
    """A case that began before the kommune took Helhed into use: a one-off deadline that fell before the takeover
    is dropped (nothing can be done about it now), an ongoing duty is due a month after the takeover."""
    takeover = facts.takeover
    if (takeover is None or as_of < takeover or o.due is None or o.due >= takeover or o.status not in OPEN
            or o.takeover_from):
        return o
    if o.status == Status.MISSED or rule.before_takeover == "drop":
        return None
    due = deadline(add_months(takeover, TAKEOVER_GRACE_MONTHS))
    o.due, o.status, o.takeover_from, o.moved_from = due, status_for(due, False, as_of), o.due, None
    return o


def contact_quota(facts_by_citizen: dict[int, CitizenFacts], as_of: datetime.date) -> Obligation | None:
    """Reform 2026: conversations and offers for at least 75 % of those close to the labour market."""
    rule_set = REGISTRY.rule_set_on(as_of)
    if not REGISTRY.descends_from(rule_set.id, "reform2026"):
        return None
    population = [f for f in facts_by_citizen.values() if f.group_on(as_of) in POPULATION_75]
    if not population:
        return None
    covered = sum(1 for f in population if not f.outside_contact_quota(as_of))
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


ONE_DAY = datetime.timedelta(days=1)


def next_change(facts: CitizenFacts, obligations: list[Obligation], as_of: datetime.date) -> datetime.date | None:
    """The first day after `as_of` on which `evaluate` could give other results for these facts (None: no such day).

    The rules read the calendar only by comparing `as_of` with dates: the facts' own dates, the deadlines and advice
    days they compute, the day a deadline becomes "due soon", and the days rule sets start and end. Results can
    therefore change only on such a day or the day after it; the nightly scan re-evaluates a citizen on that day and
    not before (`tests/test_next_change.py` checks this against evaluating every day, for every demo citizen and
    every case of the legal case table). A new rule must read the calendar the same way."""
    soonest = None

    def consider(day):
        nonlocal soonest
        if day > as_of and (soonest is None or day < soonest):
            soonest = day

    for day in _fact_days(facts):
        if day >= as_of:
            consider(day)
            consider(day + ONE_DAY)
    for o in obligations:
        for day in (o.due, o.advice_due, o.moved_from, o.takeover_from):
            if day is not None and day >= as_of:
                consider(day)
                consider(day + ONE_DAY)
        if o.status == Status.UPCOMING:
            consider(_due_soon_from(o.due))
    for day in _rule_set_days():
        consider(day)
    return soonest


def _fact_days(facts: CitizenFacts):
    """Every date in the facts, found by walking them, so that facts a new provider adds are covered too. Attributes
    starting with an underscore are the facts' memos."""
    for name, value in vars(facts).items():
        if not name.startswith("_"):
            yield from _days_in(value)


def _days_in(value):
    if isinstance(value, datetime.datetime):
        yield value.date()
    elif isinstance(value, datetime.date):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _days_in(item)
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _days_in(getattr(value, field.name))


@lru_cache(maxsize=16384)
def _due_soon_from(due: datetime.date) -> datetime.date:
    """The first day on which a deadline of `due` counts as due soon (`status_for`)."""
    day = due - datetime.timedelta(days=3 * DUE_SOON_WORKING_DAYS + 14)
    while add_working_days(day, DUE_SOON_WORKING_DAYS) < due:
        day += ONE_DAY
    return day


@lru_cache(maxsize=1)
def _rule_set_days() -> tuple[datetime.date, ...]:
    return tuple(day for rule_set in _sets_by_start()
                 for day in (rule_set.valid_from, rule_set.valid_to and rule_set.valid_to + ONE_DAY) if day)


@lru_cache(maxsize=1)
def rules_version() -> str:
    """A fingerprint of everything evaluation depends on besides the facts: the rule sets, the code of the rules, the
    engine, the facts and their providers, and the holiday calendar. Stored results from another version are
    evaluated again by the next nightly scan (after a deploy that changes a rule, everyone is)."""
    digest = hashlib.sha256(holidays.__version__.encode())
    for rule_set in _sets_by_start():
        digest.update(repr((rule_set.id, rule_set.valid_from, rule_set.valid_to, rule_set.parent,
                            sorted(rule_set.dropped), rule_set.unconfirmed)).encode())
        digest.update(repr(sorted(_rules_by_id(rule_set.id))).encode())
    modules = {rule.evaluate.__module__ for rule_set in _sets_by_start() for rule in _citizen_rules(rule_set.id)}
    modules |= provider_modules() | {__name__, "helhed.rules.facts", "helhed.rules.calendar",
                                     "helhed.rules.catalogue", "helhed.rules.registry"}
    for name in sorted(modules):
        digest.update(Path(sys.modules[name].__file__).read_bytes())
    return digest.hexdigest()[:16]
