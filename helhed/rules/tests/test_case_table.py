"""Every case in the legal case table (`helhed/rules/cases/*.yaml`) holds."""

import pytest
from django.utils import translation

from helhed.rules.case_table import load_cases, mismatches

CASES = load_cases()


def test_the_case_table_has_cases():
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=[f"{c['file']}: {c['name']}" for c in CASES])
def test_case(case):
    with translation.override("da"):
        problems = mismatches(case)
    assert problems == [], f"{case['name']} ({case.get('law', '')}): " + "; ".join(problems)
