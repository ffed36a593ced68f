"""Structured logs: one JSON object per line (`HELHED_LOG_FORMAT=json`, the default in production).

    {"time": "2026-11-23T09:14:03.512Z", "level": "INFO", "logger": "helhed.request",
     "message": "GET casefile:overview 200 41.7 ms", "method": "GET", "path": "/borgere/<int:pk>/",
     "url_name": "casefile:overview", "status": 200, "duration_ms": 41.7, "user_id": 12, "staff_id": 7,
     "request_id": "5f0c…"}

What a line may hold is fixed here, and it never holds personal data: the path is the URL *pattern* that answered
(`/borgere/<int:pk>/`, no query string, no citizen id), the person is the staff member's and user's numeric id (no
name), and the request id comes from `helhed.core.request_log`. Other records logged while a request is served
carry its request id too. Django's own request records (`django.request`) give their method, route and status the
same way, and their message ("Not Found: /borgere/12/…") names the URL pattern instead of the path the client
sent, which could hold anything (`TextFormatter` does the same for plain-text logs). An exception is written as its
traceback (`exception`).

Only the standard library is imported at module level, so that gunicorn's master process can use the formatter
(deploy/gunicorn.conf.py) before Django is set up.
"""

import contextvars
import datetime
import json
import logging

# The id of the request being served, set by helhed.core.request_log for the time the request takes.
current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("helhed_request_id", default=None)

# Request fields a record may carry (as `extra=`), in the order they are written.
REQUEST_FIELDS = ("method", "path", "url_name", "status", "duration_ms", "user_id", "staff_id", "request_id")


def route_of(request) -> tuple[str, str | None]:
    """(URL name, URL pattern) of the request, read from what Django resolved for the view; never the path itself.

    Static files are ("static", STATIC_URL); a request that resolved to no view (a 404, a redirect by
    CommonMiddleware) is ("unmatched", None)."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name, "/" + match.route
    from django.conf import settings

    if settings.STATIC_URL and request.path_info.startswith(settings.STATIC_URL):
        return "static", settings.STATIC_URL
    return "unmatched", None


def _evaluated(request, name):
    """request.<name> if the lazy object (request.user, request.staff) was loaded already, else None: logging must
    not cost a session or database query the page did not need."""
    value = request.__dict__.get(name)
    wrapped = getattr(value, "_wrapped", value)
    if wrapped is None or type(wrapped) is object:  # django.utils.functional.empty: not loaded
        return None
    return wrapped


def person_of(request) -> tuple[int | None, int | None]:
    """(user id, staff id) of the signed-in person, when the page loaded them; ids only, never a name."""
    user = _evaluated(request, "user")
    staff = _evaluated(request, "staff")
    user_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
    return user_id, getattr(staff, "pk", None)


def _django_request(record):
    """The HttpRequest a django.request / django.security record carries, or None."""
    request = record.__dict__.get("request")
    return request if request is not None and hasattr(request, "resolver_match") else None


def message_of(record: logging.LogRecord, request=None) -> str:
    """The record's message, with the request's path (as Django's log_response passes it, escaped or not) replaced
    by the URL pattern, or "(unmatched)" for a path that resolved to no view."""
    if request is None or not isinstance(record.args, tuple) or not record.args:
        return record.getMessage()
    path = getattr(request, "path", None)
    if not isinstance(path, str):
        return record.getMessage()
    paths = {path, path.encode("unicode_escape").decode("ascii")}
    pattern = route_of(request)[1] or "(unmatched)"
    args = tuple(pattern if isinstance(arg, str) and arg in paths else arg for arg in record.args)
    try:
        return str(record.msg) % args
    except (TypeError, ValueError):
        return record.getMessage()


class TextFormatter(logging.Formatter):
    """Plain text (`HELHED_LOG_FORMAT=text`, the default outside production), with Django's request records
    naming the URL pattern as JsonFormatter does."""

    def format(self, record: logging.LogRecord) -> str:
        request = _django_request(record)
        if request is not None:
            record = logging.makeLogRecord(record.__dict__)
            record.msg, record.args = message_of(record, request), None
        return super().format(record)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO 8601, UTC, milliseconds), level, logger, message, and the request
    fields the record carries."""

    def format(self, record: logging.LogRecord) -> str:
        request = _django_request(record)
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": message_of(record, request),
        }
        for field in REQUEST_FIELDS:
            value = record.__dict__.get(field)
            if value is not None:
                entry[field] = value
        if request is not None and "method" not in entry:
            # django.request (and django.security) records: the request and its status code, not our fields.
            entry["method"] = request.method
            entry["url_name"], path = route_of(request)
            if path is not None:
                entry["path"] = path
            status = record.__dict__.get("status_code")
            if status is not None:
                entry["status"] = status
        if "request_id" not in entry:
            # Django logs a 4xx/5xx response after the middleware has returned: the id stays on the request.
            request_id = getattr(request, "request_id", None) or current_request_id.get()
            if request_id is not None:
                entry["request_id"] = request_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
