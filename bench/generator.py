"""Time the demo generator on a fresh database and record the figure in bench/README.md.

Usage: .venv/bin/python bench/generator.py [--citizens 100000] [--db sqlite|postgres]
(for PostgreSQL: scripts/with-postgres.sh .venv/bin/python bench/generator.py --db postgres)
"""

import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "bench" / "README.md"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()

    env = dict(os.environ)
    tmp = tempfile.mkdtemp(prefix="helhed-bench-")
    if args.db == "sqlite":
        env["HELHED_SQLITE_PATH"] = str(Path(tmp) / "bench.sqlite3")
    else:
        env["HELHED_PG_NAME"] = "bench"
        subprocess.run(["psql", "-h", env["HELHED_PG_HOST"], "-p", env["HELHED_PG_PORT"], "-U", "helhed",
                        "-d", "postgres", "-qc", "CREATE DATABASE bench"], check=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run(manage + ["migrate", "-v", "0"], check=True, env=env, cwd=ROOT)
    command = f"manage.py generate_municipality --citizens {args.citizens} --seed {args.seed}"
    started = time.perf_counter()
    out = subprocess.run(manage + command.split()[1:], check=True, env=env, cwd=ROOT, capture_output=True, text=True).stdout
    seconds = time.perf_counter() - started
    summary = out.splitlines()[0]
    print(summary)
    print(f"wall time {seconds:.1f} s")
    record(args, command, seconds, summary)


def record(args, command, seconds, summary):
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    start, end = "<!-- generator:start -->", "<!-- generator:end -->"
    if start not in text:
        text += f"\n## Demo generator\n\n{start}\n| date | citizens | database | wall time | output | command |\n|---|---|---|---|---|---|\n{end}\n"
    row = (f"| {datetime.date.today()} | {args.citizens:,} | {args.db} | **{seconds:.0f} s** | {summary} | "
           f"`{'scripts/with-postgres.sh ' if args.db == 'postgres' else ''}.venv/bin/python bench/generator.py "
           f"--citizens {args.citizens} --db {args.db}` (runs `{command}` on a fresh database) |")
    head, rest = text.split(start)
    table, tail = rest.split(end)
    lines = [line for line in table.strip("\n").splitlines()
             if not re.match(rf"\| [\d-]+ \| {args.citizens:,} \| {args.db} \|", line)]
    text = head + start + "\n" + "\n".join(lines + [row]) + "\n" + end + tail
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}")
    main()
