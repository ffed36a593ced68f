"""RFC 9457 problem details for every error the API gives, in Danish or English by `Accept-Language`.

A problem is `{"type", "title", "status", "detail", "instance", "code"}` and, for invalid input, `"errors"`: the
field and its messages. `type` is a stable URI per kind of problem; `title` and `detail` are translated."""

import json

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

PROBLEM_BASE = "https://helhed.dk/problemer/"
CONTENT_TYPE = "application/problem+json"

# code: (status, title)
KINDS = {
    "bad_request": (400, gettext_lazy("The request is not valid")),
    "invalid_cpr": (400, gettext_lazy("The CPR number is not valid")),
    "invalid_cursor": (400, gettext_lazy("The cursor is not valid")),
    "request_id_missing": (400, gettext_lazy("The request id is missing")),
    "unauthorised": (401, gettext_lazy("Authentication is needed")),
    "forbidden_scope": (403, gettext_lazy("The token lacks the scope")),
    "not_found": (404, pgettext_lazy("api problem", "Not found")),
    "conflict": (409, gettext_lazy("The resource cannot change that way now")),
    "request_id_used": (412, gettext_lazy("The request id was used before")),
    "version_changed": (412, gettext_lazy("The resource has changed")),
    "if_match_missing": (428, gettext_lazy("If-Match is required")),
    "validation": (422, gettext_lazy("The content is not valid")),
    "method_not_allowed": (405, gettext_lazy("The method is not allowed here")),
    "too_many_requests": (429, gettext_lazy("Too many requests")),
    "server_error": (500, gettext_lazy("Something went wrong in Helhed")),
}
# The problem for a status that no handler of the API answered itself (see middleware.py).
CODE_FOR_STATUS = {400: "bad_request", 401: "unauthorised", 403: "forbidden_scope", 404: "not_found",
                   405: "method_not_allowed", 409: "conflict", 412: "version_changed", 422: "validation",
                   428: "if_match_missing", 429: "too_many_requests", 500: "server_error"}


class ApiProblem(Exception):
    def __init__(self, code: str, detail: str = "", *, errors: dict | None = None, headers: dict | None = None):
        super().__init__(detail or code)
        self.code, self.detail, self.errors, self.headers = code, detail, errors, headers or {}

    @property
    def status(self) -> int:
        return KINDS[self.code][0]


def language(request) -> str:
    """English when the client asks for it first (`Accept-Language: en`), else Danish."""
    accepted = request.headers.get("Accept-Language", "")
    first = accepted.split(",")[0].split(";")[0].strip().lower()
    return "en" if first.startswith("en") else "da"


def problem_body(request, code: str, detail: str = "", errors: dict | None = None) -> dict:
    status, title = KINDS[code]
    with translation.override(language(request)):
        body = {"type": PROBLEM_BASE + code.replace("_", "-"), "title": str(title), "status": status,
                "detail": str(detail) if detail else str(title), "instance": request.path, "code": code}
        if errors:
            body["errors"] = {field: [str(m) for m in messages] for field, messages in errors.items()}
    return body


def problem_response(request, code: str, detail: str = "", errors: dict | None = None, *,
                     headers: dict | None = None, status: int | None = None):
    """The problem as a response: the body, its content type and language, and any headers (e.g. `Allow`).
    `status` replaces the kind's own status (a status no kind names)."""
    from django.http import HttpResponse

    body = problem_body(request, code, detail, errors)
    if status is not None:
        body["status"] = status
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=body["status"], content_type=CONTENT_TYPE)
    response["Content-Language"] = language(request)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def django_errors(error) -> dict:
    """A Django ValidationError from a service as {field: [messages]} (`__all__` for the whole)."""
    if hasattr(error, "message_dict"):
        return {field: list(messages) for field, messages in error.message_dict.items()}
    return {"__all__": list(error.messages)}


def first_message(errors: dict) -> str:
    return next((m for messages in errors.values() for m in messages), _("The content is not valid"))
