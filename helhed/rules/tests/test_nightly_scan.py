"""The nightly scan evaluates only the citizens whose results can have changed, and stores what a full scan stores."""

import datetime

import pytest
from django.test import override_settings

from helhed.citizens.models import Case, TargetGroupPeriod
from helhed.citizens.services import change_target_group
from helhed.core.models import Role
from helhed.core.services import update_municipality_settings
from helhed.demo.generator import Generator
from helhed.rules.engine import evaluate
from helhed.rules.facts import load_facts
from helhed.rules.models import EvaluationStamp, ObligationRecord
from helhed.rules.services import citizens_to_evaluate, refresh, refresh_changed, refresh_everyone
from helhed.rules.tasks import evaluate_obligations_nightly

D = datetime.date


def _results():
    return sorted(ObligationRecord.objects.values_list("citizen_id", "rule_id", "rule_set", "status", "due",
                                                      "advice_due"))


def test_the_nightly_scan_leaves_alone_a_citizen_whose_results_hold(citizen):
    refresh([citizen.pk], D(2026, 11, 2))
    stamp = EvaluationStamp.objects.get(citizen=citizen)
    assert stamp.evaluated_for == D(2026, 11, 2) and stamp.changes_on > D(2026, 11, 3)

    assert refresh_changed(stamp.changes_on - datetime.timedelta(days=1)) == (0, 0)
    evaluated, stored = refresh_changed(stamp.changes_on)
    assert evaluated == 1 and stored == ObligationRecord.objects.filter(citizen=citizen).count() > 0
    assert EvaluationStamp.objects.get(citizen=citizen).evaluated_for == stamp.changes_on


def test_the_nightly_scan_evaluates_a_citizen_never_evaluated_or_evaluated_by_other_rules(citizen):
    assert citizens_to_evaluate(D(2026, 11, 2)) == [citizen.pk]
    refresh([citizen.pk], D(2026, 11, 2))
    assert citizens_to_evaluate(D(2026, 11, 2)) == []
    EvaluationStamp.objects.update(rules_version="a deploy ago")
    assert citizens_to_evaluate(D(2026, 11, 2)) == [citizen.pk]


def test_the_nightly_scan_evaluates_again_a_citizen_evaluated_for_a_later_day(citizen):
    refresh([citizen.pk], D(2026, 12, 1))
    assert citizens_to_evaluate(D(2026, 11, 2)) == [citizen.pk]


def test_the_nightly_scan_drops_the_results_of_a_closed_case(citizen):
    refresh([citizen.pk], D(2026, 11, 2))
    Case.objects.filter(citizen=citizen).update(status=Case.Status.CLOSED)
    assert refresh_changed(D(2026, 11, 3)) == (0, 0)
    assert not ObligationRecord.objects.filter(citizen=citizen).exists()
    assert not EvaluationStamp.objects.filter(citizen=citizen).exists()


def test_a_new_takeover_day_has_the_next_nightly_scan_evaluate_the_whole_municipality(
        citizen, make_staff, municipality):
    refresh([citizen.pk], D(2026, 11, 2))
    administrator = make_staff(municipality, "admin", role=Role.ADMIN)
    update_municipality_settings(staff=administrator, takeover_on=D(2026, 10, 1))
    assert citizens_to_evaluate(D(2026, 11, 3)) == [citizen.pk]


@pytest.mark.parametrize("weekday, full", [(6, True), (2, False), (None, False)])
def test_the_nightly_task_evaluates_everyone_once_a_week(citizen, weekday, full, monkeypatch):
    refresh([citizen.pk], D(2026, 11, 29))
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 11, 29))  # a Sunday
    with override_settings(HELHED_FULL_SCAN_WEEKDAY=weekday):
        result = evaluate_obligations_nightly.call()
    assert result["full"] is full
    assert result["citizens"] == (1 if full else 0)


def _full_evaluation(as_of):
    ids = list(Case.objects.filter(status=Case.Status.OPEN).values_list("citizen_id", flat=True))
    return sorted((citizen_id, o.rule_id, o.rule_set, str(o.status), o.due, o.advice_due)
                  for citizen_id, facts in load_facts(ids).items() for o in evaluate(facts, as_of))


@pytest.mark.django_db
def test_night_after_night_the_scan_stores_what_a_full_scan_stores():
    """A generated kommune over the reform's start and a month of nights, with a change of target group on one of
    them (evaluated at once, as the service does after commit)."""
    Generator(citizens=80, seed=11, as_of=D(2026, 6, 15)).run()
    refresh_everyone(D(2026, 6, 15))
    evaluated = []
    for night in range(1, 31):
        as_of = D(2026, 6, 15) + datetime.timedelta(days=night)
        if night == 10:
            case = Case.objects.filter(status=Case.Status.OPEN).select_related("citizen", "responsible").first()
            current = TargetGroupPeriod.objects.filter(citizen=case.citizen).latest("valid_from").group
            change_target_group(staff=case.responsible, citizen=case.citizen, group="2" if current == "3" else "3",
                                valid_from=as_of,
                                reason="Vurderet aktivitetsparat.")
            refresh([case.citizen_id], as_of)
        evaluated.append(refresh_changed(as_of)[0])
        assert _results() == _full_evaluation(as_of), f"night {night} ({as_of}) differs from a full scan"
    open_cases = Case.objects.filter(status=Case.Status.OPEN).count()
    assert sum(evaluated) < 0.25 * open_cases * len(evaluated)
