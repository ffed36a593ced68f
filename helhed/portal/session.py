"""The citizen's session in the portal: who is signed in, the 15-minute idle limit, and the sign-in rate limit.

The session is the portal's own (`core.sessions.SplitSessionMiddleware`); nothing here touches Django's
authentication, so a citizen is never a `User` and a staff login is never a citizen.
"""

import functools
import time

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from helhed.citizens.models import Citizen
from helhed.core.security import client_ip_address

CITIZEN_KEY = "portal_citizen_id"
LAST_SEEN_KEY = "portal_last_seen"
EASY_READ_KEY = "portal_easy_read"
RATE_WINDOW_SECONDS = 10 * 60


def sign_in(request, citizen: Citizen) -> None:
    request.session.cycle_key()  # a new session key at sign-in, so a planted one is worth nothing
    request.session[CITIZEN_KEY] = citizen.pk
    request.session[LAST_SEEN_KEY] = time.time()


def sign_out(request) -> None:
    request.session.flush()


def signed_in_citizen(request) -> Citizen | None:
    """The signed-in citizen, or None; ends a session idle for longer than PORTAL_IDLE_TIMEOUT."""
    citizen_id = request.session.get(CITIZEN_KEY)
    if citizen_id is None:
        return None
    now = time.time()
    if now - request.session.get(LAST_SEEN_KEY, 0) > settings.PORTAL_IDLE_TIMEOUT:
        sign_out(request)
        messages.info(request, _("You were signed out because 15 minutes passed. Sign in again."))
        return None
    if now - request.session.get(LAST_SEEN_KEY, 0) > 30:
        request.session[LAST_SEEN_KEY] = now
    return Citizen.objects.select_related("municipality").filter(pk=citizen_id).first()


def citizen_required(view):
    """The view gets `request.citizen`; without a signed-in citizen it goes to the portal's front page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        citizen = signed_in_citizen(request)
        if citizen is None:
            return redirect("portal:front")
        request.citizen = citizen
        return view(request, *args, **kwargs)

    return wrapper


def easy_read(request) -> bool:
    return bool(request.session.get(EASY_READ_KEY))


def sign_in_allowed(request) -> bool:
    """Counts sign-in steps per address; False once PORTAL_SIGN_IN_LIMIT is passed within ten minutes."""
    key = f"portal-sign-in:{client_ip_address(request)}:{int(time.time() // RATE_WINDOW_SECONDS)}"
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        count = 1
    return count <= settings.PORTAL_SIGN_IN_LIMIT
