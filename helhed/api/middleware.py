"""Every error under /api/v1/ is a problem (RFC 9457), also those no handler of the API answered: an unknown path
(Django's 404 page), a method the path does not take (Ninja's 405), a body Django refuses before the API reads it
(400), and an error in Helhed (500)."""

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
        kept = {h: response[h] for h in ("Allow", "WWW-Authenticate", "Retry-After") if h in response}
        return problems.problem_response(request, code, headers=kept, status=status)
