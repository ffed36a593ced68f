"""Scale-out (issue 12, point 6): two web processes and two task workers on one PostgreSQL database.

Real processes with production settings (see helhed/tests/processes.py): two gunicorn servers with one worker each,
on ports of their own, and two `manage.py db_worker` processes (django-tasks-db), on a new PostgreSQL database
migrated with `manage.py migrate` and filled with `manage.py generate_municipality --citizens 20 --seed 1`.

- Reminders: the booking service books appointments for the demo caseworker's citizens and every reminder of them is
  made due now. The reminder task (`send_due_reminders`, contact/tasks.py) is enqueued several times at once, as
  several schedulers would, so both workers run `send_due` over the same reminders at the same time. The message
  backend records every message handed to it with the worker's process id (`RecordingOutboxBackend`), before the
  outbox's own idempotency key could hide a second delivery. Every reminder must be sent, claimed once
  (`attempts` 1), handed to the backend once and in the outbox once, and both workers must have sent some.
- Web: meanwhile one logged-in caseworker alternates between the two web processes: the form page from one, the
  POST to the other (the session and the CSRF cookie hold across processes), and pages to read. Every acknowledged
  journal note must be in the database, no request may fail, and both processes must have served reads and writes.

PostgreSQL only: on SQLite one file serialises every writer, which is a development set-up, not a scale-out one.
"""

import threading
import time
from collections import Counter

import pytest
from django.db import connection

from helhed.tests.processes import (  # noqa: F401  (fixtures)
    Browser,
    acknowledged,
    call,
    calls,
    fresh_database,
    manage,
    processes,
    production_environment,
    sends,
    unique,
)

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(connection.vendor != "postgresql", reason=(
        "scale-out is proven on PostgreSQL, the production database; SQLite serialises every writer in one file "
        "(runs in `make test-postgres`)")),
]

APPOINTMENTS = 100  # a reminder for the citizen (if they want reminders) and one for the caseworker each
TASK_RUNS = 4  # the reminder task, enqueued this many times at once
SEND_DELAY = "0.01"  # seconds per message in the backend: a gateway is slow, and the two runs overlap longer


class Client(threading.Thread):
    """One caseworker, alternating between the web processes until stopped."""

    def __init__(self, ports: list[int], citizens: list[int]):
        super().__init__(daemon=True)
        self.ports = ports
        self.citizens = citizens
        self.stop = threading.Event()
        self.acknowledged: list[str] = []
        self.served = Counter()  # (port, "read" | "write") -> successful responses
        self.failures: list[str] = []

    def run(self):
        browser = Browser(self.ports[0])
        browser.log_in()
        i = 0
        while not self.stop.is_set():
            # Requests alternate between the processes: write, write, read, read, ...
            port, other = self.ports[i % 2], self.ports[(i + 1) % 2]
            pk = self.citizens[i % len(self.citizens)]
            try:
                if (i // 2) % 2 == 0:
                    self.write(browser, other, port, pk)
                else:
                    self.read(browser, port, pk, i)
            except (AssertionError, OSError) as error:
                self.failures.append(f"{type(error).__name__}: {error}")
            i += 1

    def write(self, browser, form_port, port, pk):
        """The form from one process, the POST to the other."""
        text = unique("scale-out-note")
        browser.port = form_port
        action, fields = browser.form(f"/borgere/{pk}/notat/ny/", "text")
        browser.port = port
        response = browser.request("POST", action, [(n, v) for n, v in fields if n != "text"] + [("text", text)])
        if acknowledged(response):
            self.acknowledged.append(text)
            self.served[port, "write"] += 1
        else:
            self.failures.append(f"POST {action} on {port}: {response.status} {response.location}")

    def read(self, browser, port, pk, i):
        path = [f"/borgere/{pk}/", "/kalender/", "/udbakke/", "/borgere/"][(i // 4) % 4]
        browser.port = port
        response = browser.request("GET", path)
        if response.status == 302 and "/min-historie/" in (response.location or ""):
            # The first time a person opens a citizen with a story, Helhed shows the story first: follow it.
            response = browser.request("GET", response.location)
        if response.status == 200 and 'action="/logout/"' in response.text:
            self.served[port, "read"] += 1
        else:
            self.failures.append(f"GET {path} on {port}: {response.status} {response.location}")


def test_two_web_processes_and_two_task_workers_on_one_postgresql(fresh_database, processes, tmp_path):  # noqa: F811
    started = time.monotonic()
    sends_file = tmp_path / "sends"
    # One reminder per recipient and appointment (24 hours before for the citizen, 1 hour for staff): none of them
    # supersedes another when all are due at once.
    env = production_environment(
        fresh_database, tmp_path, HELHED_MESSAGE_BACKEND="helhed.tests.processes.RecordingOutboxBackend",
        HELHED_TEST_SENDS=str(sends_file), HELHED_TEST_SEND_DELAY=SEND_DELAY,
        HELHED_REMINDER_HOURS_CITIZEN="24", HELHED_REMINDER_HOURS_STAFF="1",
    )
    manage(env, "migrate", "-v", "0")
    # The processes start while the demo data is generated and the reminders are booked.
    web = [processes.gunicorn(name, env, workers=1, wait=False) for name in ("web-a", "web-b")]
    workers = [processes.db_worker(name, env, wait=False) for name in ("worker-a", "worker-b")]
    citizens, reminder_ids = calls(env, ("demo_municipality", {"citizens": 20, "seed": 1}),
                                   ("seed_due_reminders", {"appointments": APPOINTMENTS}))
    assert citizens, "the demo caseworker has a caseload"
    assert len(reminder_ids) >= APPOINTMENTS
    for process in web + workers:
        processes.wait_ready(process)
    set_up = time.monotonic() - started

    client = Client([server.port for server in web], citizens)
    client.start()
    task_ids = call(env, "enqueue_reminder_runs", times=TASK_RUNS)
    db = fresh_database
    deadline = time.monotonic() + 40
    while True:
        waiting = db.rows("SELECT COUNT(*) FROM contact_reminder WHERE id = ANY(?) AND status IN ('pending', 'sending')",
                          (reminder_ids,))[0][0]
        unfinished = db.rows("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult "
                             "WHERE status IN ('READY', 'RUNNING')")[0][0]
        if not waiting and not unfinished:
            break
        assert time.monotonic() < deadline, f"{waiting} reminders and {unfinished} task runs still waiting"
        for process in workers:
            assert process.popen.poll() is None, f"{process.name} stopped:\n{process.output()}"
        time.sleep(0.2)
    sending = time.monotonic() - started - set_up
    while min([client.served[server.port, kind] for server in web for kind in ("read", "write")]) < 3:
        assert time.monotonic() < deadline, f"the client got too few answers: {dict(client.served)}"
        time.sleep(0.1)
    client.stop.set()
    client.join(timeout=30)
    assert not client.is_alive()

    # No reminder sent twice: each claimed once, handed to the backend once, in the outbox once.
    reminders = db.rows("SELECT id, key, status, attempts FROM contact_reminder WHERE id = ANY(?)", (reminder_ids,))
    assert len(reminders) == len(reminder_ids)
    assert Counter(status for _id, _key, status, _attempts in reminders) == {"sent": len(reminder_ids)}
    assert [r for r in reminders if r[3] != 1] == [], "a reminder was claimed more than once"
    handed = sends(sends_file)
    per_key = Counter(key for key, _pid in handed)
    assert [key for key, n in per_key.items() if n > 1] == [], "a reminder reached the message backend twice"
    assert {str(key) for _id, key, _status, _attempts in reminders} <= set(per_key)
    outbox = Counter(str(key) for (key,) in db.rows(
        "SELECT key FROM contact_outboxmessage WHERE reminder_id = ANY(?)", (reminder_ids,)))
    assert outbox == Counter({str(key): 1 for _id, key, _status, _attempts in reminders})
    reminder_keys = {str(key) for _id, key, _status, _attempts in reminders}  # the demo sends its own messages too
    by_worker = Counter(pid for key, pid in handed if key in reminder_keys)
    assert set(by_worker) == {process.pid for process in workers}, f"both workers sent reminders: {by_worker}"
    runs = db.rows("SELECT id, status, worker_ids FROM django_tasks_database_dbtaskresult")
    assert {str(task_id) for task_id, _status, _workers in runs} >= set(task_ids)
    assert {status for _id, status, _workers in runs} == {"SUCCESSFUL"}, runs

    # Every acknowledged write is stored; both web processes served reads and writes; nothing failed.
    assert client.failures == []
    stored = {text for (text,) in db.rows("SELECT text FROM contact_journalnote WHERE text LIKE ?",
                                          ("scale-out-note-%",))}
    assert client.acknowledged and set(client.acknowledged) <= stored
    assert all(client.served[server.port, kind] >= 3 for server in web for kind in ("read", "write"))

    print(f"\n{len(reminder_ids)} reminders sent once each by {TASK_RUNS} task runs on 2 workers in {sending:.1f} s "
          f"(messages per worker, the demo's own due reminders included: "
          f"{ {process.name: by_worker[process.pid] for process in workers} }); "
          f"{len(client.acknowledged)} notes acknowledged and stored; served "
          f"{ {f'{s.name} {kind}': client.served[s.port, kind] for s in web for kind in ('read', 'write')} }; "
          f"set-up {set_up:.1f} s, {time.monotonic() - started:.1f} s in all")
