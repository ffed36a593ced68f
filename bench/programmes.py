"""Flere skal med 1 at 100,000 citizens: the programme dashboard's counts against an independent SQL query, and the
time each takes, written to bench/README.md.

Usage (on a generated database; one generated before programmes existed is migrated and given the demo's programmes):
    HELHED_SQLITE_PATH=/tmp/helhed-100k.sqlite3 .venv/bin/python bench/programmes.py [--rounds 5]

The floor is the independent SQL itself: ten COUNT queries over the same enrolments, measured in the same run, so
the ratio travels between machines where a time would not.
"""

import argparse
import datetime
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "bench" / "README.md"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhed.settings")


def timed(function, rounds):
    times, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from helhed.citizens.models import Citizen
    from helhed.core.models import Municipality, Role, StaffMember
    from helhed.demo.programmes import DemoProgrammes
    from helhed.programmes import measures, selection, services
    from helhed.programmes.models import Programme
    from helhed.programmes.tests import independent_sql

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()

    call_command("migrate", "programmes", verbosity=0)
    municipality = Municipality.objects.order_by("pk").first()
    citizens = Citizen.objects.filter(municipality=municipality).count()
    setup = ""
    if not Programme.objects.filter(municipality=municipality).exists():
        leader = StaffMember.objects.filter(municipality=municipality, roles__role=Role.TEAM_LEADER).order_by("pk").first()
        started = time.perf_counter()
        DemoProgrammes(municipality=municipality, as_of=datetime.date.today(), seed=1, team_leader=leader).run()
        setup = f"defining both and enrolling FSM 1 with its visitation took {time.perf_counter() - started:.1f} s; "
    programme = Programme.objects.get(municipality=municipality, name="Flere skal med 1")
    criterion = services.current_criterion(programme)
    day = datetime.date.today()

    select_s, ids = timed(lambda: selection.selected_ids(criterion, day), args.rounds)
    profile_s, _profile = timed(lambda: selection.group_profile(criterion, ids, day), args.rounds)
    board_s, board = timed(lambda: measures.dashboard(programme), args.rounds)
    sql_s, sql = timed(lambda: independent_sql.counts(programme.pk, board.on, months=3), args.rounds)
    c = board.counts
    ours = {"enrolled": c.enrolled, "visited": c.visited, "job_broker": c.job_broker, "plan": c.plan,
            "first_step": c.first_step, "progression": c.progression, "small_steps": c.small_steps,
            "in_placement": c.in_placement, "in_work": c.in_work[3], "paid_this_month": c.paid_this_month}
    agree = ours == sql
    rows = [f"| {name} | {ours[name]:,} | {sql[name]:,} | {'yes' if ours[name] == sql[name] else '**no**'} |"
            for name in ours]
    command = (f"`HELHED_SQLITE_PATH={os.environ.get('HELHED_SQLITE_PATH', '…')} .venv/bin/python "
               f"bench/programmes.py --rounds {args.rounds}` on a database made by `manage.py migrate && manage.py "
               f"generate_municipality --citizens 100000 --seed 1` (which ships Flere skal med 1 and 2)")
    block = "\n".join([
        f"Measured {day:%Y-%m-%d} on {connection.vendor}, {citizens:,} citizens, {len(ids):,} selected and "
        f"{c.enrolled:,} enrolled; {setup}median of {args.rounds} rounds. Command: {command}",
        "",
        "| figure | dashboard | independent SQL | agree |",
        "|---|---|---|---|",
        *rows,
        "",
        "| step | time | ratio to the floor |",
        "|---|---|---|",
        f"| floor: the independent SQL (ten COUNT queries) | {sql_s * 1000:.0f} ms | 1.0 |",
        f"| the criterion's selection (`selection.selected_ids`) | {select_s * 1000:.0f} ms | {select_s / sql_s:.1f} |",
        f"| the group profile before enrolment | {profile_s * 1000:.0f} ms | {profile_s / sql_s:.1f} |",
        f"| the whole dashboard, with {len(board.series)} months of targets (`measures.dashboard`) | "
        f"{board_s * 1000:.0f} ms | {board_s / sql_s:.1f} |",
    ])
    print(block)
    if not args.no_record:
        text = README.read_text()
        start, end = "<!-- programmes:start -->", "<!-- programmes:end -->"
        if start in text:
            text = re.sub(f"{start}.*?{end}", f"{start}\n{block}\n{end}", text, flags=re.S)
        else:
            text += (f"\n## Programme dashboard at 100,000 citizens (issue 16)\n\n{start}\n{block}\n{end}\n")
        README.write_text(text)
    sys.exit(0 if agree else 1)


if __name__ == "__main__":
    main()
