"""Time the nightly rules scan over every citizen with an open case, set-wise and as a naive per-citizen loop.

Usage: .venv/bin/python bench/obligations.py [--db-path /tmp/helhed-caseload.sqlite3] [--citizens 100000]
Reuses (or generates) the SQLite database of bench/caseload.py. The set-wise scan is `evaluate_obligations`
(helhed.rules.services.refresh: facts for 2,000 citizens in five queries, evaluation in memory, one bulk insert).
The naive loop does what a per-citizen implementation would: load one citizen's facts, evaluate, replace that
citizen's stored results.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
README = ROOT / "bench" / "README.md"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--db-path", default="/tmp/helhed-caseload.sqlite3")
    args = parser.parse_args()
    os.environ["HELHED_SQLITE_PATH"] = args.db_path
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhed.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from helhed.citizens.models import Case, Citizen
    from helhed.rules.engine import evaluate
    from helhed.rules.facts import load_facts
    from helhed.rules.models import ObligationRecord
    from helhed.rules.services import refresh

    call_command("migrate", verbosity=0)
    if not Citizen.objects.exists():
        call_command("generate_municipality", citizens=args.citizens, seed=1)
    ids = list(Case.objects.filter(status=Case.Status.OPEN).order_by("citizen_id").values_list("citizen_id", flat=True))
    today = timezone.localdate()

    started = time.perf_counter()
    stored = refresh(ids, today, everyone=True)
    set_wise = time.perf_counter() - started
    print(f"set-wise: {len(ids)} citizens, {stored} obligations in {set_wise:.1f} s")

    municipality = dict(Citizen.objects.values_list("pk", "municipality_id"))
    started = time.perf_counter()
    naive_stored = 0
    for citizen_id in ids:
        facts = load_facts([citizen_id])[citizen_id]
        records = [
            ObligationRecord(municipality_id=municipality[citizen_id], citizen_id=citizen_id, rule_id=o.rule_id,
                             rule_set=o.rule_set, status=o.status, due=o.due, evaluated_for=today)
            for o in evaluate(facts, today)
        ]
        with transaction.atomic():
            ObligationRecord.objects.filter(citizen_id=citizen_id).delete()
            ObligationRecord.objects.bulk_create(records)
        naive_stored += len(records)
    naive = time.perf_counter() - started
    print(f"naive: {naive_stored} obligations in {naive:.1f} s; ratio {naive / set_wise:.1f}x")
    record(len(ids), stored, set_wise, naive)


def record(citizens, stored, set_wise, naive):
    text = README.read_text(encoding="utf-8")
    start, end = "<!-- obligations:start -->", "<!-- obligations:end -->"
    block = "\n".join([
        start,
        "Command: `.venv/bin/python bench/obligations.py` (SQLite, the 100,000-citizen database of bench/caseload.py)",
        "",
        "| scan | citizens | obligations stored | wall time |",
        "|---|---|---|---|",
        f"| set-wise (`manage.py evaluate_obligations`) | {citizens:,} | {stored:,} | **{set_wise:.1f} s** |",
        f"| naive per-citizen loop | {citizens:,} | {stored:,} | {naive:.1f} s |",
        "",
        f"Ratio naive / set-wise: **{naive / set_wise:.1f}×**. The requirement is under 60 s for the nightly scan.",
        end,
    ])
    if start in text:
        text = text.split(start)[0] + block + text.split(end, 1)[1]
    else:
        text += "\n## Nightly rules scan\n\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
