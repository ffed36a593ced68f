"""kill -9 durability (issue 12, point 4): every write Helhed acknowledged survives a SIGKILL of the web server.

Real processes, production settings: Helhed runs under gunicorn with deploy/gunicorn.conf.py (2 sync workers) and the
environment of bench/pages.py (HELHED_ENV=production, a random secret key, HELHED_BEHIND_PROXY=1; the client sends
X-Forwarded-Proto: https as deploy/nginx.conf does), on a database of its own: a temporary SQLite file in the SQLite
run, a new PostgreSQL database in the PostgreSQL run (`make test-postgres`), migrated with `manage.py migrate` and
filled with `manage.py generate_municipality --citizens 20 --seed 1`. The demo caseworker logs in through the login
form; six threads then write over HTTP as a browser would (every form field the page renders, the CSRF token):
journal notes, plan saves (each thread its own citizen's plan, so no edit conflicts) and bookings, each with a unique
text. A write counts as acknowledged when Helhed answers it with its success redirect. In the middle of the burst the
whole gunicorn process group (master and workers) gets SIGKILL; then the database is opened directly (sqlite3 or
psycopg, not Django) and every acknowledged write must be there. On SQLite the file must also pass
`PRAGMA integrity_check`, and on both engines a new gunicorn must come up ready on the same database.

Writes that were in flight at the kill may or may not be in the database (the client never heard back); the test
counts them but asserts nothing about them.
"""

import datetime
import json
import threading
import time

import pytest

from helhed.tests.processes import (  # noqa: F401  (fixtures)
    Browser,
    acknowledged,
    alive,
    call,
    fresh_database,
    manage,
    processes,
    production_environment,
    unique,
)

pytestmark = pytest.mark.processes

THREADS_PER_KIND = 2
KILL_AFTER_ACKNOWLEDGED = 24  # writes acknowledged before the kill (at least a few of each kind, see below)
KILL_AT_THE_LATEST = 15.0  # seconds into the burst


class Burst:
    """The writer threads and what each write got back."""

    def __init__(self, port: int, citizens: list[int]):
        self.port = port
        self.citizens = citizens
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.acknowledged: dict[str, list[str]] = {"note": [], "plan": [], "booking": []}
        self.refused: list[str] = []  # answered, but not with the success redirect (e.g. a locked SQLite database)
        self.killed_at: float | None = None
        self.interrupted = 0  # requests sent before the kill that got no answer
        self.threads = []

    def run(self):
        """Start the writers; each logs in first, in parallel (a login costs an Argon2 hash). One login goes before:
        the first login of a demo user rehashes its password (the generator's fixed salt is too short for Django),
        which signs out the sessions of logins made at the same time."""
        Browser(self.port).log_in()
        writers = [self.note, self.plan, self.booking]
        for n, writer in enumerate(w for w in writers for _ in range(THREADS_PER_KIND)):
            self.threads.append(threading.Thread(target=self.loop, args=(writer, n), daemon=True))
        for thread in self.threads:
            thread.start()

    def count(self) -> int:
        with self.lock:
            return sum(len(texts) for texts in self.acknowledged.values())

    def loop(self, writer, n):
        browser = Browser(self.port)
        try:
            browser.log_in()
        except (OSError, AssertionError) as error:
            with self.lock:
                self.refused.append(f"log in: {error}")
            return
        i = 0
        while not self.stop.is_set():
            sent_at = time.monotonic()
            try:
                kind, text, response = writer(browser, n, i)
            except (OSError, AssertionError) as error:
                with self.lock:
                    if self.killed_at is None:  # e.g. the form page answered 500
                        self.refused.append(f"{writer.__name__} {error}")
                        continue
                    if sent_at < self.killed_at:  # the server went away while this write was in flight
                        self.interrupted += 1
                return
            with self.lock:
                if acknowledged(response):
                    self.acknowledged[kind].append(text)
                else:
                    self.refused.append(f"{kind} {response.status}")
            i += 1

    # Each writer: (kind, the unique text, the response to the POST).

    def note(self, browser, n, i):
        text = unique("durability-note")
        pk = self.citizens[n % len(self.citizens)]
        return "note", text, browser.submit(f"/borgere/{pk}/notat/ny/", {"text": f"{text}: samtale om Æ, Ø og Å."})

    def plan(self, browser, n, i):
        text = unique("durability-plan")
        pk = self.citizens[n]  # one plan per thread: the plan's version check would refuse two writers' saves
        return "plan", text, browser.submit(f"/borgere/{pk}/plan/ret/", {
            "own_goal": text, "involvement": "co_creation", "citizen_position": "agrees",
            "change_note": f"Opfølgning {i}",
        })

    def booking(self, browser, n, i):
        text = unique("durability-booking")
        pk = self.citizens[n]
        # A slot of its own for every booking of the (one) caseworker: no double-booking warning.
        day = datetime.date.today() + datetime.timedelta(days=30 + i)
        return "booking", text, browser.submit(f"/borgere/{pk}/aftaler/ny/", {
            "place": text, "date": day.isoformat(), "time": f"06:{30 * (n % 2):02d}", "duration_minutes": "30",
            "kind": "jobsamtale", "channel": "office", "overlap_confirmed": "",
        })


def test_every_acknowledged_write_survives_a_sigkill_of_gunicorn(fresh_database, processes, tmp_path):  # noqa: F811
    started = time.monotonic()
    env = production_environment(fresh_database, tmp_path)
    manage(env, "migrate", "-v", "0")
    server = processes.gunicorn("gunicorn", env, wait=False)  # starts while the demo data is generated
    citizens = call(env, "demo_municipality", citizens=20, seed=1)  # generate_municipality, then the caseload
    assert len(citizens) >= 3 * THREADS_PER_KIND, f"the demo caseworker may write to too few citizens: {citizens}"
    citizens = citizens[: 3 * THREADS_PER_KIND]  # a citizen per thread
    processes.wait_ready(server)
    workers = server.children()
    set_up = time.monotonic() - started
    assert len(workers) == 2, "deploy/gunicorn.conf.py starts 2 workers"

    burst = Burst(server.port, citizens)
    burst.run()
    burst_started = time.monotonic()
    while burst.count() < KILL_AFTER_ACKNOWLEDGED and time.monotonic() - burst_started < KILL_AT_THE_LATEST:
        time.sleep(0.02)
    burst.killed_at = time.monotonic()
    processes.kill(server)  # SIGKILL to the process group: the master and both workers at once
    killed_at = burst.killed_at - burst_started
    burst.stop.set()
    for thread in burst.threads:
        thread.join(timeout=30)

    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in [server.pid, *workers]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in [server.pid, *workers]), "gunicorn survived SIGKILL"
    acknowledged_writes = {kind: list(texts) for kind, texts in burst.acknowledged.items()}
    assert all(acknowledged_writes.values()), f"each kind of write was acknowledged before the kill: {burst.refused}"
    assert burst.interrupted, "the kill came in the middle of the burst: some requests in flight got no answer"

    db = fresh_database
    notes = {text.split(":")[0] for (text,) in db.rows(
        "SELECT text FROM contact_journalnote WHERE text LIKE ?", ("durability-note-%",))}
    plans = set()
    for (content,) in db.rows("SELECT content FROM plans_planversion"):
        own_goal = (json.loads(content) if isinstance(content, str) else content).get("own_goal", "")
        if own_goal.startswith("durability-plan-"):
            plans.add(own_goal)
    bookings = {place for (place,) in db.rows(
        "SELECT place FROM contact_appointment WHERE place LIKE ?", ("durability-booking-%",))}
    stored = {"note": notes, "plan": plans, "booking": bookings}
    missing = {kind: sorted(set(texts) - stored[kind]) for kind, texts in acknowledged_writes.items()}
    assert missing == {"note": [], "plan": [], "booking": []}, "acknowledged writes lost in the kill"
    if fresh_database.vendor == "sqlite":
        assert db.rows("PRAGMA integrity_check") == [("ok",)]

    # The application starts again on the same database and is ready.
    restarted = processes.gunicorn("gunicorn-after-kill", env, workers=1)
    assert Browser(restarted.port).request("GET", "/readyz").status == 200

    in_flight = {kind: len(stored[kind] - set(texts)) for kind, texts in acknowledged_writes.items()}
    print(f"\n{fresh_database.vendor}: acknowledged {({k: len(v) for k, v in acknowledged_writes.items()})}, "
          f"killed {killed_at:.1f} s into the burst, {burst.interrupted} requests without an answer, "
          f"{len(burst.refused)} refused {burst.refused[:3]}, stored without an acknowledgement {in_flight}; "
          f"set-up {set_up:.1f} s, {time.monotonic() - started:.1f} s in all")
