"""The nightly scan re-evaluates a citizen only on their next change day (`engine.next_change`). These tests check
that promise against the slow truth: evaluate every day, and the results never differ before the day said."""

import datetime

import pytest

from helhed.citizens.models import Case
from helhed.demo.generator import Generator
from helhed.rules.case_table import _day, facts_of, load_cases
from helhed.rules.engine import evaluate, next_change
from helhed.rules.facts import load_facts

ONE_DAY = datetime.timedelta(days=1)


def _stored(obligations) -> list[tuple]:
    """What the worklist keeps of an evaluation (ObligationRecord's columns)."""
    return sorted((o.rule_id, o.rule_set, str(o.status), o.due, o.advice_due) for o in obligations)


def _steady_between_changes(facts, first: datetime.date, days: int) -> int:
    """Evaluate each day from `first`; returns how many evaluations the change days saved. Fails on a day before the
    promised change whose results differ."""
    obligations = evaluate(facts, first)
    held, evaluated_on, changes = _stored(obligations), first, next_change(facts, obligations, first)
    saved = 0
    for n in range(1, days):
        day = first + n * ONE_DAY
        obligations = evaluate(facts, day)
        if changes is not None and day >= changes:
            held, evaluated_on, changes = _stored(obligations), day, next_change(facts, obligations, day)
            continue
        saved += 1
        assert _stored(obligations) == held, (
            f"citizen {facts.citizen_id}: evaluated on {evaluated_on}, promised steady until {changes}, but on {day} "
            f"the results differ:\n{held}\n{_stored(obligations)}")
    return saved


@pytest.mark.parametrize("case", load_cases(), ids=lambda case: f"{case['file']}:{case['name'][:60]}")
def test_results_hold_until_the_next_change_day_for_every_case_of_the_legal_table(case):
    as_of = _day(case["as_of"])
    _steady_between_changes(facts_of(case["citizen"]), as_of - datetime.timedelta(days=120), 300)


@pytest.mark.django_db
def test_results_hold_until_the_next_change_day_for_the_demo_citizens():
    """From before the reform of 1 Jul 2026 to past the draft of 1 Jan 2027, every day, for a generated kommune."""
    Generator(citizens=120, seed=7, as_of=datetime.date(2026, 11, 30)).run()
    ids = list(Case.objects.filter(status=Case.Status.OPEN).values_list("citizen_id", flat=True))
    saved = sum(_steady_between_changes(facts, datetime.date(2026, 6, 1), 300) for facts in load_facts(ids).values())
    # The point of the change days: most nights most citizens need no evaluation.
    assert saved > 0.8 * len(ids) * 299


def test_a_deadline_far_ahead_changes_nothing_until_it_is_due_soon():
    facts = facts_of({"target_groups": [{"group": "2", "from": "2026-09-01"}], "plans": ["2026-09-03"]})
    as_of = datetime.date(2026, 10, 1)
    obligations = evaluate(facts, as_of)
    plan = next(o for o in obligations if o.rule_id == "plan")
    assert plan.due == datetime.date(2026, 12, 3) and str(plan.status) == "upcoming"
    change = next_change(facts, obligations, as_of)
    # The four-in-six advice day and deadline come first; none of them is tomorrow.
    assert change > as_of + ONE_DAY
    assert all(_stored(evaluate(facts, as_of + n * ONE_DAY)) == _stored(obligations)
               for n in range(1, (change - as_of).days))


def test_nothing_changes_by_the_calendar_for_a_citizen_without_a_case_course():
    facts = facts_of({"target_groups": [{"group": "6", "from": "2020-01-01"}]})
    assert next_change(facts, evaluate(facts, datetime.date(2026, 11, 30)), datetime.date(2026, 11, 30)) in (
        None, datetime.date(2027, 1, 1))  # at most the start of the 2027 draft rule set

