"""Structured logs: the JSON formatter, the one line per request (no query string, CPR or name), the request id."""

import io
import json
import logging
import logging.config
import re
import runpy
import secrets
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.urls import include, path

from helhed.core.logging import JsonFormatter, TextFormatter
from helhed.core.request_log import SANE_REQUEST_ID

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "settings.py"
CPR = "0101901234"


@pytest.fixture
def json_log():
    """Every record logged from here on, formatted by JsonFormatter when it is logged (as production does), with
    Helhed's loggers at INFO (the tests' settings keep them at WARNING)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    helhed = logging.getLogger("helhed")
    level = helhed.level
    helhed.setLevel(logging.INFO)
    logging.getLogger().addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.getLogger().removeHandler(handler)
    helhed.setLevel(level)


@pytest.fixture
def request_log(json_log):
    return lambda: [entry for entry in json_log() if entry["logger"] == "helhed.request"]


def _record(**extra):
    record = logging.LogRecord("helhed.request", logging.INFO, __file__, 1, "GET %s %s", ("casefile:overview", 200),
                               None)
    record.__dict__.update(extra)
    return record


def test_the_formatter_writes_one_json_object_with_the_fields():
    line = JsonFormatter().format(_record(method="GET", path="/borgere/<int:pk>/", url_name="casefile:overview",
                                          status=200, duration_ms=12.5, user_id=3, staff_id=7, request_id="abcdef12"))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry == {
        "time": entry["time"], "level": "INFO", "logger": "helhed.request", "message": "GET casefile:overview 200",
        "method": "GET", "path": "/borgere/<int:pk>/", "url_name": "casefile:overview", "status": 200,
        "duration_ms": 12.5, "user_id": 3, "staff_id": 7, "request_id": "abcdef12",
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["time"])


def test_the_formatter_writes_an_exception_as_its_traceback_within_the_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("helhed.x", logging.ERROR, __file__, 1, "failed", (), None)
        record.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "ERROR" and "ValueError: boom" in entry["exception"]
    assert "request_id" not in entry and "method" not in entry


def test_one_line_per_request_with_the_route_not_the_path_or_query(request_log, caseworker_client, caseworker, citizen):
    response = caseworker_client.get(f"/borgere/{citizen.pk}/?q={CPR}&navn={citizen.first_name}")
    assert response.status_code == 200
    [entry] = request_log()
    assert entry["method"] == "GET" and entry["status"] == 200
    assert entry["path"] == "/borgere/<int:pk>/" and entry["url_name"] == "casefile:overview"
    assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] >= 0
    assert entry["staff_id"] == caseworker.pk and entry["user_id"] == caseworker.user.pk
    assert entry["request_id"] == response["X-Request-ID"]
    line = json.dumps(entry, ensure_ascii=False)
    for personal in (CPR, citizen.first_name, citizen.last_name, caseworker.user.first_name, "?"):
        assert personal not in line


def test_the_line_costs_no_query(request_log, client, caseworker, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get("/healthz")
    assert "user_id" not in request_log()[-1]
    client.force_login(caseworker.user)
    with django_assert_num_queries(2):  # the session and its user, which the session timeout reads anyway
        client.get("/healthz")
    # The page never loaded the staff member, so the line does not either.
    entry = request_log()[-1]
    assert entry["url_name"] == "healthz" and entry["user_id"] == caseworker.user.pk and "staff_id" not in entry


def test_a_page_that_resolves_to_no_view_is_logged_without_its_path(json_log, client, caplog, db):
    response = client.get(f"/{CPR}/?cpr={CPR}")
    assert response.status_code == 404
    entry, django_entry = json_log()
    assert entry["logger"] == "helhed.request" and entry["url_name"] == "unmatched" and "path" not in entry
    # Django's own "Not Found: <path>" names no path either, and carries the request id.
    assert django_entry["logger"] == "django.request" and django_entry["message"] == "Not Found: (unmatched)"
    assert django_entry["status"] == 404 and django_entry["request_id"] == response["X-Request-ID"]
    assert CPR not in json.dumps(json_log())
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert CPR not in TextFormatter().format(record) and "Not Found: (unmatched)" in TextFormatter().format(record)


def test_the_request_id_from_the_proxy_is_kept_and_sent_back(request_log, client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="3f2a9c0d7b1e4f6a8c5d2e1f0a9b8c7d")
    assert response["X-Request-ID"] == "3f2a9c0d7b1e4f6a8c5d2e1f0a9b8c7d"
    assert request_log()[-1]["request_id"] == "3f2a9c0d7b1e4f6a8c5d2e1f0a9b8c7d"


@pytest.mark.parametrize("incoming", ["", "short", "a b c d e f g h", "x\ny-injected-line", "x" * 200, CPR + "<script>",
                                      "æøå-not-ascii"])
def test_an_insane_request_id_is_replaced_by_a_new_one(client, incoming):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert SANE_REQUEST_ID.fullmatch(response["X-Request-ID"])


def test_each_request_gets_its_own_id(client):
    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


def _noisy(request):
    logging.getLogger("helhed.test").warning("something to look at")
    return HttpResponse("ok")


# Test-only URLconf (@pytest.mark.urls below): the real routes plus a view that logs.
urlpatterns = [path("noisy", _noisy), path("", include("helhed.urls"))]


@pytest.mark.urls(__name__)
def test_records_logged_while_a_request_is_served_carry_its_id(json_log, client):
    response = client.get("/noisy")
    [entry] = [entry for entry in json_log() if entry["logger"] == "helhed.test"]
    assert entry["request_id"] == response["X-Request-ID"] and entry["message"] == "something to look at"


def test_the_request_log_is_quiet_outside_production():
    assert not logging.getLogger("helhed.request").isEnabledFor(logging.INFO)


def _settings(monkeypatch, **env):
    for name in ("HELHED_ENV", "HELHED_LOG_FORMAT", "HELHED_LOG_LEVEL", "HELHED_DEBUG", "HELHED_BEHIND_PROXY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_json_and_info_in_production_text_and_warning_otherwise(monkeypatch):
    production = _settings(monkeypatch, HELHED_ENV="production", HELHED_SECRET_KEY=secrets.token_urlsafe(50))
    assert production["LOGGING"]["handlers"]["console"]["formatter"] == "json"
    assert production["LOGGING"]["loggers"]["helhed"]["level"] == "INFO"
    assert production["LOGGING"]["root"]["level"] == "WARNING"  # Django and the libraries: warnings and errors
    development = _settings(monkeypatch)
    assert development["LOGGING"]["handlers"]["console"]["formatter"] == "text"
    assert development["LOGGING"]["loggers"]["helhed"]["level"] == "WARNING"
    chosen = _settings(monkeypatch, HELHED_LOG_FORMAT="JSON", HELHED_LOG_LEVEL="info")
    assert chosen["LOGGING"]["handlers"]["console"]["formatter"] == "json"
    assert chosen["LOGGING"]["loggers"]["helhed"]["level"] == "INFO"
    with pytest.raises(RuntimeError, match="HELHED_LOG_FORMAT"):
        _settings(monkeypatch, HELHED_LOG_FORMAT="xml")


def test_both_formatters_can_be_built_from_the_settings(monkeypatch):
    configured = _settings(monkeypatch)["LOGGING"]
    for name, formatter in configured["formatters"].items():
        built = logging.config.DictConfigurator(configured).configure_formatter(dict(formatter))
        assert isinstance(built, JsonFormatter if name == "json" else TextFormatter)
        assert built.format(_record()).count("GET casefile:overview 200") == 1
