"""Fuzz every form and query parameter of every URL: whatever a client sends, Helhed answers below 500.

The world of the permission matrix (plus a plan) is built once for the module, with URLs filled in as the matrix
does. Each page is first fetched as the first role that may use it; its forms give the parameter names (and valid
values to start from) of the URL they are sent to, and the source gives the query parameters the views read with
request.GET.get(...). Then, as any role that may use the page:

- test_no_500_whatever_the_parameters: Hypothesis sends GETs with fuzzed query strings and POSTs with fuzzed form
  data (huge and negative numbers, empty and 10,000-character strings, NUL bytes, bytes that are not UTF-8, markup,
  impossible dates, random text), derandomized so that CI is repeatable;
- test_no_500_for_edge_values_in_any_field: every parameter beyond a bigint and at the first and last date,
  deterministically, one form field at a time with the others valid (what random search finds only by luck);
- test_no_500_whatever_the_numbers_in_the_path: <int:...> path arguments up to 10**40.

The API (helhed/api) is here as the permission matrix has it: /api/v1/ answers sessions 401 (or 405), so this fuzz
checks only that a session is refused whatever it sends; the token endpoint gets its form fields (`FORMS`). The
operations themselves are fuzzed with real tokens from their OpenAPI document by helhed/api/tests/test_schemathesis.py.

Every request runs in a savepoint that is rolled back, so each starts from the same world. The test client re-raises
what would have been a 500; the failure names the URL, method, role, data and the frames in Helhed's code.
HELHED_FUZZ_EXAMPLES=300 searches longer, at random.
"""

import datetime
import os
import re
import time
import traceback
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote_from_bytes, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from helhed.core import security
from helhed.core.models import Role
from helhed.plans import content as plan_content
from helhed.plans import services as plan_services
from helhed.tests.test_permission_matrix import EXPECTED, _url
from helhed.tests.world import PASSWORD, ROLES, build_world

pytestmark = pytest.mark.django_db  # so that the test database is created; the world itself is built per module

ANONYMOUS = "anonymous"
# The order in which roles are tried: the first that may use a page fetches it to learn its forms.
PREFERENCE = [Role.CASEWORKER, Role.COORDINATING_CASEWORKER, Role.DATA_PROTECTION, Role.TEAM_LEADER, Role.ADMIN,
              Role.MENTOR, Role.JOB_BROKER, Role.SANCTION_OFFICER, Role.PARTNER]
# Examples per URL (the PDF pages are slow and get fewer); about 20 s for the fuzz on SQLite.
EXAMPLES = int(os.environ.get("HELHED_FUZZ_EXAMPLES", 8))
SLOW = {"plans:plan_pdf": 2, "audit:citizen_export_pdf": 2}
DERANDOMIZE = "HELHED_FUZZ_EXAMPLES" not in os.environ

# The query parameters the views read, straight from the source, so that a new one is fuzzed without a change here.
READ_PARAMETER = re.compile(r"""request\.(?:GET|POST)\.get\(\s*["']([^"']+)["']""")
READ_PARAMETERS = sorted({
    name for path in Path(__file__).resolve().parents[1].rglob("*.py") if "tests" not in path.parts
    for name in READ_PARAMETER.findall(path.read_text(encoding="utf-8"))
})

BIG = [2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**64, 10**40, 2**31, -(2**31) - 1, -1, 0]
NASTY = [
    "", " ", "\x00", "a\x00b", "0", "-0", "+1", "1.5", "1e400", "NaN", "inf", "0x10", "١٢", "½", "x" * 10_000,
    "9" * 5_000, "<script>alert(1)</script>", '"><svg onload=alert(1)>', "{{ 7*7 }}", "%s%n", "' OR 1=1 --",
    "0000-00-00", "9999-12-31", "2026-02-30", "0001-01-01", "10000-01-01", "-0001-01-01", "31-12-2025",
    "2025-13-01", "9999-12-31T23:59:59", "24:00", "23:59:60", "99:99", "-1:00", "00:00:00.0000001",
    "../../etc/passwd", "javascript:alert(1)", "//evil.example", "https://evil.example/", "\r\nSet-Cookie: x=1",
    "\u202e", "\ufeff", "\U0001d54f" * 300, "null", "[]", "{}", "true",
    *[str(n) for n in BIG],
]
INVALID_UTF8 = [b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x80abc", b"\xfe\xfe\xff\xff"]

text_value = st.one_of(
    st.sampled_from([str(n) for n in BIG]),
    st.sampled_from(NASTY),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(datetime.date.isoformat),
    st.text(max_size=40),
)
raw_value = st.one_of(text_value.map(lambda s: s.encode()), st.sampled_from(INVALID_UTF8), st.binary(max_size=20))


# The fields of URLs that no page of Helhed's renders a form for: the OAuth2 token endpoint (client credentials).
FORMS = {"api:token": {"grant_type": ["client_credentials", "password"], "client_id": ["helhed"],
                       "client_secret": ["x"], "scope": ["henvisning.read", "henvisning.read henvisning.write"]}}
IGNORED = {"csrfmiddlewaretoken"}  # the test client does not check CSRF tokens
SECRETS = {"password": [PASSWORD], "username": [Role.CASEWORKER.value]}  # to get past the login and /bekraeft/


class FormParser(HTMLParser):
    """The forms of a page: method, action, enctype and each named control with the values it offers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._select, self._textarea = [], None, None

    def _field(self, name, kind, multiple=False):
        field = self.forms[-1]["fields"].setdefault(name, {"kind": kind, "values": [], "multiple": multiple})
        field["multiple"] |= multiple
        return field

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"method": a.get("method", "get").upper(), "action": a.get("action", ""),
                               "multipart": a.get("enctype") == "multipart/form-data", "fields": {}})
        elif tag == "option" and self._select is not None:
            self._select["values"].append(a.get("value", ""))
        elif not self.forms or not a.get("name") or a["name"] in IGNORED:
            return
        elif tag in ("input", "button"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            field = self._field(a["name"], kind, multiple=kind == "checkbox")
            if kind != "file":
                field["values"].append(a.get("value", "on" if kind in ("checkbox", "radio") else ""))
        elif tag == "select":
            self._select = self._field(a["name"], "select", multiple="multiple" in a)
        elif tag == "textarea":
            self._textarea = self._field(a["name"], "textarea")
            self._textarea["values"].append("")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # HTML drops the newline right after <textarea>, which Django writes.
            self._textarea["values"][-1] = self._textarea["values"][-1].removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["values"][-1] += data


def _route_of(url):
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def _reachers(route):
    """The roles that may use the page: shown to them (200); for redirects and POST-only URLs, the caseworker."""
    table = EXPECTED[route]["own"]
    roles = [role.value for role in PREFERENCE if table[role.value] == 200]
    if table[ANONYMOUS] == 200:
        roles.append(ANONYMOUS)
    return roles or [Role.CASEWORKER.value]


class Fuzz:
    """The world, one logged-in client per role, and what each URL's forms look like."""

    def __init__(self, world):
        self.world = world
        self.clients, self.sessions = {}, {}
        for role in [ANONYMOUS, *ROLES]:
            client = Client()
            if role != ANONYMOUS:
                client.force_login(world.staff[role].user)
                session = client.session
                session[security.PASSWORD_CONFIRMED_AT_KEY] = int(time.time())  # no re-authentication page
                session.save()
            self.clients[role] = client
            self.sessions[role] = dict(client.cookies.items())
        self.urls = {route: _url(route, world, world.own if EXPECTED[route]["citizen"] else None) for route in EXPECTED}
        # route -> method -> field name -> {"kind", "values", "multiple"}; and route -> True when its forms upload
        self.fields = {route: {"GET": {}, "POST": {}} for route in EXPECTED}
        self.multipart, self.plain_errors = set(), {}
        self.get_allowed = {route: EXPECTED[route]["own"][_reachers(route)[0]] != 405 for route in EXPECTED}
        for route, fields in FORMS.items():
            if route in self.fields:
                self.fields[route]["POST"] = {name: {"kind": "text", "values": values, "multiple": False}
                                              for name, values in fields.items()}
        for route in EXPECTED:
            role = _reachers(route)[0]  # the page as the first role that may use it; the fuzz then uses them all
            if route in SLOW or not self.get_allowed[route]:
                continue  # a PDF has no forms, and a POST-only URL no page
            response, error = self.request(role, "GET", self.urls[route])
            if error is not None:
                self.plain_errors[route] = f"GET {self.urls[route]} as {role} without parameters:\n{error}"
            elif response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                self._learn(self.urls[route], response.content.decode())

    def _learn(self, page_url, html):
        parser = FormParser()
        parser.feed(html)
        for form in parser.forms:
            target = _route_of(form["action"] or page_url)
            if target not in self.fields or form["method"] not in ("GET", "POST"):
                continue
            known = self.fields[target][form["method"]]
            for name, field in form["fields"].items():
                entry = known.setdefault(name, {"kind": field["kind"], "values": [], "multiple": False})
                entry["values"] = sorted(set(entry["values"]) | set(field["values"]) | set(SECRETS.get(name, [])))
                entry["multiple"] |= field["multiple"]
            if form["multipart"]:
                self.multipart.add(target)

    def request(self, role, method, url, **kwargs):
        """One request in a savepoint that is rolled back, with the role's session cookie put back first.

        Returns (response, None), or (None, traceback) when the view raised: the test client re-raises what would
        have been a 500."""
        client = self.clients[role]
        client.cookies = SimpleCookie()
        for name, morsel in self.sessions[role].items():
            client.cookies[name] = morsel.value
        try:
            with transaction.atomic():
                response = getattr(client, method.lower())(url, **kwargs)
                if response.streaming:
                    b"".join(response.streaming_content)
                transaction.set_rollback(True)
        except Exception as error:  # noqa: BLE001 - what would have been a 500, reported with its traceback
            return None, _short_traceback(error)
        return response, None


def _short_traceback(error):
    """The frames in Helhed's own code and the innermost one, then the exception."""
    frames = traceback.extract_tb(error.__traceback__)
    kept = [f for f in frames[:-1] if "/helhed/" in f.filename and "/tests/" not in f.filename] + frames[-1:]
    return "".join(traceback.format_list(kept) + traceback.format_exception_only(error))


@pytest.fixture(scope="module")
def fuzz(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with (override_settings(MEDIA_ROOT=media, LANGUAGE_CODE="da",
                            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
          django_db_blocker.unblock()):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            # A plan, so that the plan part, signing and history pages have something to work on.
            content = plan_content.empty()
            content.update(own_goal="Jeg vil have et arbejde.", job_goal="Gartneri")
            plan_services.save_plan(staff=world.staff[Role.CASEWORKER], citizen=world.own, base_version=0,
                                    content=content, involvement="co_creation", citizen_position="agrees")
            yield Fuzz(world)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _query(pairs):
    return "&".join(f"{quote_from_bytes(k.encode())}={quote_from_bytes(v)}" for k, v in pairs)


def _draw_form(data, fields, *, raw):
    """(name, value) pairs: each field kept at a value the form offers, fuzzed, repeated, or left out."""
    pairs = []
    for name, field in sorted(fields.items()):
        offered = [v.encode() if raw else v for v in field["values"]]
        fuzzed = raw_value if raw else text_value
        value = st.one_of(st.sampled_from(offered), fuzzed) if offered else fuzzed
        count = data.draw(st.integers(0, 3 if field["multiple"] else 1) | st.just(1), label=f"how many {name}")
        pairs += [(name, data.draw(value, label=name)) for _ in range(count)]
    return pairs


@pytest.mark.parametrize("route", sorted(EXPECTED))
def test_no_500_whatever_the_parameters(fuzz, route):
    assert route not in fuzz.plain_errors, fuzz.plain_errors.get(route)
    url = fuzz.urls[route]
    fields = fuzz.fields[route]
    methods = (["GET"] if fuzz.get_allowed[route] else []) + (
        ["POST"] if fields["POST"] or not fuzz.get_allowed[route] else [])
    get_fields = {**{name: {"kind": "text", "values": [], "multiple": False} for name in READ_PARAMETERS},
                  **fields["GET"]}

    @hypothesis_settings(max_examples=SLOW.get(route, EXAMPLES), deadline=None, derandomize=DERANDOMIZE, database=None,
                         suppress_health_check=list(HealthCheck), print_blob=False)
    @given(st.data())
    def fuzz_route(data):
        role = data.draw(st.sampled_from(_reachers(route)), label="role")
        method = data.draw(st.sampled_from(methods), label="method")
        query = _query(_draw_form(data, get_fields if method == "GET" else
                                  {n: f for n, f in get_fields.items() if n in READ_PARAMETERS}, raw=True))
        target = f"{url}?{query}" if query else url
        if method == "GET":
            response, error = fuzz.request(role, "GET", target)
            sent = query
        elif route in fuzz.multipart:
            form = {}
            for name, value in _draw_form(data, {n: f for n, f in fields["POST"].items() if f["kind"] != "file"},
                                          raw=False):
                form.setdefault(name, []).append(value)
            for name in [n for n, f in fields["POST"].items() if f["kind"] == "file"]:
                filename = data.draw(st.sampled_from(["a.pdf", "", "x" * 300 + ".pdf", "../../a.pdf", "a\x00.pdf"])
                                     | st.text(max_size=20), label=f"{name} filename")
                form[name] = SimpleUploadedFile(filename or "_", data.draw(st.binary(max_size=200), label=name))
            response, error = fuzz.request(role, "POST", target, data=form)
            sent = {k: v if isinstance(v, list) else f"<file {v.name!r}>" for k, v in form.items()}
        else:
            body = _query(_draw_form(data, fields["POST"], raw=True))
            response, error = fuzz.request(role, "POST", target, data=body.encode(),
                                           content_type="application/x-www-form-urlencoded")
            sent = body
        status = response.status_code if response is not None else 500
        assert status < 500, (
            f"{method} {target[:300]} as {role} gave {status}\n"
            f"data: {str(sent)[:2000]}\n{error or ''}"
        )

    fuzz_route()


INT_PATH_VALUES = [0, 2**63 - 1, 2**63, 10**40]


def _routes_with_numbers(resolver=None, namespace=""):
    """The names of the URL patterns with an <int:...> in their path."""
    names = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            names += _routes_with_numbers(pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and "<int:" in str(pattern.pattern):
            names.append(f"{namespace}{pattern.name}")
    return sorted(names)


def _path_with(url, value):
    """The URL with every integer in its path replaced by `value` (every <int:...> converter takes any digits)."""
    return re.sub(r"/\d+(?=/|\.|$)", f"/{value}", url)


@pytest.mark.parametrize("route", _routes_with_numbers())
def test_no_500_whatever_the_numbers_in_the_path(fuzz, route):
    url = fuzz.urls[route]
    role = _reachers(route)[0]
    failures = []
    for value in INT_PATH_VALUES:
        target = _path_with(url, value)
        if _route_of(target) != route:
            continue
        for method in ("GET", "POST"):
            response, error = fuzz.request(role, method, target)
            status = response.status_code if response is not None else 500
            if status >= 500:
                failures.append(f"{method} {target} as {role} gave {status}\n{error or ''}")
    assert not failures, "\n".join(failures)


# Beyond a bigint (SQLite raises OverflowError, PostgreSQL an error) and at the ends of the calendar.
QUERY_EDGES = [str(2**63), str(-(2**63) - 1), "9999-12-31", "0001-01-01", "a\x00b" + "x" * 10_000]
FORMSET_COPY = re.compile(r"-[1-9][0-9]*-")  # steps-1-text is tried as steps-0-text is
FIELD_EDGES = {"date": ["9999-12-31", "0001-01-01"], "time": ["23:59"], "file": []}
LAST_MOMENT, FIRST_MOMENT = {"date": "9999-12-31", "time": "23:59"}, {"date": "0001-01-01", "time": "00:00"}


def _valid(name, field):
    """A value the form will likely accept: the password, what the form offers, or some words for a text box."""
    offered = SECRETS.get(name) or [value for value in field["values"] if value] or [""]
    return "Aftalt med borgeren." if offered == [""] and field["kind"] in ("text", "textarea") else offered[0]


@pytest.mark.parametrize("route", sorted(EXPECTED))
def test_no_500_for_edge_values_in_any_field(fuzz, route):
    """Deterministic companion of the fuzz: every query parameter at once, then every form field in turn (the others
    at the values the form offers) beyond a bigint or at the first and last date, then all dates and times at the
    last and at the first moment of the calendar."""
    assert route not in fuzz.plain_errors, fuzz.plain_errors.get(route)
    url, role = fuzz.urls[route], _reachers(route)[0]
    fields = {n: f for n, f in fuzz.fields[route]["POST"].items() if f["kind"] != "file"}
    base = {name: [_valid(name, field)] for name, field in fields.items()}
    requests = []
    if fuzz.get_allowed[route]:
        requests += [("GET", f"{url}?{_query((name, value.encode()) for name in READ_PARAMETERS)}", None)
                     for value in (QUERY_EDGES[:1] if route in SLOW else QUERY_EDGES)]
    if fields or not fuzz.get_allowed[route]:  # the views read query parameters after a POST too (?next=)
        requests.append(("POST", f"{url}?{_query((name, QUERY_EDGES[0].encode()) for name in READ_PARAMETERS)}", base))
    for name, field in fields.items():
        if not FORMSET_COPY.search(name):
            requests += [("POST", url, {**base, name: [value]})
                         for value in FIELD_EDGES.get(field["kind"], [str(2**63)])]
    for moment in (LAST_MOMENT, FIRST_MOMENT):
        if any(field["kind"] in moment for field in fields.values()):
            requests.append(("POST", url, {**base, **{name: [moment[field["kind"]]] for name, field in fields.items()
                                                      if field["kind"] in moment}}))
    failures = []
    for method, target, data in requests:
        response, error = fuzz.request(role, method, target, **({} if data is None else {"data": data}))
        status = response.status_code if response is not None else 500
        if status >= 500:
            failures.append(f"{method} {target[:300]} as {role} gave {status}\ndata: {data}\n{error or ''}")
    assert not failures, "\n\n".join(failures)
