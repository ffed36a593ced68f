"""Time the nightly rules scan over every citizen with an open case: set-wise in one process and in several, as a
naive per-citizen loop, and the re-evaluation of one citizen after a change.

Usage: .venv/bin/python bench/obligations.py [--db-path /tmp/helhed-caseload.sqlite3] [--citizens 100000]
       [--processes 2] [--naive-sample 20000]
Reuses (or generates) the SQLite database of bench/caseload.py. The set-wise scan is `evaluate_obligations`
(helhed.rules.services.refresh: facts for 2,000 citizens in a fixed number of queries, evaluation in memory, one
insert); `--processes N` splits the citizens over N forked processes (`evaluate_obligations --processes N`). The
naive loop does what a per-citizen implementation would: load one citizen's facts, evaluate, replace that citizen's
stored results; it runs over the first `--naive-sample` citizens and is scaled up to all of them (the cost
per citizen is flat: one citizen's queries). One citizen: `refresh([pk])` as a change triggers it, median of 50.
"""

import argparse
import os
import statistics
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
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--naive-sample", type=int, default=20_000)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    os.environ["HELHED_SQLITE_PATH"] = args.db_path
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhed.settings")
    os.environ.setdefault("HELHED_LOG_LEVEL", "warning")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from helhed.citizens.models import Case, Citizen
    from helhed.rules.engine import evaluate
    from helhed.rules.facts import load_facts
    from helhed.rules.models import ObligationRecord
    from helhed.rules.services import refresh, refresh_everyone

    call_command("migrate", verbosity=0)
    if not Citizen.objects.exists():
        call_command("generate_municipality", citizens=args.citizens, seed=1)
    ids = list(Case.objects.filter(status=Case.Status.OPEN).order_by("citizen_id").values_list("citizen_id", flat=True))
    today = timezone.localdate()
    load = os.getloadavg()[0]

    started = time.perf_counter()
    _citizens, stored = refresh_everyone(today, processes=1)
    single = time.perf_counter() - started
    print(f"set-wise, 1 process: {len(ids):,} citizens, {stored:,} obligations in {single:.1f} s", flush=True)
    started = time.perf_counter()
    _citizens, stored_parallel = refresh_everyone(today, processes=args.processes)
    parallel = time.perf_counter() - started
    assert stored_parallel == stored, (stored_parallel, stored)
    print(f"set-wise, {args.processes} processes: {parallel:.1f} s", flush=True)

    one = []
    for citizen_id in ids[:: max(1, len(ids) // 50)][:50]:
        started = time.perf_counter()
        refresh([citizen_id], today)
        one.append((time.perf_counter() - started) * 1000)
    one_median, one_max = statistics.median(one), max(one)
    print(f"one citizen: median {one_median:.1f} ms, max {one_max:.1f} ms", flush=True)

    sample = ids if len(ids) <= args.naive_sample else ids[: args.naive_sample]
    municipality = dict(Citizen.objects.filter(pk__in=sample).values_list("pk", "municipality_id")) \
        if len(sample) < 30_000 else dict(Citizen.objects.values_list("pk", "municipality_id"))
    started = time.perf_counter()
    for citizen_id in sample:
        facts = load_facts([citizen_id])[citizen_id]
        records = [
            ObligationRecord(municipality_id=municipality[citizen_id], citizen_id=citizen_id, rule_id=o.rule_id,
                             rule_set=o.rule_set, status=o.status, due=o.due, evaluated_for=today)
            for o in evaluate(facts, today)
        ]
        with transaction.atomic():
            ObligationRecord.objects.filter(citizen_id=citizen_id).delete()
            ObligationRecord.objects.bulk_create(records)
    naive = (time.perf_counter() - started) * len(ids) / len(sample)
    print(f"naive: {naive:.1f} s{' (scaled from ' + format(len(sample), ',') + ' citizens)' if sample is not ids else ''};"
          f" ratio {naive / single:.1f}x (1 process), {naive / parallel:.1f}x ({args.processes} processes)")
    if not args.no_record:
        record(args, len(ids), stored, single, parallel, naive, len(sample), one_median, one_max, load)


def record(args, citizens, stored, single, parallel, naive, sampled, one_median, one_max, load):
    text = README.read_text(encoding="utf-8")
    size = f"{citizens // 1000}k" if citizens < 1_000_000 else f"{citizens / 1_000_000:g}M"
    start, end = f"<!-- obligations-{size}:start -->", f"<!-- obligations-{size}:end -->"
    scaled = "" if sampled == citizens else f" (the first {sampled:,} citizens, scaled up)"
    block = "\n".join([
        start,
        f"### {citizens:,} citizens with an open case (SQLite)",
        "",
        f"Command: `.venv/bin/python bench/obligations.py --db-path {args.db_path} --processes {args.processes}`."
        f" Measured {time.strftime('%Y-%m-%d')}, load average {load:.2f} before the run, 2 cores.",
        "",
        "| scan | obligations stored | wall time | naive loop / this |",
        "|---|---|---|---|",
        f"| set-wise, 1 process (`evaluate_obligations`) | {stored:,} | **{single:.1f} s** | {naive / single:.1f}× |",
        f"| set-wise, {args.processes} processes (`evaluate_obligations --processes {args.processes}`) | {stored:,} |"
        f" **{parallel:.1f} s** | {naive / parallel:.1f}× |",
        f"| naive per-citizen loop{scaled} | {stored:,} | {naive:.1f} s | 1× |",
        "",
        f"Re-evaluating one citizen after a change (`refresh([pk])`, 50 citizens): median **{one_median:.1f} ms**,"
        f" max {one_max:.1f} ms.",
        end,
    ])
    if start in text:
        text = text.split(start)[0] + block + text.split(end, 1)[1]
    else:
        text = text.replace("<!-- obligations:start -->", block + "\n\n<!-- obligations:start -->", 1)
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
