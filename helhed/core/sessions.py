"""Two kinds of session on one site: staff sessions, and citizens' sessions under the portal's path.

A citizen's session has its own cookie (CITIZEN_SESSION_COOKIE_NAME), sent by the browser only to paths under
CITIZEN_SESSION_PATH. Under that path, only that cookie is read, so a staff login never reaches the portal; the
citizen's cookie never reaches a staff page. Everything else is Django's SessionMiddleware.
"""

import time

from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date


def is_citizen_path(path: str) -> bool:
    prefix = getattr(settings, "CITIZEN_SESSION_PATH", "")
    return bool(prefix) and path.startswith(prefix)


def session_cookie(request) -> tuple[str, str]:
    """The cookie name and path of the session this request uses."""
    if is_citizen_path(request.path):
        return settings.CITIZEN_SESSION_COOKIE_NAME, settings.CITIZEN_SESSION_PATH
    return settings.SESSION_COOKIE_NAME, settings.SESSION_COOKIE_PATH


class SplitSessionMiddleware(SessionMiddleware):
    def process_request(self, request):
        name, _path = session_cookie(request)
        request.session = self.SessionStore(request.COOKIES.get(name))

    def process_response(self, request, response):
        try:
            accessed = request.session.accessed
            modified = request.session.modified
            empty = request.session.is_empty()
        except AttributeError:
            return response
        name, path = session_cookie(request)
        if name in request.COOKIES and empty:
            response.delete_cookie(name, path=path, domain=settings.SESSION_COOKIE_DOMAIN,
                                   samesite=settings.SESSION_COOKIE_SAMESITE)
            need_vary_cookie = True
        else:
            need_vary_cookie = accessed
            if (modified or settings.SESSION_SAVE_EVERY_REQUEST) and not empty:
                if request.session.get_expire_at_browser_close():
                    max_age = expires = None
                else:
                    max_age = request.session.get_expiry_age()
                    expires = http_date(time.time() + max_age)
                if response.status_code < 500:
                    try:
                        request.session.save()
                    except UpdateError:
                        raise SessionInterrupted("The request's session was deleted before the request completed.")
                    response.set_cookie(
                        name, request.session.session_key, max_age=max_age, expires=expires,
                        domain=settings.SESSION_COOKIE_DOMAIN, path=path,
                        secure=settings.SESSION_COOKIE_SECURE or None,
                        httponly=settings.SESSION_COOKIE_HTTPONLY or None,
                        samesite=settings.SESSION_COOKIE_SAMESITE,
                    )
                    need_vary_cookie = True
        if need_vary_cookie:
            patch_vary_headers(response, ("Cookie",))
        return response
