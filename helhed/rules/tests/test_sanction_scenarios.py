"""The sanction scenarios of the legal case table (`helhed/rules/cases/sanctions.yaml`) hold: each states whether
the decision must be blocked or allowed, why, and what the deduction comes to."""

import pytest
from django.utils import translation

from helhed.rules.case_table import load_sanction_cases, sanction_mismatches

CASES = load_sanction_cases()


def test_at_least_twenty_scenarios_each_with_a_reason_and_a_verdict():
    assert len(CASES) >= 20
    assert all(case.get("why") and case.get("law") and case["expect"] in ("allowed", "blocked") for case in CASES)
    assert all("missing" in case for case in CASES if case["expect"] == "blocked")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_sanction_scenario(case):
    with translation.override("da"):
        problems = sanction_mismatches(case)
    assert problems == [], f"{case['name']} ({case['law']}): " + "; ".join(problems)
