"""The nightly rules scan in several processes stores exactly what one process stores (real processes, on the
engine of the test run: the test database cannot be shared with forked processes)."""

import os

import pytest

from helhed.tests.processes import fresh_database, manage  # noqa: F401  (fixture)

pytestmark = pytest.mark.processes

RECORDS = ("SELECT citizen_id, rule_id, rule_set, status, due, advice_due, evaluated_for "
           "FROM helhed_rules_obligationrecord ORDER BY citizen_id, rule_id, due, status")
# Without the day evaluated for: the nightly scan leaves alone the citizens whose results still hold.
RESULTS = ("SELECT citizen_id, rule_id, rule_set, status, due, advice_due "
           "FROM helhed_rules_obligationrecord ORDER BY citizen_id, rule_id, due, status")


def test_the_scan_in_three_processes_stores_what_one_process_stores(fresh_database):  # noqa: F811
    env = {**os.environ, **fresh_database.env, "DJANGO_SETTINGS_MODULE": "helhed.settings",
           "HELHED_LOG_LEVEL": "warning"}
    manage(env, "migrate", "-v", "0", timeout=300)
    manage(env, "generate_municipality", "--citizens", "60", "--seed", "1", "-v", "0", timeout=300)

    one = manage(env, "evaluate_obligations", "--full", "--as-of", "2026-11-30", "--processes", "1", "-v", "0")
    alone = fresh_database.rows(RECORDS)
    three = manage(env, "evaluate_obligations", "--full", "--as-of", "2026-11-30", "--processes", "3", "-v", "0")
    together = fresh_database.rows(RECORDS)

    assert len(alone) > 60
    assert together == alone
    assert one.split(" in ")[0] == three.split(" in ")[0]  # "<n> citizens evaluated (all), <m> obligations"

    # A fortnight later the nightly scan, in three processes, evaluates only some citizens and stores what a full
    # scan stores.
    nightly = manage(env, "evaluate_obligations", "--as-of", "2026-12-14", "--processes", "3", "-v", "0")
    changed = fresh_database.rows(RESULTS)
    manage(env, "evaluate_obligations", "--full", "--as-of", "2026-12-14", "-v", "0")
    assert changed == fresh_database.rows(RESULTS)
    assert 0 < int(nightly.split()[0]) < int(one.split()[0])
