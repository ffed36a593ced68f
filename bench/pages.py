"""Page-level benchmark: each role's main pages under load, side by side with a minimal Django view (the floor).

Usage: .venv/bin/python bench/pages.py [--engine sqlite|postgres] [--duration 10] [--rounds 3] [--connections 1,16]
                                       [--workers 2] [--roles sagsbehandler,teamleder] [--no-record]
(`make bench-pages`, with BENCH_PAGES_ARGS="..." for the options.)

1. The database: SQLite reuses the 100,000-citizen database of bench/caseload.py and bench/obligations.py
   (/tmp/helhed-caseload.sqlite3; generated with `generate_municipality --seed 1` and `evaluate_obligations` if it is
   missing or empty). `--engine postgres` starts a throw-away PostgreSQL 15 (scripts/with-postgres.sh, unless
   HELHED_PG_HOST is set already), creates the database `pages` and generates the municipality in it.
2. Helhed runs with production settings (HELHED_ENV=production, a random secret key, collected static files,
   HELHED_BEHIND_PROXY=1: the benchmark sends X-Forwarded-Proto: https as deploy/nginx.conf does) under gunicorn with
   deploy/gunicorn.conf.py; the floor (bench/floor: no middleware, one view, one primary-key lookup on the citizen
   table of the same database) runs under the same gunicorn configuration and worker count. Both on free local ports.
3. The queries per page are counted once in this process with Django's test client (the second request of a
   logged-in staff member, CaptureQueriesContext), on the same database and settings.
4. Each demo role logs in through the login form (CSRF token, password helhed-demo); each of its pages must answer
   200 with the page itself (the logout form, the citizen's name where there is one), not a redirect to /login/.
5. For each round, page and connection count: wrk on the floor, then wrk on the page, for --duration seconds each.
   A page's share of the floor is its req/s divided by the floor's req/s in the run just before it; the table gives
   the median over the rounds of every figure. After each run the page is checked again (the session still holds).
The table is printed and written to bench/README.md between <!-- pages-<engine>-<size>:start/end -->.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import re
import secrets
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The Helhed code that is served and counted: this checkout, or with --rev a revision exported from its history.
CODE = ROOT
README = ROOT / "bench" / "README.md"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
WRK_SCRIPT = ROOT / "bench" / "wrk_report.lua"
PASSWORD = "helhed-demo"
HOST = "localhost"

CITIZEN = "borger"  # not a staff login: a portal session for a demo citizen, made in the database (see log_in)
# Not staff logins either: the open API with a bearer token for a provider's system and the kommune's own system
# (clients registered in the database as the administrator would, see api_token).
API_PROVIDER, API_KOMMUNE = "api-leverandoer", "api-kommune"
BEARER = "__bearer__"  # in a "session": the token, sent as Authorization instead of a cookie

# Each role's main pages: (label, path). {pk} is a citizen the role may open, {q} that citizen's last name.
ROLE_PAGES = {
    "sagsbehandler": [
        ("Mine borgere", "/borgere/"),
        ("Search by name", "/borgere/?q={q}"),
        ("Citizen overview", "/borgere/{pk}/"),
        ("Det skal ske", "/det-skal-ske/"),
        ("Plan", "/borgere/{pk}/plan/"),
        ("Week calendar", "/kalender/"),
        ("Fraværssager", "/fravaer/"),
    ],
    "koordinator": [
        ("Mine borgere", "/borgere/"),
        ("Koordinering", "/koordinering/"),
        ("Citizen overview", "/borgere/{pk}/"),
        ("Det skal ske", "/det-skal-ske/"),
    ],
    "jobformidler": [("Mine borgere", "/borgere/"), ("Team view", "/borgere/{pk}/team/"),
                     ("Offers", "/borgere/{pk}/tilbud/"), ("Find an internship place", "/borgere/{pk}/tilbud/praktik/"),
                     ("Employers", "/virksomheder/")],
    "mentor": [("Mine borgere", "/borgere/"), ("Team view", "/borgere/{pk}/team/")],
    "sanktion": [("Mine borgere", "/borgere/"), ("Fraværssager", "/fravaer/")],
    "partner": [("Mine borgere", "/borgere/")],
    "teamleder": [("Start", "/start/"), ("Kontaktforløb 75 %", "/kontaktforloeb-75-procent/"),
                  ("Employers", "/virksomheder/"), ("Fravær og sanktioner", "/fravaer/statistik/"),
                  ("Relationel koordinering", "/samarbejde/"), ("Ledelsesoverblik", "/ledelsesoverblik/"),
                  ("Programmer", "/programmer/"), ("Program: Flere skal med 1", "/programmer/{programme}/")],
    "databeskyttelse": [("Start", "/start/"), ("Read log", "/revision/laeselog/")],
    # The citizen in the portal: a demo citizen the development provider offers first (an open hearing, a plan).
    CITIZEN: [("Min side", "/borger/"), ("Min plan", "/borger/plan/"), ("Mine møder", "/borger/aftaler/"),
              ("Beskeder", "/borger/beskeder/"), ("Breve", "/borger/breve/"), ("Sådan går det", "/borger/fremskridt/"),
              ("Hvem har set min sag", "/borger/hvem-har-set/")],
    "admin": [("Start", "/start/"), ("Settings", "/indstillinger/"), ("API-klienter", "/api-klienter/")],
    # The open API: a provider's system (the provider with the most running referrals) and the kommune's own system.
    API_PROVIDER: [("Henvisninger", "/api/v1/henvisninger"), ("Henvisning", "/api/v1/henvisninger/{referral}"),
                   ("Plan", "/api/v1/henvisninger/{referral}/plan"), ("Aftaler", "/api/v1/aftaler"),
                   ("Fravær", "/api/v1/fravaer")],
    API_KOMMUNE: [("Borgere", "/api/v1/borgere"), ("Aktiviteter", "/api/v1/aktiviteter"),
                  ("Programmer", "/api/v1/programmer")],
}


@dataclass
class Page:
    username: str
    role: str
    label: str
    path: str
    expect: list[str]
    queries: int | None = None
    html_bytes: int | None = None
    runs: dict = field(default_factory=dict)  # connections -> list of (floor result, page result)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--citizens", type=int, default=100_000, help="citizens to generate if the database is empty")
    parser.add_argument("--db-path", default="/tmp/helhed-caseload.sqlite3", help="the SQLite database")
    parser.add_argument("--pg-name", default="pages", help="the PostgreSQL database (created if missing)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", default="1,16", help="comma-separated wrk connection counts")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, for Helhed and the floor alike")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of unrecorded load on each page first")
    parser.add_argument("--roles", default=",".join(ROLE_PAGES), help="comma-separated demo logins")
    parser.add_argument("--rev", help="serve this git revision (exported with git archive) instead of the work tree")
    parser.add_argument("--labels", help="comma-separated page labels to measure (all of the roles' pages if left out)")
    parser.add_argument("--no-record", action="store_true", help="print only; leave bench/README.md alone")
    args = parser.parse_args()
    connections = [int(c) for c in args.connections.split(",")]
    roles = [r for r in args.roles.split(",") if r]
    unknown = set(roles) - set(ROLE_PAGES)
    if unknown:
        parser.error(f"unknown roles: {', '.join(sorted(unknown))}")
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk (make bench-pages installs it)")
    if args.engine == "postgres" and not os.environ.get("HELHED_PG_HOST"):
        # Run again inside a throw-away PostgreSQL server.
        script = ROOT / "scripts" / "with-postgres.sh"
        os.execv(str(script), [str(script), sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]])

    # A SIGTERM stops the servers and removes the temporary files like Ctrl+C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped by SIGTERM"))
    env = production_environment(args)
    os.environ.update(env)
    started = time.time()
    load_before = os.getloadavg()
    workdir = Path(tempfile.mkdtemp(prefix="helhed-bench-pages-"))
    try:
        if args.rev:
            export_revision(args.rev, workdir / "code", env)
        total = prepare_database(args)
        collect_static(env)
        pages = plan_pages(roles)
        if args.labels:
            pages = [page for page in pages if page.label in args.labels.split(",")]
        count_queries(pages)
        servers = []
        try:
            floor_port, app_port = free_port(), free_port()
            floor_pk = floor_citizen_pk()
            servers.append(start_server("floor", floor_port, args.workers, floor_environment(env), workdir))
            servers.append(start_server("helhed", app_port, args.workers, env, workdir))
            wait_ready(floor_port, f"/citizen/{floor_pk}/", servers[0])
            wait_ready(app_port, "/healthz", servers[1])
            floor_path = f"/citizen/{floor_pk}/"
            try:
                measure(args, connections, pages, app_port, floor_port, floor_path)
            except BaseException:
                for server in servers:
                    print(f"--- end of the {server['name']} log:\n{server['log'].read_text()[-4000:]}", file=sys.stderr)
                if any(page.runs for page in pages):
                    print("Measured before the stop (not recorded):", file=sys.stderr)
                    print("\n".join(table(pages, connections)), file=sys.stderr)
                raise
        finally:
            for server in servers:
                stop_server(server)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(env["HELHED_STATIC_ROOT"], ignore_errors=True)
    load_after = os.getloadavg()
    lines = table(pages, connections)
    print("\n".join(lines))
    if not args.no_record:
        record(args, total, lines, time.time() - started, load_before, load_after)


# --- set-up --------------------------------------------------------------------------------------------------------

def production_environment(args) -> dict:
    env = {
        "DJANGO_SETTINGS_MODULE": "helhed.settings",
        "HELHED_ENV": "production",
        "HELHED_DEBUG": "0",
        "HELHED_SECRET_KEY": secrets.token_urlsafe(50),
        "HELHED_ALLOWED_HOSTS": HOST,
        "HELHED_BEHIND_PROXY": "1",
        "HELHED_STATIC_ROOT": tempfile.mkdtemp(prefix="helhed-bench-static-"),
        "WEB_CONCURRENCY": str(args.workers),
        "HELHED_ACCESS_LOG": "0",
        "HELHED_LOG_LEVEL": "warning",
    }
    if args.engine == "sqlite":
        env["HELHED_DB"] = "sqlite"
        env["HELHED_SQLITE_PATH"] = args.db_path
    else:
        env["HELHED_PG_NAME"] = args.pg_name
    return env


def floor_environment(env: dict) -> dict:
    return {**env, "DJANGO_SETTINGS_MODULE": "floor.settings", "PYTHONPATH": str(ROOT / "bench")}


def export_revision(rev: str, into: Path, env: dict):
    """Serve a committed revision, untouched by work in progress in the work tree."""
    global CODE
    into.mkdir()
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    (into / "node_modules").symlink_to(ROOT / "node_modules")
    subprocess.run([sys.executable, "manage.py", "compilemessages", "-l", "da", "-v", "0"], cwd=into,
                   env={**os.environ, **env}, check=True)
    CODE = into
    # Before anything imports helhed: the export comes first on the path (the editable install's finder comes last).
    sys.path.insert(0, str(into))


def prepare_database(args) -> int:
    if args.engine == "postgres":
        import psycopg

        with psycopg.connect(host=os.environ["HELHED_PG_HOST"], port=os.environ["HELHED_PG_PORT"],
                             user=os.environ.get("HELHED_PG_USER", "helhed"), dbname="postgres",
                             autocommit=True) as admin:
            if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.pg_name]).fetchone():
                admin.execute(f'CREATE DATABASE "{args.pg_name}"')
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from helhed.citizens.models import Citizen

    call_command("migrate", verbosity=0)
    if not Citizen.objects.exists():
        print(f"Generating {args.citizens:,} citizens (this takes minutes) ...", flush=True)
        call_command("generate_municipality", citizens=args.citizens, seed=1)
        call_command("evaluate_obligations")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Citizen.objects.count()


def collect_static(env: dict):
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=CODE,
                   env={**os.environ, **env}, check=True)


def plan_pages(roles: list[str]) -> list[Page]:
    """The pages of each role, with a citizen that role may open (one with a plan where there is one)."""
    from helhed.citizens.models import Citizen
    from helhed.citizens.selectors import my_citizens
    from helhed.core.models import StaffMember
    from helhed.demo.generator import DEMO_LOGINS
    from helhed.plans.models import Plan

    labels = {username: role.label for role, username in DEMO_LOGINS.items()}
    pages = []
    for username in roles:
        if username == CITIZEN:
            pages += [Page(CITIZEN, "Citizen (portal)", label, path, ['action="/borger/log-ud/"'])
                      for label, path in ROLE_PAGES[CITIZEN]]
            continue
        if username in (API_PROVIDER, API_KOMMUNE):
            referral = api_client(username).get("referral")
            pages += [Page(username, "API client", label, path.format(referral=referral), ['"'])
                      for label, path in ROLE_PAGES[username]]
            continue
        staff = StaffMember.objects.select_related("municipality", "unit", "user").prefetch_related("roles").get(
            user__username=username
        )
        citizen = None
        if any("{pk}" in path or "{q}" in path for _, path in ROLE_PAGES[username]):
            visible = list(my_citizens(staff).values_list("pk", flat=True)[:200])
            with_plan = set(Plan.objects.filter(citizen_id__in=visible).values_list("citizen_id", flat=True))
            chosen = next((pk for pk in visible if pk in with_plan), visible[0] if visible else None)
            citizen = Citizen.objects.get(pk=chosen) if chosen else None
        for label, path in ROLE_PAGES[username]:
            expect = ['action="/logout/"']
            if "{programme}" in path:
                from helhed.programmes.models import Programme

                programme = Programme.objects.filter(municipality=staff.municipality,
                                                     name="Flere skal med 1").first()
                if programme is None:
                    print(f"{username}: no programme (a database generated before issue 16); skipping {label}")
                    continue
                path = path.format(programme=programme.pk)
            if "{pk}" in path or "{q}" in path:
                if citizen is None:
                    print(f"{username}: no citizen to open; skipping {label}")
                    continue
                path = path.format(pk=citizen.pk, q=quote(citizen.last_name))
                expect.append(escape_html(citizen.last_name))
            pages.append(Page(username, str(labels.get(username, username)), label, path, expect))
    return pages


def escape_html(text: str) -> str:
    from django.utils.html import escape

    return str(escape(text))


def floor_citizen_pk() -> int:
    from helhed.citizens.models import Citizen

    return Citizen.objects.order_by("pk").values_list("pk", flat=True)[Citizen.objects.count() // 2]


def count_queries(pages: list[Page]):
    """Queries of each page, counted in this process: the second request of a logged-in staff member."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for page in pages:
        if page.username not in clients:
            clients[page.username] = Client(HTTP_HOST=HOST)
            if page.username == CITIZEN:
                clients[page.username].cookies.load(citizen_session())
            elif page.username in (API_PROVIDER, API_KOMMUNE):
                clients[page.username].defaults["HTTP_AUTHORIZATION"] = f"Bearer {api_client(page.username)['token']}"
            else:
                clients[page.username].force_login(get_user_model().objects.get(username=page.username))
        client = clients[page.username]
        client.get(page.path, secure=True)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"{page.username} {page.path}: the test client got {response.status_code}")
        page.queries = len(queries)
        page.html_bytes = len(response.content)
    connection.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(name: str, port: int, workers: int, env: dict, workdir: Path) -> dict:
    app = "floor.wsgi:application" if name == "floor" else "helhed.wsgi:application"
    log = open(workdir / f"{name}.log", "w")
    command = [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF), "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), app]
    process = subprocess.Popen(command, cwd=CODE, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    return {"name": name, "process": process, "log": workdir / f"{name}.log", "port": port}


def wait_ready(port: int, path: str, server: dict):
    deadline = time.time() + 60
    while time.time() < deadline:
        if server["process"].poll() is not None:
            raise SystemExit(f"{server['name']} stopped:\n{server['log'].read_text()[-3000:]}")
        try:
            status, _, _, _ = request(port, "GET", path)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{server['name']} did not answer {path} with 200:\n{server['log'].read_text()[-3000:]}")


def stop_server(server: dict):
    process = server["process"]
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- HTTP ----------------------------------------------------------------------------------------------------------

def request(port, method, path, cookies=None, body=None, headers=None):
    """One request as the reverse proxy would pass it on (Host, X-Forwarded-Proto: https); no redirects followed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    sent = {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {}), **session_headers(cookies)}
    try:
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
    finally:
        conn.close()
    jar = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        cookie = SimpleCookie()
        cookie.load(header)
        jar.update({key: morsel.value for key, morsel in cookie.items()})
    return response.status, response.headers, data, jar


def citizen_session() -> dict:
    """A portal session for the first demo citizen the development provider offers, written to the database as the
    portal's sign-in would (the served application runs with production settings, where that provider is off)."""
    import time as clock
    from importlib import import_module

    from django.conf import settings

    from helhed.portal.dev_provider import demo_citizens
    from helhed.portal.session import CITIZEN_KEY, LAST_SEEN_KEY

    citizen = demo_citizens()[0][0]
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[CITIZEN_KEY], store[LAST_SEEN_KEY] = citizen.pk, clock.time()
    store.save()
    return {settings.CITIZEN_SESSION_COOKIE_NAME: store.session_key}


def session_headers(cookies: dict | None) -> dict:
    """The headers that carry a "session": its cookies, or an API client's bearer token."""
    cookies = dict(cookies or {})
    headers = {"Authorization": f"Bearer {cookies.pop(BEARER)}"} if BEARER in cookies else {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    return headers


_API_CLIENTS: dict = {}


def api_client(username: str) -> dict:
    """A bench API client registered in the database as the administrator would (once), a token for it, and for the
    provider a referral it may read: {"token", "referral"}."""
    if username in _API_CLIENTS:
        return _API_CLIENTS[username]
    import datetime as dt

    from django.db.models import Count
    from django.utils import timezone
    from oauth2_provider.models import get_access_token_model

    from helhed.api.clients import register_client
    from helhed.api.models import SCOPES_BY_TYPE, ApiClient, OrganisationType
    from helhed.core.models import OrganisationUnit, StaffMember
    from helhed.demo.generator import DEMO_LOGINS
    from helhed.offers.models import Referral

    found = {}
    if username == API_PROVIDER:
        kind = OrganisationType.PROVIDER
        best = (Referral.objects.filter(state__in=Referral.OPEN).values("provider_id")
                .annotate(n=Count("pk")).order_by("-n").first())
        if best is None:
            raise SystemExit("no running referral in the database: generate it again (issue 13 or later)")
        organisation = OrganisationUnit.objects.get(pk=best["provider_id"])
        found["referral"] = Referral.objects.filter(provider=organisation, state__in=Referral.OPEN).order_by(
            "pk").values_list("pk", flat=True).first()
    else:
        kind = OrganisationType.KOMMUNE
        organisation = StaffMember.objects.get(user__username=DEMO_LOGINS["caseworker"]).unit
    client = ApiClient.objects.filter(name=f"Bench {username}").first()
    if client is None:
        client, _secret = register_client(by=None, name=f"Bench {username}", organisation=organisation,
                                          organisation_type=kind, scopes=list(SCOPES_BY_TYPE[kind]))
    found["token"] = secrets.token_urlsafe(32)
    get_access_token_model().objects.create(application=client.application, token=found["token"],
                                            scope=" ".join(client.scopes),
                                            expires=timezone.now() + dt.timedelta(hours=6))
    _API_CLIENTS[username] = found
    return found


def log_in(port: int, username: str) -> dict:
    if username == CITIZEN:
        return citizen_session()
    if username in (API_PROVIDER, API_KOMMUNE):
        return {BEARER: api_client(username)["token"]}
    status, _, body, cookies = request(port, "GET", "/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode())
    if status != 200 or not token or "csrftoken" not in cookies:
        raise SystemExit(f"/login/ answered {status} without a CSRF token")
    form = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1), "next": ""})
    status, headers, _, jar = request(port, "POST", "/login/", cookies, form, {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": f"https://{HOST}", "Referer": f"https://{HOST}/login/",
    })
    if status != 302 or "sessionid" not in jar:
        raise SystemExit(f"logging in as {username} failed: {status} {headers.get('Location')}")
    return {**cookies, **jar}


def check_page(port: int, cookies: dict, page: Page) -> int:
    """The page answers 200 with its own content (not the login form); returns its size in bytes."""
    status, headers, body, _ = request(port, "GET", page.path, cookies)
    text = body.decode(errors="replace")
    if status != 200:
        raise SystemExit(f"{page.username} {page.path}: {status} (Location: {headers.get('Location')})")
    missing = [e for e in page.expect if e not in text]
    if 'name="password"' in text and "/login/" in text or missing:
        raise SystemExit(f"{page.username} {page.path}: not the page itself (missing {missing})")
    return len(body)


# --- load ----------------------------------------------------------------------------------------------------------

def wrk(port: int, path: str, connections: int, seconds: int, cookies: dict | None = None) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "120s", "-s", str(WRK_SCRIPT),
               "-H", f"Host: {HOST}", "-H", "X-Forwarded-Proto: https"]
    for name, value in session_headers(cookies).items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(command + [f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("WRK_JSON "))
    result = json.loads(line.removeprefix("WRK_JSON "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    return result


def measure(args, connections, pages, app_port, floor_port, floor_path):
    sessions = {}
    for username in dict.fromkeys(p.username for p in pages):
        sessions[username] = log_in(app_port, username)
    for page in pages:
        size = check_page(app_port, sessions[page.username], page)
        print(f"ok  {page.username:<16} {page.label:<20} {page.path:<32} {size / 1024:8.1f} kB  "
              f"{page.queries} queries", flush=True)
    if args.warmup:
        wrk(floor_port, floor_path, 2, args.warmup)
        for page in pages:
            wrk(app_port, page.path, 2, args.warmup, sessions[page.username])
    for round_number in range(1, args.rounds + 1):
        # A fresh login each round, so that no session reaches the idle timeout.
        sessions = {username: log_in(app_port, username) for username in sessions}
        for page in pages:
            for c in connections:
                floor = wrk(floor_port, floor_path, c, args.duration)
                result = wrk(app_port, page.path, c, args.duration, sessions[page.username])
                check_page(app_port, sessions[page.username], page)
                page.runs.setdefault(c, []).append((floor, result))
                print(f"round {round_number} {page.username:<16} {page.label:<20} c={c:<3} "
                      f"floor {floor['rps']:7.1f} req/s  page {result['rps']:7.1f} req/s  "
                      f"p50 {result['p50'] / 1000:8.1f} ms  p99 {result['p99'] / 1000:8.1f} ms"
                      + (f"  ERRORS {result['errors']}" if result["errors"] or floor["errors"] else ""), flush=True)


# --- report --------------------------------------------------------------------------------------------------------

def ms(microseconds: float) -> str:
    value = microseconds / 1000
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def table(pages: list[Page], connections: list[int]) -> list[str]:
    header = "| role | page | queries | HTML |"
    rule = "|---|---|---|---|"
    for c in connections:
        who = "1 connection" if c == 1 else f"{c} connections"
        header += f" {who}: req/s | p50 | p95 | p99 | share of floor |"
        rule += "---|---|---|---|---|"
    lines = [header, rule]
    floor_cells = []
    for c in connections:
        floors = [f for page in pages for f, _ in page.runs.get(c, [])]
        floor_cells.append(
            f" {med(floors, 'rps'):,.0f} | {ms(med(floors, 'p50'))} | {ms(med(floors, 'p95'))} | "
            f"{ms(med(floors, 'p99'))} | 100 % |" if floors else " | | | | |"
        )
    lines.append("| floor | one primary-key lookup | 1 | |" + "".join(floor_cells))
    spread = []
    for c in connections:
        floors = [f["rps"] for page in pages for f, _ in page.runs.get(c, [])]
        if floors:
            spread.append(f"{min(floors):,.0f}–{max(floors):,.0f} req/s at {c}")
    lines.insert(0, "Floor runs ranged " + ", ".join(spread) + " (a wide range means a busy machine).\n" if spread else "")
    for page in pages:
        row = f"| {page.role} | {page.label} (`{page.path}`) | {page.queries} | {page.html_bytes / 1024:,.0f} kB |"
        for c in connections:
            runs = page.runs.get(c, [])
            results = [r for _, r in runs]
            shares = [r["rps"] / f["rps"] for f, r in runs if f["rps"]]
            errors = sum(r["errors"] for r in results)
            flag = f" ({errors} errors)" if errors else ""
            # Fewer than a handful of answers per connection: the latencies are not of a steady state.
            thin = "*" if results and min(r["requests"] for r in results) < 5 * c else ""
            # A run in which no request finished has no latencies (wrk reports 0): leave it out of those medians.
            answered = [r for r in results if r["requests"]]
            latencies = (f"**{ms(med(answered, 'p50'))}** | {ms(med(answered, 'p95'))} | {ms(med(answered, 'p99'))}"
                         if answered else "no answer | – | –")
            row += (f" {med(results, 'rps'):,.1f}{thin}{flag} | {latencies} | {share(statistics.median(shares))} |"
                    if results else " | | | | |")
        lines.append(row)
    return lines


def med(results: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in results)


def share(ratio: float) -> str:
    percent = ratio * 100
    return f"{percent:.1f} %" if percent < 10 else f"{percent:.0f} %"


def size_label(total: int) -> str:
    return f"{total // 1_000_000}m" if total >= 1_000_000 else f"{total // 1000}k"


def code_version(rev: str | None) -> str:
    def git(*a):
        return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    if rev:
        return f"commit {git('rev-parse', '--short', rev)} (`--rev`: exported with git archive)"
    commit = git("rev-parse", "--short", "HEAD")
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "helhed")
    return f"commit {commit}" + (" with uncommitted changes in helhed/" if dirty else "")


def record(args, total, lines, seconds, load_before, load_after):
    marker = f"pages-{args.engine}-{size_label(total)}"
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    # With --engine postgres the script starts its own throw-away server (scripts/with-postgres.sh).
    command = ".venv/bin/python bench/pages.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    versions = (f"gunicorn {version('gunicorn')}, {args.workers} sync workers; Django {version('django')}; "
                f"Python {platform.python_version()}; "
                f"{subprocess.run(['wrk', '-v'], capture_output=True, text=True).stdout.split(' [')[0].strip()}")
    block = [
        start,
        f"### {args.engine}, {total:,} citizens",
        "",
        f"Command: `{command}` (`make bench-pages`). Measured {datetime.date.today()} on {os.cpu_count()} cores "
        f"({platform.machine()}), {code_version(args.rev)}; {versions}. {args.rounds} rounds of {args.duration} s per page and "
        f"connection count, floor and page alternating; medians over the rounds. Load average "
        f"{load_before[0]:.2f} before ({load_after[0]:.2f} at the end, the benchmark's own load included); "
        f"{seconds / 60:.0f} minutes in all.",
        "",
        *lines,
        "",
        "Latencies are wrk's (queueing in gunicorn's backlog included). The share of the floor is the page's req/s "
        "over the floor's req/s in the run just before it. Queries: the second request of the logged-in staff "
        "member, counted with the test client. HTML: the page's size. * fewer than five answers per connection in a "
        "run: the latencies are not of a steady state, run with a longer --duration.",
        end,
    ]
    text = README.read_text(encoding="utf-8")
    new = "\n".join(block)
    if start in text:
        text = text.split(start)[0] + new + text.split(end, 1)[1]
    else:
        heading = "## Pages under load"
        if heading not in text:
            text = text.rstrip("\n") + "\n\n" + heading + "\n\n" + new + "\n"
        else:
            # At the end of the section.
            after = text.find("\n## ", text.index(heading))
            at = after if after != -1 else len(text.rstrip("\n"))
            text = text[:at].rstrip("\n") + "\n\n" + new + "\n" + text[at:]
    README.write_text(text, encoding="utf-8")
    print(f"Recorded in {README.relative_to(ROOT)} ({marker})")


def version(package: str) -> str:
    from importlib.metadata import version as installed

    return installed(package)


if __name__ == "__main__":
    main()
