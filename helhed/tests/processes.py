"""Real processes for the tests that need them (test_durability.py, test_scale_out.py).

- `fresh_database`: a database of its own for the processes, on the engine of the current test run: a temporary
  SQLite file in the SQLite run, a new PostgreSQL database on the suite's server in the PostgreSQL run (created
  with psycopg like the restore drill does, dropped at the end). pytest-django's test database is not used: on
  SQLite it lives in the test process's memory, and it is flushed between tests.
- `production_environment`: the environment of bench/pages.py: HELHED_ENV=production with a random secret key,
  HELHED_BEHIND_PROXY=1 (the client sends X-Forwarded-Proto: https as deploy/nginx.conf does, so the TLS redirect
  and the secure cookies work over plain HTTP on localhost), deploy/gunicorn.conf.py.
- `processes`: starts gunicorn, `manage.py db_worker` and the like in process groups of their own and kills every
  group at the end, also when the test fails. If the test process itself is killed, each process it started gets
  SIGKILL from the kernel (gunicorn's workers then exit within their timeout, seeing their master gone).
- `Browser`: one staff member's HTTP client: logs in through the login form and submits the forms of the pages
  as a browser would (every field the page renders, with the CSRF token).
- Functions run inside the processes (`call`, through `manage.py shell -c`): `demo_municipality`,
  `writable_citizens`, `seed_due_reminders`, `enqueue_reminder_runs`; and the message backend
  `RecordingOutboxBackend` (HELHED_MESSAGE_BACKEND).

Static files: production settings serve them through WhiteNoise's CompressedManifestStaticFilesStorage, which needs
the manifest that `collectstatic` writes. collectstatic compresses 51 MB (DKFDS) and takes about 65 s on the 2-core
reference machine, so `production_environment` writes the manifest only, mapping every static file's name to itself:
the pages render as in production; the tests request no static file.
"""

import ctypes
import datetime
import html.parser
import http.client
import io
import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
HOST = "localhost"
DEMO_USER = "sagsbehandler"  # the demo caseworker of `manage.py generate_municipality` (README: demo logins)
DEMO_PASSWORD = "helhed-demo"


# --- the database -----------------------------------------------------------------------------------------------

@dataclass
class Database:
    """The processes' database: `env` points a process at it, `rows` reads it directly (not through Django)."""

    vendor: str
    env: dict
    path: Path | None = None  # SQLite
    params: dict = field(default_factory=dict)  # PostgreSQL: psycopg.connect() arguments

    def connect(self):
        if self.vendor == "sqlite":
            return sqlite3.connect(self.path, timeout=30)
        import psycopg

        return psycopg.connect(**self.params, autocommit=True)

    def rows(self, sql: str, params=()) -> list[tuple]:
        """`sql` with `?` placeholders on both engines."""
        conn = self.connect()
        try:
            cursor = conn.cursor()
            cursor.execute(sql if self.vendor == "sqlite" else sql.replace("?", "%s"), params)
            return cursor.fetchall()
        finally:
            conn.close()


def _postgres_admin(settings_dict):
    import psycopg

    return psycopg.connect(host=settings_dict["HOST"], port=settings_dict["PORT"], user=settings_dict["USER"],
                           password=settings_dict["PASSWORD"] or None, dbname="postgres", autocommit=True)


@pytest.fixture
def fresh_database(tmp_path):
    from django.db import connection

    if connection.vendor == "sqlite":
        path = tmp_path / "helhed.sqlite3"
        yield Database("sqlite", {"HELHED_DB": "sqlite", "HELHED_SQLITE_PATH": str(path)}, path=path)
        return
    if connection.vendor != "postgresql":
        pytest.skip(f"no fresh database on {connection.vendor}")
    settings_dict = connection.settings_dict
    name = f"helhed_processes_{uuid.uuid4().hex[:10]}"
    admin = _postgres_admin(settings_dict)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        params = {"host": settings_dict["HOST"], "port": settings_dict["PORT"], "user": settings_dict["USER"],
                  "password": settings_dict["PASSWORD"] or None, "dbname": name}
        yield Database("postgresql", {
            "HELHED_DB": "postgres", "HELHED_PG_HOST": str(settings_dict["HOST"]),
            "HELHED_PG_PORT": str(settings_dict["PORT"]), "HELHED_PG_USER": settings_dict["USER"],
            "HELHED_PG_PASSWORD": settings_dict["PASSWORD"] or "", "HELHED_PG_NAME": name,
        }, params=params)
    finally:
        # FORCE: connections of killed processes may linger for a moment.
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def production_environment(database: Database, workdir: Path, **extra) -> dict:
    """The environment of bench/pages.py (production settings behind the proxy) on `database`."""
    static = workdir / "static"
    static.mkdir(exist_ok=True)
    _write_static_manifest(static)
    media = workdir / "media"
    media.mkdir(exist_ok=True)
    env = {**os.environ}
    for name in [n for n in env if n.startswith("HELHED_")]:
        del env[name]  # only what is set here (the suite's HELHED_PG_NAME is the test run's own database)
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "helhed.settings",
        "HELHED_ENV": "production",
        "HELHED_DEBUG": "0",
        "HELHED_SECRET_KEY": secrets.token_urlsafe(50),
        "HELHED_ALLOWED_HOSTS": HOST,
        "HELHED_BEHIND_PROXY": "1",
        "HELHED_STATIC_ROOT": str(static),
        "HELHED_MEDIA_ROOT": str(media),
        "HELHED_LOG_LEVEL": "warning",
        "PYTHONUNBUFFERED": "1",
        **database.env,
        **extra,
    }


def _write_static_manifest(static_root: Path) -> None:
    """The manifest collectstatic would write, with every name mapped to itself (see the module docstring)."""
    from django.contrib.staticfiles import finders

    names = {}
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            name = f"{storage.prefix}/{path}" if getattr(storage, "prefix", None) else path
            names[name.replace(os.sep, "/")] = name.replace(os.sep, "/")
    (static_root / "staticfiles.json").write_text(json.dumps({"paths": names, "version": "1.1", "hash": "tests"}))


# --- processes --------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent():
    """In the child before exec: SIGKILL when the test process dies (Linux PR_SET_PDEATHSIG), so nothing outlives a
    killed run. The kernel sends it when the thread that started the child ends: start processes from the test's
    own thread. gunicorn's workers, children of its master, exit within their timeout once the master is gone."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def manage(env: dict, *args, timeout: float = 300) -> str:
    """`manage.py <args>` in a process of its own; returns its standard output."""
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode:
        raise AssertionError(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result.stdout


def call(env: dict, function: str, **kwargs):
    """Run `helhed.tests.processes.<function>(**kwargs)` in `manage.py shell`; returns what it printed, as JSON."""
    return calls(env, (function, kwargs))[0]


def calls(env: dict, *functions: tuple[str, dict]) -> list:
    """Several `call`s, one after the other in one `manage.py shell` (a Django start-up costs seconds on a busy
    machine); returns what each printed."""
    code = "from helhed.tests import processes\n" + "\n".join(
        f"processes.{function}(**{kwargs!r})" for function, kwargs in functions)
    lines = manage(env, "shell", "-v", "0", "-c", code).strip().splitlines()
    return [json.loads(line) for line in lines[-len(functions):]]


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path
    port: int | None = None
    workers: int = 0  # gunicorn's

    @property
    def pid(self) -> int:
        return self.popen.pid

    def output(self, tail: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-tail:] if self.log.exists() else ""

    def children(self) -> list[int]:
        """The live processes whose parent is this one (gunicorn's workers)."""
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                stat = _stat(int(entry.name))
                if stat and stat[1] == self.pid and stat[0] != "Z":
                    found.append(int(entry.name))
        return found


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, process group) of a process, or None if there is none."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], int(fields[1]), int(fields[2])


def alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


class Processes:
    """Every process a test starts, each the leader of its own process group; `stop_all` kills every group."""

    def __init__(self, logdir: Path):
        self.logdir = logdir
        self.started: list[Process] = []

    def start(self, name: str, command: list[str], env: dict, port: int | None = None) -> Process:
        log = self.logdir / f"{name}.log"
        with open(log, "ab") as out:
            popen = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=_die_with_parent)
        process = Process(name, popen, log, port)
        self.started.append(process)
        return process

    def gunicorn(self, name: str, env: dict, *, workers: int = 2, wait: bool = True) -> Process:
        """Helhed under gunicorn with deploy/gunicorn.conf.py on a free port; with `wait`, returns once /readyz
        answers 200 and the workers are up (else call `wait_ready`)."""
        port = free_port()
        command = [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF), "--bind", f"127.0.0.1:{port}",
                   "--workers", str(workers), "helhed.wsgi:application"]
        process = self.start(name, command, env, port)
        process.workers = workers
        if wait:
            self.wait_ready(process)
        return process

    def db_worker(self, name: str, env: dict, *, wait: bool = True) -> Process:
        """`manage.py db_worker` (django-tasks-db) with the worker id `name`; with `wait`, returns once it polls the
        queue (else call `wait_ready`)."""
        process = self.start(name, [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
                                    "--interval", "0.1", "--worker-id", name], env)
        if wait:
            self.wait_ready(process)
        return process

    def wait_ready(self, process: Process, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            assert process.popen.poll() is None, f"{process.name} stopped:\n{process.output()}"
            if process.port is None:  # a task worker
                if "Starting worker" in process.output(tail=100_000):
                    return
            else:
                try:
                    ready = Browser(process.port).request("GET", "/readyz", timeout=5).status == 200
                except OSError:
                    ready = False
                if ready and len(process.children()) >= process.workers:
                    return
            assert time.monotonic() < deadline, f"{process.name} did not get ready:\n{process.output()}"
            time.sleep(0.1)

    def kill(self, process: Process) -> None:
        """SIGKILL to the whole process group (gunicorn's master and its workers at once), then reap the leader."""
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            process.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass

    def stop_all(self) -> None:
        for process in self.started:
            self.kill(process)


@pytest.fixture
def processes(fresh_database, tmp_path):
    """Depends on `fresh_database` so that the processes are gone before their database is dropped."""
    logdir = tmp_path / "logs"
    logdir.mkdir(exist_ok=True)
    started = Processes(logdir)
    try:
        yield started
    finally:
        started.stop_all()


# --- HTTP -------------------------------------------------------------------------------------------------------

@dataclass
class Response:
    status: int
    location: str
    text: str
    port: int


class _Forms(html.parser.HTMLParser):
    """Each POST form of a page as a browser would submit it: (action, [(name, value), ...])."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str | None, list]] = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = (a.get("action"), []) if (a.get("method") or "get").lower() == "post" else None
            if self._form:
                self.forms.append(self._form)
        elif self._form is None or a.get("disabled") is not None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form[1].append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "reset", "image", "file"):
                self._form[1].append((a["name"], a.get("value") or ""))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "multiple": "multiple" in a, "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._form[1].append((name, text[1:] if text.startswith("\n") else text))  # as browsers do
            self._textarea = None
        elif tag == "select" and self._select is not None:
            s = self._select
            values = s["chosen"] if s["multiple"] or s["chosen"] else [s["first"]] if s["first"] is not None else []
            self._form[1].extend((s["name"], v) for v in (values if s["multiple"] else values[-1:]))
            self._select = None


class Browser:
    """One person's HTTP client as the reverse proxy passes requests on (Host, X-Forwarded-Proto: https).
    Follows no redirects. `port` may be changed between requests: the session lives in the database."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data=None, timeout: float = 30) -> Response:
        headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            body = urlencode(data or [], doseq=True)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": f"https://{HOST}",
                            "Referer": f"https://{HOST}{path}"})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[key] = morsel.value
                else:
                    self.cookies.pop(key, None)
        return Response(response.status, response.headers.get("Location", ""), text, self.port)

    def log_in(self, username: str = DEMO_USER, password: str = DEMO_PASSWORD) -> None:
        response = self.submit("/login/", {"username": username, "password": password})
        assert response.status == 302 and "sessionid" in self.cookies, f"login as {username}: {response.status}"

    def form(self, path: str, field_name: str) -> tuple[str, list]:
        """The page's POST form with a field `field_name`: (the URL it posts to, its fields)."""
        response = self.request("GET", path)
        assert response.status == 200, f"GET {path}: {response.status} {response.location}"
        parser = _Forms()
        parser.feed(response.text)
        for action, fields in parser.forms:
            if any(name == field_name for name, _value in fields):
                return urljoin(path, action or path), fields
        raise AssertionError(f"GET {path}: no form with the field {field_name!r}")

    def submit(self, path: str, values: dict) -> Response:
        """Fill in the form on `path` that has the first of `values`' fields, as a person would, and send it."""
        action, fields = self.form(path, next(iter(values)))
        data = [(name, value) for name, value in fields if name not in values] + list(values.items())
        return self.request("POST", action, data)


def acknowledged(response: Response) -> bool:
    """A form saved: Helhed answers a successful POST with a redirect (a form with errors renders again, 200)."""
    return response.status == 302 and not response.location.startswith("/login/")


# --- run inside the processes (`call`) --------------------------------------------------------------------------

def demo_municipality(citizens: int = 20, seed: int = 1, username: str = DEMO_USER) -> None:
    """`manage.py generate_municipality --citizens <citizens> --seed <seed>`, then `writable_citizens` (one process
    instead of two: a Django start-up costs a second or more on the shared machine)."""
    from django.core.management import call_command

    call_command("generate_municipality", citizens=citizens, seed=seed, stdout=io.StringIO())
    writable_citizens(username)


def writable_citizens(username: str = DEMO_USER) -> None:
    """Print the ids of the citizens `username` may write to and book with (need-to-know, write access)."""
    from helhed.citizens.access import get_access, visible_citizens
    from helhed.core.models import StaffMember

    staff = StaffMember.objects.get(user__username=username)
    ids = []
    for pk in visible_citizens(staff, write=True).order_by("pk").values_list("pk", flat=True):
        try:
            get_access(staff, pk, write=True, meet=True)
        except Exception:  # noqa: BLE001 - Http404: not this one
            continue
        ids.append(pk)
    print(json.dumps(ids))


def seed_due_reminders(username: str = DEMO_USER, appointments: int = 100) -> None:
    """Book `appointments` appointments for `username`'s citizens through the booking service, then make every
    reminder of them due now. Prints the reminders' ids."""
    from django.utils import timezone

    from helhed.citizens.access import visible_citizens
    from helhed.contact.models import Reminder
    from helhed.contact.services.appointments import book_appointment
    from helhed.core.models import StaffMember

    staff = StaffMember.objects.select_related("municipality", "user").get(user__username=username)
    citizens = list(visible_citizens(staff, write=True).order_by("pk"))
    first = timezone.localtime().replace(hour=7, minute=0, second=0, microsecond=0) + datetime.timedelta(days=3)
    booked = []
    for i in range(appointments):
        starts_at = first + datetime.timedelta(days=i // 20, minutes=30 * (i % 20))
        booked.append(book_appointment(staff=staff, citizen=citizens[i % len(citizens)], starts_at=starts_at,
                                       message_to_citizen=f"scale-out {i}", overlap_confirmed=True))
    reminders = Reminder.objects.filter(appointment__in=booked)
    reminders.update(due_at=timezone.now() - datetime.timedelta(seconds=1))
    print(json.dumps(sorted(reminders.values_list("pk", flat=True))))


def enqueue_reminder_runs(times: int = 1) -> None:
    """Enqueue the reminder task (contact/tasks.py) `times` times, as several schedulers would; prints the ids."""
    from helhed.contact.tasks import send_due_reminders

    print(json.dumps([str(send_due_reminders.enqueue().id) for _ in range(times)]))


class RecordingOutboxBackend:
    """The outbox backend, which also appends "<key> <pid>" to the file HELHED_TEST_SENDS for every message handed to
    it (before the outbox's own idempotency), after HELHED_TEST_SEND_DELAY seconds (a slow gateway keeps the
    workers' runs overlapping). One line per key means no reminder reached the backend twice."""

    def send(self, message) -> bool:
        from helhed.contact.messaging import OutboxBackend

        time.sleep(float(os.environ.get("HELHED_TEST_SEND_DELAY", "0")))
        fd = os.open(os.environ["HELHED_TEST_SENDS"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, f"{message.key} {os.getpid()}\n".encode())  # one write with O_APPEND: lines never mix
        finally:
            os.close(fd)
        return OutboxBackend().send(message)


def sends(path: Path) -> list[tuple[str, int]]:
    """The lines RecordingOutboxBackend wrote: (reminder key, process id)."""
    if not path.exists():
        return []
    return [(key, int(pid)) for key, pid in (line.split() for line in path.read_text().splitlines() if line)]


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"
