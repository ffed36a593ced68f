"""Time the permission-filtered caseload query ("Mine borgere") at 100,000 citizens and show its query plan.

Usage: .venv/bin/python bench/caseload.py [--citizens 100000] [--db-path /tmp/helhed-caseload.sqlite3]
       scripts/with-postgres.sh .venv/bin/python bench/caseload.py --db postgres
Generates the municipality on a fresh database (reused if the SQLite file exists), then runs the query that
the "Mine borgere" page runs — count plus the first page of 25 — for one staff member per role, 20 times each,
and records the median in bench/README.md together with the plan (SQLite EXPLAIN QUERY PLAN / PostgreSQL EXPLAIN).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
README = ROOT / "bench" / "README.md"
REPEAT = 20


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--db-path", default="/tmp/helhed-caseload.sqlite3")
    args = parser.parse_args()
    if args.db == "sqlite":
        os.environ["HELHED_SQLITE_PATH"] = args.db_path
    else:
        os.environ["HELHED_PG_NAME"] = "caseload"
        subprocess.run(["psql", "-h", os.environ["HELHED_PG_HOST"], "-p", os.environ["HELHED_PG_PORT"], "-U", "helhed",
                        "-d", "postgres", "-qc", "CREATE DATABASE caseload"], check=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhed.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from helhed.citizens.models import Citizen
    from helhed.citizens.selectors import my_citizens
    from helhed.core.models import StaffMember
    from helhed.demo.generator import DEMO_LOGINS

    call_command("migrate", verbosity=0)
    if not Citizen.objects.exists():
        call_command("generate_municipality", citizens=args.citizens, seed=1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics for the planner, as a nightly job would keep them
    total = Citizen.objects.count()
    rows, plans = [], []
    for role, username in DEMO_LOGINS.items():
        staff = StaffMember.objects.select_related("municipality", "unit").prefetch_related("roles").get(
            user__username=username
        )
        timings = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            queryset = my_citizens(staff)
            count = queryset.count()
            page = list(queryset[:25])
            timings.append((time.perf_counter() - started) * 1000)
        rows.append((role.label, count, len(page), statistics.median(timings), max(timings)))
        if role in ("caseworker", "partner"):
            sql, params = my_citizens(staff)[:25].query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(("EXPLAIN QUERY PLAN " if args.db == "sqlite" else "EXPLAIN ") + sql, params)
                plan = "\n".join(" | ".join(str(c) for c in row) for row in cursor.fetchall())
            plans.append((role.label, plan))
    for row in rows:
        print(f"{row[0]:<26} visible {row[1]:>5}  page {row[2]:>2}  median {row[3]:7.1f} ms  max {row[4]:7.1f} ms")
    record(args, total, rows, plans)


def record(args, total, rows, plans):
    text = README.read_text(encoding="utf-8")
    start, end = f"<!-- caseload-{args.db}:start -->", f"<!-- caseload-{args.db}:end -->"
    command = ("scripts/with-postgres.sh " if args.db == "postgres" else "") + \
        f".venv/bin/python bench/caseload.py --citizens {args.citizens} --db {args.db}"
    table = [f"### {args.db}, {total:,} citizens\n", f"Command: `{command}`\n",
             "| role (demo login) | citizens visible | rows on page | median | max |", "|---|---|---|---|---|"]
    table += [f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.1f} ms | {r[4]:.1f} ms |" for r in rows]
    for label, plan in plans:
        table += ["", f"Plan for {label}:", "```", plan, "```"]
    block = start + "\n" + "\n".join(table) + "\n" + end
    if start in text:
        head, rest = text.split(start)
        text = head + block + rest.split(end, 1)[1]
    else:
        if "## Permission-filtered caseload" not in text:
            text += ("\n## Permission-filtered caseload (\"Mine borgere\")\n\nThe query behind the list: every citizen the "
                     "staff member has a need-to-know reason for, filtered in SQL (`citizens.access.visible_citizens`),"
                     " with the count and the first page of 25, median of 20 runs.\n")
        text += "\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
