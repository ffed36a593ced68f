"""The legal case table: expected results that a lawyer can read and extend, in the style of OpenFisca's YAML tests.

Each file in `helhed/rules/cases/` holds a list of cases:

    - name: First job conversation by phone, then in person: § 33 is met by the in-person one
      law: LAB § 33, stk. 1
      as_of: 2025-04-01
      citizen:
        target_groups: [{group: "2", from: 2025-03-01}]
        conversations:
          - {day: 2025-03-05, in_person: false}
          - {day: 2025-03-20, in_person: true}
      expect:
        - {rule: first_in_person, status: met, due: 2025-03-10, paragraph: "§ 33, stk. 1", rule_set: lab2020}
      absent: [coordinating_caseworker]

`citizen` may give: first_name, first_approach, takeover (the day the municipality took Helhed into use),
target_groups (group, from, to), conversations (day, in_person, held), offers (kind, start, end, extension_reason),
exemptions (ground, covers: [rules], from, to, reason), plans (the days the plan's versions were saved),
coordinating_caseworker_since (a coordinating caseworker on the team now), coordinator_offers (offered, answer,
answered), quota_decisions (from, to: the kommune's 25 % decision) or outside_contact_quota: true (one since
2020). `expect` lists obligations by rule; each may check status, due, paragraph, rule_set, unconfirmed,
moved_from, takeover_from and advice_due. `absent` lists rules that must raise nothing.
"""

import datetime
from decimal import Decimal
from pathlib import Path

import yaml

from helhed.rules.engine import evaluate
from helhed.rules.facts import (
    CitizenFacts,
    Conversation,
    CoordinatorOffer,
    Exemption,
    Offer,
    PlanFact,
    QuotaDecision,
    TargetPeriod,
)

CASES = Path(__file__).resolve().parent / "cases"


def _day(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _conversation_day(conversation: dict):
    """`day:`; a bare `on:` also works, although YAML reads the key `on` as true."""
    return conversation.get("day", conversation.get("on", conversation.get(True)))


def _quota_decisions(citizen: dict) -> list[QuotaDecision]:
    decisions = [QuotaDecision(_day(d["from"]), _day(d.get("to"))) for d in citizen.get("quota_decisions", [])]
    if citizen.get("outside_contact_quota"):
        decisions.append(QuotaDecision(datetime.date(2020, 1, 1)))
    return decisions


def facts_of(citizen: dict) -> CitizenFacts:
    return CitizenFacts(
        citizen_id=0, first_name=citizen.get("first_name", "Sara"),
        first_approach=_day(citizen.get("first_approach")), takeover=_day(citizen.get("takeover")),
        target_periods=[TargetPeriod(str(p["group"]), _day(p["from"]), _day(p.get("to")))
                        for p in citizen.get("target_groups", [])],
        conversations=[Conversation(_day(_conversation_day(c)), bool(c.get("in_person", True)),
                                    bool(c.get("held", True))) for c in citizen.get("conversations", [])],
        offers=[Offer(o["kind"], _day(o["start"]), _day(o.get("end")), o.get("extension_reason", ""),
                      int(o.get("extensions", 0)))
                for o in citizen.get("offers", [])],
        exemptions=[Exemption(_day(e["from"]), _day(e.get("to")), e.get("reason", "Fritaget"),
                              tuple(e.get("covers", [])), e.get("ground", "job"))
                    for e in citizen.get("exemptions", [])],
        plans=[PlanFact(tuple(sorted(_day(d) for d in citizen["plans"])))] if citizen.get("plans") else [],
        coordinating_caseworker_since=_day(citizen.get("coordinating_caseworker_since")),
        coordinator_offers=[CoordinatorOffer(_day(o["offered"]), o.get("answer", ""), _day(o.get("answered")))
                            for o in citizen.get("coordinator_offers", [])],
        quota_decisions=_quota_decisions(citizen),
    )


def _all_cases() -> list[dict]:
    cases = []
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            cases.append({**case, "file": path.name})
    return cases


def load_cases() -> list[dict]:
    """The cases about obligations (deadlines); the sanction scenarios are `load_sanction_cases()`."""
    return [case for case in _all_cases() if "sanction" not in case]


def load_sanction_cases() -> list[dict]:
    return [case for case in _all_cases() if "sanction" in case]


DATE_KEYS = {"due", "moved_from", "takeover_from", "advice_due"}


def mismatches(case: dict) -> list[str]:
    """What the rules give that the case does not expect (empty when the case holds)."""
    as_of = _day(case["as_of"])
    obligations = evaluate(facts_of(case["citizen"]), as_of)
    by_rule: dict[str, list] = {}
    for o in obligations:
        by_rule.setdefault(o.rule_id, []).append(o)
    problems = []
    for expected in case.get("expect", []):
        found = by_rule.get(expected["rule"], [])
        if not found:
            problems.append(f"{expected['rule']}: expected, but the rules raised nothing")
            continue
        candidates = [o for o in found if "due" not in expected or o.due == _day(expected["due"])] or found
        o = candidates[0]
        actual = {"status": str(o.status), "due": o.due, "paragraph": o.source.paragraph, "rule_set": o.rule_set,
                  "unconfirmed": o.unconfirmed, "moved_from": o.moved_from, "takeover_from": o.takeover_from,
                  "advice_due": o.advice_due}
        for key in actual:
            if key in expected:
                want = _day(expected[key]) if key in DATE_KEYS else expected[key]
                if actual[key] != want:
                    problems.append(f"{expected['rule']}: {key} is {actual[key]!r}, expected {want!r}")
    for rule_id in case.get("absent", []):
        if rule_id in by_rule:
            problems.append(f"{rule_id}: expected nothing, got {[str(o.status) for o in by_rule[rule_id]]}")
    return problems


# A lawful § 37 deduction; each sanction scenario gives only what differs (see cases/sanctions.yaml).
SANCTION_DEFAULTS = {
    "ground": "37", "source": "jobsamtale", "event_on": "2026-03-02", "decided_on": "2026-03-20",
    "outcome": "deduction", "aktivitetsparat": False, "guidance_given_on": "2026-01-15",
    "contact_attempts": [{"on": "2026-03-02", "kind": "phone"}], "reasonable_cause": "no",
    "reasonable_cause_assessment": "Søren har ikke givet en forklaring, og intet i sagen peger på sygdom eller andet.",
    "availability_promoted": None, "availability_reasoning": "", "vulnerability_assessment": "",
    "hearing_sent_on": "2026-03-05", "hearing_deadline": "2026-03-16", "hearing_answered_on": None,
    "reasons": "Søren udeblev fra samtalen uden rimelig grund og fik vejledning om konsekvensen i januar.",
    "contact_on": "2026-03-04", "absent_days": [], "monthly_benefit": 12000, "rate_used": None,
    "reductions_this_month": 0,
}


def sanction_scenario(given: dict):
    """The checker's facts, the deduction and the reduction for one scenario of the case table."""
    from helhed.rules import sanctions as s

    d = {**SANCTION_DEFAULTS, **given}
    event_on, decided_on = _day(d["event_on"]), _day(d["decided_on"])
    benefit = None if d["monthly_benefit"] is None else Decimal(d["monthly_benefit"])
    days = s.deduction_days(d["ground"], missed_on=event_on, contact_on=_day(d["contact_on"]),
                            absent_days=[_day(x) for x in d["absent_days"]])
    event_of = (lambda day: day) if d["ground"] == s.OFFER else (lambda day: event_on)
    deduction = s.compute_deduction(days, event_of=event_of, decided_on=decided_on,
                                    benefit_on=lambda day: benefit, rate_sets=s.DEFAULT_RATES)
    found = None if benefit is None else s.daily_rate(event_on, benefit, s.DEFAULT_RATES)
    facts = s.SanctionFacts(
        ground=str(d["ground"]), source=d["source"], event_on=event_on, decided_on=decided_on, outcome=d["outcome"],
        aktivitetsparat=bool(d["aktivitetsparat"]), guidance_given_on=_day(d["guidance_given_on"]),
        contact_attempts=tuple(s.ContactAttemptFact(_day(_conversation_day(a)), a["kind"], bool(a.get("reached")))
                               for a in d["contact_attempts"]),
        reasonable_cause=d["reasonable_cause"] or "", reasonable_cause_assessment=d["reasonable_cause_assessment"] or "",
        availability_promoted=d["availability_promoted"], availability_reasoning=d["availability_reasoning"] or "",
        vulnerability_assessment=d["vulnerability_assessment"] or "", hearing_sent_on=_day(d["hearing_sent_on"]),
        hearing_deadline=_day(d["hearing_deadline"]), hearing_answered_on=_day(d["hearing_answered_on"]),
        reasons=d["reasons"] or "", contact_on=_day(d["contact_on"]),
        days=tuple(day for day, _rate in deduction.rates), days_without_benefit=deduction.without_benefit,
        rate_used=d["rate_used"], rate_expected=None if found is None else found[0],
        reductions_this_month=int(d["reductions_this_month"]),
    )
    reduction = None if benefit is None else s.reduction_amount(event_on, benefit, s.DEFAULT_RATES)
    return facts, deduction, reduction


def sanction_mismatches(case: dict) -> list[str]:
    from helhed.rules.sanctions import missing

    facts, deduction, reduction = sanction_scenario(case["sanction"])
    blocking = sorted(r.code for r in missing(facts))
    problems = []
    verdict = "blocked" if blocking else "allowed"
    if verdict != case["expect"]:
        problems.append(f"expected {case['expect']}, got {verdict} (missing: {blocking})")
    if "missing" in case and sorted(case["missing"]) != blocking:
        problems.append(f"missing is {blocking}, expected {sorted(case['missing'])}")
    expected = case.get("deduction", {})
    actual = {"days": len(deduction.rates), "total": deduction.total, "unconfirmed": deduction.unconfirmed}
    for key, want in expected.items():
        if actual[key] != want:
            problems.append(f"deduction {key} is {actual[key]!r}, expected {want!r}")
    if "reduction" in case and reduction != case["reduction"]:
        problems.append(f"reduction is {reduction!r}, expected {case['reduction']!r}")
    return problems
