"""The citizen's session in the portal: who is signed in, the 15-minute idle limit, and the sign-in rate limit.

The session is the portal's own (`core.sessions.SplitSessionMiddleware`); nothing here touches Django's
authentication, so a citizen is never a `User` and a staff login is never a citizen.
"""

import functools
import time

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect, render
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
    if now - request.session.get(LAST_SEEN_KEY, 0) > settings.PORTAL_LAST_SEEN_EVERY:
        request.session[LAST_SEEN_KEY] = now
    return Citizen.objects.select_related("municipality").filter(pk=citizen_id).first()


def citizen_required(view):
    """The view gets `request.citizen`; without a signed-in citizen it goes to the portal's front page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        was_signed_in = CITIZEN_KEY in request.session
        citizen = signed_in_citizen(request)
        if citizen is None and was_signed_in and request.method == "POST":
            return _written_but_not_sent(request)
        if citizen is None:
            return redirect("portal:front")
        request.citizen = citizen
        return view(request, *args, **kwargs)

    return wrapper


# Form fields that carry no text the citizen wrote.
NOT_WRITTEN = {"csrfmiddlewaretoken", "version", "answer", "on", "next", "kind"}


def _written_but_not_sent(request):
    """A form sent after the session ended (15 minutes idle is short for a long answer): nothing is saved, but what
    the citizen wrote is shown back, to copy before signing in again."""
    written = [value for name, value in request.POST.items() if name not in NOT_WRITTEN and value.strip()]
    return render(request, "portal/written_not_sent.html", {"written": written})


def easy_read(request) -> bool:
    return bool(request.session.get(EASY_READ_KEY))


def sign_in_allowed(request, *, count: bool = True) -> bool:
    """False once PORTAL_SIGN_IN_LIMIT sign-ins were started (or failed at the answer) from the address within ten
    minutes. `count=False` only looks. Many people share an address (a shelter, a mobile network), so successful
    answers are not counted."""
    key = f"portal-sign-in:{client_ip_address(request)}:{int(time.time() // RATE_WINDOW_SECONDS)}"
    if not count:
        return (cache.get(key) or 0) < settings.PORTAL_SIGN_IN_LIMIT
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        tries = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        tries = 1
    return tries <= settings.PORTAL_SIGN_IN_LIMIT
