"""One log line per request (logger `helhed.request`, level INFO), the request id, and the request metrics.

Placed right after SecurityMiddleware (helhed/settings.py), so the duration covers every other middleware and the
view. It reads what the page resolved and loaded anyway (`request.resolver_match`, and `request.user` /
`request.staff` only if the page loaded them), so it costs no query and no second URL resolution. The line holds the
method, the URL pattern and URL name, the status, the duration, the user's and staff member's ids and the request id
— never a query string, a name or a CPR number (helhed/core/logging.py). The duration ends when the view has returned
its response; a streamed download goes on after that.

The request id is the proxy's `X-Request-ID` when it is a sane token (deploy/nginx.conf sets it to nginx's
`$request_id`, so the proxy's log and ours share it), else a new one; it is sent back as `X-Request-ID` and
written on every record logged while the request is served.
"""

import logging
import os
import re
import time

from helhed.core import metrics
from helhed.core.logging import current_request_id, person_of, route_of

logger = logging.getLogger("helhed.request")

# Letters, digits and . _ : - (a UUID, nginx's 32 hex digits, a trace id); nothing that could break a log line.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}", re.ASCII)


def request_id_of(request) -> str:
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    if incoming and SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return os.urandom(16).hex()


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request_id = request.request_id = request_id_of(request)
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            url_name, path = route_of(request)
            status = response.status_code
            metrics.observe(url_name, status, seconds)
            if logger.isEnabledFor(logging.INFO):
                user_id, staff_id = person_of(request)
                duration_ms = round(seconds * 1000, 1)
                # makeRecord + handle is logger.info without the search for the caller's file and line (unused).
                logger.handle(logger.makeRecord(
                    logger.name, logging.INFO, "", 0, "%s %s %s %.1f ms",
                    (request.method, url_name, status, duration_ms), None, extra={
                        "method": request.method, "path": path, "url_name": url_name, "status": status,
                        "duration_ms": duration_ms, "user_id": user_id, "staff_id": staff_id, "request_id": request_id,
                    }))
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response
