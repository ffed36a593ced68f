"""The API, version 1 (`/api/v1/`): the NinjaAPI, its problem handlers, the routers of `resources/`, and the OpenAPI
document as it is served and committed (`docs/api/openapi.json`; `manage.py export_openapi` writes it)."""

import json
import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from helhed.api import problems
from helhed.api.auth import TOKEN_URL
from helhed.api.models import SCOPES
from helhed.api.problems import ApiProblem
from helhed.api.resources import RESOURCE_MODULES

logger = logging.getLogger("helhed.api")
VERSION = "1.0.0"
DESCRIPTION = """Helhed's open API for providers (anden aktør) and the kommune's own systems.

It follows the national data hub's (DFDG) conventions: the CPR number travels in the header
`x-civilRegistrationIdentifier`, never in a URL; every write carries `x-requestId`, and a repeated id is refused
with 412; scopes name the building block (`henvisning.write`); a provider reaches only the citizens referred to it.
Lists are paged by cursor (`next_cursor`). Every error is an RFC 9457 problem (`application/problem+json`), in
Danish, or English with `Accept-Language: en`. Updates of the plan need `If-Match` with the ETag read.

Authenticate with OAuth2 client credentials at `/api/oauth/token/`. See docs/api.md."""


class HelhedAPI(NinjaAPI):
    def get_root_path(self, path_params):
        # Ninja reverses "<urls_namespace>:api-root", but the API's URLs sit inside the app namespace "api".
        return reverse(f"api:{self.urls_namespace}:api-root", kwargs=path_params)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return finish_schema(schema)


api = HelhedAPI(title="Helhed API", version=VERSION, description=DESCRIPTION, urls_namespace="api-v1",
                openapi_url="/openapi.json", docs_url=None)


def _problem(request, code, detail="", errors=None, headers=None):
    return problems.problem_response(request, code, detail, errors, headers=headers)


@api.exception_handler(ApiProblem)
def _api_problem(request, exc):
    return _problem(request, exc.code, exc.detail, exc.errors, exc.headers)


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    with translation.override(problems.language(request)):
        detail = _("Send a valid bearer token from %(url)s (OAuth2 client credentials).") % {"url": TOKEN_URL}
    return _problem(request, "unauthorised", detail, headers={"WWW-Authenticate": 'Bearer realm="helhed"'})


# Pydantic's messages in Danish (or English), by the kind of error; others keep pydantic's own English text.
VALIDATION_MESSAGES = {
    "missing": gettext_lazy("This is required."),
    "string_too_long": gettext_lazy("The text is too long."),
    "string_too_short": gettext_lazy("The text is too short."),
    "string_pattern_mismatch": gettext_lazy("The value does not have the right form."),
    "string_type": gettext_lazy("Give a text."),
    "int_parsing": gettext_lazy("Give a whole number."),
    "int_type": gettext_lazy("Give a whole number."),
    "bool_parsing": gettext_lazy("Give true or false."),
    "bool_type": gettext_lazy("Give true or false."),
    "date_from_datetime_parsing": gettext_lazy("Give a date such as 2026-03-01."),
    "date_parsing": gettext_lazy("Give a date such as 2026-03-01."),
    "date_type": gettext_lazy("Give a date such as 2026-03-01."),
    "datetime_parsing": gettext_lazy("Give a time such as 2026-03-01T10:00:00+01:00."),
    "datetime_from_date_parsing": gettext_lazy("Give a time such as 2026-03-01T10:00:00+01:00."),
    "datetime_type": gettext_lazy("Give a time such as 2026-03-01T10:00:00+01:00."),
    "literal_error": gettext_lazy("Choose one of the values the document names."),
    "enum": gettext_lazy("Choose one of the values the document names."),
    "greater_than": gettext_lazy("The number is too small."),
    "greater_than_equal": gettext_lazy("The number is too small."),
    "less_than": gettext_lazy("The number is too large."),
    "less_than_equal": gettext_lazy("The number is too large."),
    "list_type": gettext_lazy("Give a list."),
    "dict_type": gettext_lazy("Give an object."),
    "model_attributes_type": gettext_lazy("Give an object."),
    "json_invalid": gettext_lazy("The body is not valid JSON."),
    "url_parsing": gettext_lazy("Give a full address, starting with https://."),
    "value_error": gettext_lazy("The value is not valid."),
}


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    errors, in_body = {}, False
    with translation.override(problems.language(request)):
        for error in exc.errors:
            loc = [str(part) for part in error.get("loc", ())]
            in_body = in_body or loc[:1] == ["body"]
            # Ninja says where: ("body", <parameter>, field, …), ("query", name), ("header", name): the field or the
            # parameter is what the client named.
            field = ".".join(loc[2:] if loc[:1] == ["body"] and len(loc) > 2 else loc[1:] or loc) or "__all__"
            message = VALIDATION_MESSAGES.get(error.get("type", ""))
            errors.setdefault(field, []).append(str(message) if message else error.get("msg", ""))
    return _problem(request, "validation" if in_body else "bad_request", errors=errors)


@api.exception_handler(DjangoValidationError)
def _service_refused(request, exc):
    errors = problems.django_errors(exc)
    return _problem(request, "validation", problems.first_message(errors), errors)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _problem(request, "not_found")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _problem(request, "forbidden_scope")


@api.exception_handler(HttpError)
def _http_error(request, exc):
    """Ninja's own refusals (e.g. a body that is not JSON): the problem's own translated text, not Ninja's English."""
    return _problem(request, problems.CODE_FOR_STATUS.get(exc.status_code, "bad_request"))


@api.exception_handler(Exception)
def _server_error(request, exc):
    logger.exception("Error in the API: %s %s", request.method, request.path)
    return _problem(request, "server_error")


for module in RESOURCE_MODULES:
    api.add_router("/", module.router)


# --- The OpenAPI document --------------------------------------------------------------------------------------------

PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "RFC 9457 problem details.",
    "type": "object",
    "required": ["type", "title", "status", "detail", "instance", "code"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string", "enum": sorted(problems.KINDS)},
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
}
ERROR_DESCRIPTIONS = {
    "400": "Bad request: an invalid header, parameter, CPR number or cursor.",
    "401": "No valid token.",
    "403": "The token lacks the scope.",
    "404": "Not found, or not one of the client's citizens.",
    "409": "The resource cannot change that way now.",
    "412": "The request id was used before, or If-Match names an old version.",
    "422": "The content is not valid.",
    "428": "If-Match is required.",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def finish_schema(schema: dict) -> dict:
    """Ninja's document, finished: one OAuth2 client-credentials scheme with the scope of each operation, every error
    as an `application/problem+json` Problem, and the headers of the conventions on the operations that use them."""
    schema = json.loads(json.dumps(schema))
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components["securitySchemes"] = {"oauth2": {
        "type": "oauth2", "description": "OAuth2 client credentials; the administrator registers the client.",
        "flows": {"clientCredentials": {"tokenUrl": TOKEN_URL, "scopes": {k: str(v) for k, v in SCOPES.items()}}}}}
    components["responses"] = {code: {"description": text, "content": {
        problems.CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        for code, text in ERROR_DESCRIPTIONS.items()}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            security = operation.get("security") or []
            scopes = [name.split(":", 1)[1] for entry in security for name in entry if name.startswith("scope:")]
            if scopes:
                operation["security"] = [{"oauth2": scopes}]
            responses = operation.setdefault("responses", {})
            codes = ["400", "401", "403", "404"]
            if method in WRITE_METHODS:
                codes += ["409", "412", "422"]
            if method in {"put", "patch"}:
                codes += ["428"]
            for code in codes:
                responses[code] = {"$ref": f"#/components/responses/{code}"}
    add_referral_links(schema)
    return schema


# --- OpenAPI links: from a referral to what hangs on it (schemathesis's stateful run follows them) --------------------

REFERRAL_ID_FROM = {"/henvisninger": "$response.body#/items/0/id", "/henvisninger/{referral_id}": "$response.body#/id"}


def add_referral_links(schema: dict) -> None:
    """Links from the referral list and one referral (their 200) to every other operation on `{referral_id}`."""
    paths = schema.get("paths", {})
    targets = sorted((operation["operationId"], path) for path, item in paths.items() for operation in item.values()
                     if "{referral_id}" in path and "operationId" in operation)
    for path, item in paths.items():
        source = next((value for suffix, value in REFERRAL_ID_FROM.items()
                       if path.endswith(suffix) and "{" not in path.removesuffix(suffix)), None)
        ok = item.get("get", {}).get("responses", {}).get("200")
        if source is None or ok is None:
            continue
        ok["links"] = {operation_id.rsplit("_resources_", 1)[-1]: {
            "operationId": operation_id, "parameters": {"referral_id": source}}
            for operation_id, _target in targets if operation_id != item["get"].get("operationId")}
