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


def test_the_rules_table_in_the_docs_is_the_registry():
    """docs/rules.md holds the table `manage.py rules_table` prints; regenerate it when a rule changes."""
    from pathlib import Path

    from helhed.rules.doc_table import BEGIN, END, markdown_table

    text = (Path(__file__).resolve().parents[3] / "docs" / "rules.md").read_text(encoding="utf-8")
    assert text[text.index(BEGIN):text.index(END) + len(END)] == markdown_table()
