"""Time the rules scan over every citizen with an open case: the full scan set-wise in one process and in several,
the nightly scan of the nights after it (only the citizens whose results can change), a naive per-citizen loop, and
the re-evaluation of one citizen after a change.

Usage: .venv/bin/python bench/obligations.py [--db-path /tmp/helhed-caseload.sqlite3] [--citizens 100000]
       [--processes 2] [--nights 7] [--naive-sample 20000] [--skip-one-process]
Reuses (or generates) the SQLite database of bench/caseload.py. The set-wise scan is `evaluate_obligations`
(helhed.rules.services.refresh: facts for 2,000 citizens in a fixed number of queries, evaluation in memory, one
insert); `--processes N` splits the citizens over N forked processes (`evaluate_obligations --processes N`). The
naive loop does what a per-citizen implementation would: load one citizen's facts, evaluate, replace that citizen's
stored results; it runs over the first `--naive-sample` citizens and is scaled up to all of them (the cost
per citizen is flat: one citizen's queries). One citizen: `refresh([pk])` as a change triggers it, median of 50.
The nights: `evaluate_obligations` (`refresh_changed`) as of each of the `--nights` days after the full scan; after
the last, the stored results of a sample of citizens are compared with evaluating them afresh.
"""

import argparse
import datetime
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
    parser.add_argument("--nights", type=int, default=7)
    parser.add_argument("--skip-one-process", action="store_true", help="leave out the full scan in one process")
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
    from helhed.rules.services import refresh, refresh_changed, refresh_everyone

    call_command("migrate", verbosity=0)
    if not Citizen.objects.exists():
        call_command("generate_municipality", citizens=args.citizens, seed=1)
    ids = list(Case.objects.filter(status=Case.Status.OPEN).order_by("citizen_id").values_list("citizen_id", flat=True))
    today = timezone.localdate()
    load = os.getloadavg()[0]

    single = None
    if not args.skip_one_process:
        started = time.perf_counter()
        _citizens, stored = refresh_everyone(today, processes=1)
        single = time.perf_counter() - started
        print(f"set-wise, 1 process: {len(ids):,} citizens, {stored:,} obligations in {single:.1f} s", flush=True)
    started = time.perf_counter()
    _citizens, stored_parallel = refresh_everyone(today, processes=args.processes)
    parallel = time.perf_counter() - started
    assert single is None or stored_parallel == stored, (stored_parallel, stored)
    stored = stored_parallel
    print(f"set-wise, {args.processes} processes: {stored:,} obligations in {parallel:.1f} s", flush=True)

    nights = []
    for night in range(1, args.nights + 1):
        day = today + datetime.timedelta(days=night)
        started = time.perf_counter()
        evaluated, _stored = refresh_changed(day, processes=args.processes)
        nights.append((day, evaluated, time.perf_counter() - started))
        print(f"night of {day}: {evaluated:,} citizens evaluated in {nights[-1][2]:.1f} s", flush=True)
    checked = ids[:: max(1, len(ids) // 2000)]
    if nights:
        last = nights[-1][0]
        kept = sorted(ObligationRecord.objects.filter(citizen_id__in=checked).values_list(
            "citizen_id", "rule_id", "rule_set", "status", "due", "advice_due"))
        fresh = sorted((citizen_id, o.rule_id, o.rule_set, str(o.status), o.due, o.advice_due)
                       for citizen_id, facts in load_facts(checked).items() for o in evaluate(facts, last))
        assert kept == fresh, f"the stored results of {last} differ from evaluating afresh"
        print(f"checked: the stored results of {len(checked):,} citizens equal a fresh evaluation", flush=True)

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
          f" ratio {naive / parallel:.1f}x ({args.processes} processes)")
    if not args.no_record:
        record(args, len(ids), stored, single, parallel, nights, len(checked), naive, len(sample), one_median,
               one_max, load)


def record(args, citizens, stored, single, parallel, nights, checked, naive, sampled, one_median, one_max, load):
    text = README.read_text(encoding="utf-8")
    size = f"{citizens // 1000}k" if citizens < 1_000_000 else f"{citizens / 1_000_000:g}M"
    start, end = f"<!-- obligations-{size}:start -->", f"<!-- obligations-{size}:end -->"
    scaled = "" if sampled == citizens else f" (the first {sampled:,} citizens, scaled up)"
    block = "\n".join([
        start,
        f"### {citizens:,} citizens with an open case (SQLite)",
        "",
        f"Command: `.venv/bin/python bench/obligations.py {' '.join(sys.argv[1:])}`."
        f" Measured {time.strftime('%Y-%m-%d')}, load average {load:.2f} before the run, 2 cores.",
        "",
        "| scan | citizens evaluated | wall time | naive loop / this |",
        "|---|---|---|---|",
        *([f"| full, 1 process (`evaluate_obligations --full`) | {citizens:,} | **{single:.1f} s** |"
           f" {naive / single:.1f}× |"] if single is not None else []),
        f"| full, {args.processes} processes (`evaluate_obligations --full --processes {args.processes}`) |"
        f" {citizens:,} | **{parallel:.1f} s** | {naive / parallel:.1f}× |",
        *[f"| nightly, {day:%a %-d %b %Y} (`evaluate_obligations --processes {args.processes}`) | {evaluated:,}"
          f" ({evaluated / citizens:.1%}) | **{seconds:.1f} s** | {naive / seconds:.0f}× |"
          for day, evaluated, seconds in nights],
        f"| naive per-citizen loop{scaled} | {citizens:,} | {naive:.1f} s | 1× |",
        "",
        f"The full scan stores {stored:,} obligations. " + (
            f"After the last night, the stored results of {checked:,} citizens (every {citizens // checked:,}th) "
            f"equal evaluating them afresh." if nights else ""),
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
