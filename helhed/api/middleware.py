"""Every error under /api/v1/ is a problem (RFC 9457), also those no handler of the API answered: an unknown path
(Django's 404 page), a method the path does not take (Ninja's 405), a body Django refuses before the API reads it
(400), and an error in Helhed (500)."""

import json

from django.http import HttpResponse

from helhed.api import problems

PREFIX = "/api/v1/"


class ProblemResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (not request.path.startswith(PREFIX) or response.status_code < 400
                or response.get("Content-Type", "").startswith(problems.CONTENT_TYPE)):
            return response
        status = response.status_code
        code = problems.CODE_FOR_STATUS.get(status, "server_error" if status >= 500 else "bad_request")
        body = problems.problem_body(request, code)
        body["status"] = status
        problem = HttpResponse(json.dumps(body, ensure_ascii=False), status=status,
                               content_type=problems.CONTENT_TYPE)
        problem["Content-Language"] = problems.language(request)
        for header in ("Allow", "WWW-Authenticate", "Retry-After"):
            if header in response:
                problem[header] = response[header]
        return problem
