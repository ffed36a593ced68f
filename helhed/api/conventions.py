"""The national data hub's conventions, once, for every resource: the CPR number in a header, `x-requestId` on
every write, pages by cursor, the read log, and ETag / If-Match."""

import base64
import json
import re
import time

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils.translation import gettext as _
from ninja import Header

from helhed.api.models import ApiRequest
from helhed.api.problems import ApiProblem, django_errors, first_message
from helhed.citizens.access import get_access
from helhed.citizens.cpr import normalise_cpr
from helhed.citizens.models import Citizen
from helhed.citizens.readlog import log_citizen_list_view, log_citizen_view

CPR_HEADER = "x-civilRegistrationIdentifier"
REQUEST_ID_HEADER = "x-requestId"
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")
MAX_LIMIT, DEFAULT_LIMIT = 100, 25
SQLITE_LOCK_WAIT = 10  # seconds a write waits for another writer on SQLite (`once`)
# Declare it on every write, so the OpenAPI document says it is required: `x_request_id: str = REQUEST_ID_PARAM`.
REQUEST_ID_PARAM = Header(..., alias=REQUEST_ID_HEADER, pattern=REQUEST_ID.pattern,
                          description="A new id for each write (a UUID); a repeated id is refused with 412.")


# --- The CPR number travels in a header, never in a URL --------------------------------------------------------------

def cpr_from_header(request, *, required: bool = False) -> str | None:
    value = request.headers.get(CPR_HEADER, "").strip()
    if not value:
        if required:
            raise ApiProblem("invalid_cpr", _("Send the CPR number in the header %(header)s.") % {"header": CPR_HEADER})
        return None
    try:
        return normalise_cpr(value)
    except ValidationError as error:
        raise ApiProblem("invalid_cpr", error.messages[0])


def access_from_header(request, *, required: bool = False, **kwargs):
    """The client's access to the citizen the header names (`kwargs` as for `get_access`), None without the header;
    404 when the client may not see them (as for staff, Helhed does not say whether such a citizen exists)."""
    cpr = cpr_from_header(request, required=required)
    if cpr is None:
        return None
    pk = Citizen.objects.filter(cpr=cpr, municipality_id=request.staff.municipality_id).values_list("pk", flat=True)
    return access_to(request, pk.first() or 0, **kwargs)


def citizen_from_header(request, *, required: bool = False) -> Citizen | None:
    access = access_from_header(request, required=required)
    return access.citizen if access else None


def access_to(request, citizen_pk: int, **kwargs):
    """`citizens.access.get_access` for the client, with a problem (404) instead of the staff refusal page."""
    from django.http import Http404

    try:
        return get_access(request.staff, citizen_pk, **kwargs)
    except Http404:
        raise ApiProblem("not_found")


# --- The read log: every read of citizen data, with the client as reader ---------------------------------------------

def log_read(request, access, page: str) -> None:
    log_citizen_view(request=request, citizen=access.citizen, page=page, reason=access.reason, role=access.role)


def log_list_read(request, rows, page: str) -> None:
    """`rows`: (citizen, reason, role) for each citizen the page shows."""
    log_citizen_list_view(request=request, rows=rows, page=page)


# --- Writes: x-requestId, where a repeat returns 412 and never makes a second row -----------------------------------

def once(request, write, *args, **kwargs):
    """Run `write` in one transaction with the record of the request id. A repeated id is refused (412); a write that
    fails leaves no record, so the client can send it again. Two concurrent requests with one id: the database's
    unique key lets one through and the other gets 412."""
    request_id = request.headers.get(REQUEST_ID_HEADER, "").strip()
    if not REQUEST_ID.match(request_id):
        raise ApiProblem("request_id_missing", _(
            "Send a request id (1–100 letters, digits, or . _ : -), e.g. a UUID, in the header %(header)s.")
            % {"header": REQUEST_ID_HEADER})
    deadline = time.monotonic() + SQLITE_LOCK_WAIT
    while True:
        try:
            return _once(request, request_id, write, args, kwargs)
        except OperationalError as error:
            # SQLite refuses a second writer ("database is locked" after its busy timeout; "database table is locked"
            # at once on the tests' shared in-memory database): nothing was written, so the write waits and tries
            # again, unless it runs inside a caller's transaction.
            if ("locked" not in str(error) or connection.vendor != "sqlite" or connection.in_atomic_block
                    or time.monotonic() > deadline):
                raise
            time.sleep(0.02)


def _once(request, request_id, write, args, kwargs):
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    ApiRequest.objects.create(client=request.api_client, request_id=request_id,
                                              method=request.method, path=request.path[:300])
            except IntegrityError:
                raise ApiProblem("request_id_used", _(
                    "The request id %(id)s was used before: the write was done then. Use a new id for a new write.")
                    % {"id": request_id})
            try:
                with transaction.atomic():
                    return write(*args, **kwargs)
            except IntegrityError:
                # A concurrent write of the same thing got there first (e.g. attendance for the same day): nothing
                # of this one is kept, and the request id is not used up.
                raise ApiProblem("conflict", _("Someone wrote the same at the same moment. Read it again."))
    except ValidationError as error:
        errors = django_errors(error)
        raise ApiProblem("validation", first_message(errors), errors=errors)


# --- Pages by cursor -------------------------------------------------------------------------------------------------

_SALT = "helhed.api.cursor"


def page(request, queryset, *, cursor: str | None, limit: int | None, key: str = "pk"):
    """One page of `queryset` ordered by `key` (unique, ascending), and the cursor to the next page or None.

    The cursor is signed: a client cannot build one, and a tampered one is a 400 problem."""
    limit = min(max(limit or DEFAULT_LIMIT, 1), MAX_LIMIT)
    queryset = queryset.order_by(key)
    if cursor:
        try:
            after = signing.loads(base64.urlsafe_b64decode(cursor.encode() + b"==").decode(), salt=_SALT)["after"]
        except (signing.BadSignature, ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise ApiProblem("invalid_cursor", _("Use the cursor exactly as the previous page gave it."))
        queryset = queryset.filter(**{f"{key}__gt": after})
    rows = list(queryset[:limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more:
        token = signing.dumps({"after": getattr(rows[-1], key)}, salt=_SALT)
        next_cursor = base64.urlsafe_b64encode(token.encode()).decode().rstrip("=")
    return rows, next_cursor


def page_response(items, next_cursor) -> dict:
    return {"items": items, "next_cursor": next_cursor}


# --- ETag / If-Match -------------------------------------------------------------------------------------------------

def etag(kind: str, version: int) -> str:
    return f'"{kind}-{version}"'


def if_match_version(request, kind: str) -> int:
    """The version the client's If-Match names: 428 without one, 412 when it is not of this resource."""
    value = request.headers.get("If-Match", "").strip()
    if not value:
        raise ApiProblem("if_match_missing", _("Send the ETag you read as If-Match, so no one's change is lost."))
    if value == "*":
        raise ApiProblem("if_match_missing", _("Send the ETag you read as If-Match, so no one's change is lost."))
    match = re.fullmatch(rf'"{re.escape(kind)}-(\d+)"', value)  # strong comparison (RFC 9110): no W/
    if not match:
        raise ApiProblem("version_changed", _("If-Match does not name a version of this resource. Read it again."))
    return int(match.group(1))


def json_dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
