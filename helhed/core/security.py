"""Login and session hardening: idle and absolute session timeouts, re-authentication before sensitive actions.

Three session keys, all Unix timestamps in whole seconds (time.time(), so tests that move Django's clock do not
log anybody out):

- LOGIN_AT_KEY: when the user logged in; the session ends SESSION_COOKIE_AGE later whatever the activity.
- LAST_ACTIVITY_KEY: the last request; the session ends after SESSION_IDLE_TIMEOUT without one.
- PASSWORD_CONFIRMED_AT_KEY: the last time the user typed the password (login or /bekraeft/);
  `reauthentication_required` asks for it again when that is older than REAUTHENTICATION_MAX_AGE.

The user_logged_in receiver below must be connected before anyone logs in: CoreConfig.ready() imports this module.
"""

import time
from functools import wraps
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from helhed.core.views import local_next

LOGIN_AT_KEY = "helhed_login_at"
LAST_ACTIVITY_KEY = "helhed_last_activity"
PASSWORD_CONFIRMED_AT_KEY = "helhed_password_confirmed_at"

# The last-activity stamp is rewritten at most this often, so that not every request writes the session.
_ACTIVITY_RESOLUTION = 60


def _now():
    return int(time.time())


@receiver(user_logged_in, dispatch_uid="helhed.core.security.stamp_login")
def stamp_login(sender, request, user, **kwargs):
    """A login is a password entry: start the session clocks."""
    if request is None or not hasattr(request, "session"):
        return
    now = _now()
    request.session[LOGIN_AT_KEY] = now
    request.session[LAST_ACTIVITY_KEY] = now
    request.session[PASSWORD_CONFIRMED_AT_KEY] = now


class SessionTimeoutMiddleware:
    """Logs out a user idle for SESSION_IDLE_TIMEOUT, or logged in for longer than SESSION_COOKIE_AGE.

    Saving the session slides its stored expiry forward, so SESSION_COOKIE_AGE alone is no absolute limit;
    the login stamp is. After a timeout a GET comes back to the same page after the new login (?next=).
    Sits after AuthenticationMiddleware and MessageMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            session, now = request.session, _now()
            last_activity = session.get(LAST_ACTIVITY_KEY, now)
            login_at = session.get(LOGIN_AT_KEY)
            if now - last_activity > settings.SESSION_IDLE_TIMEOUT:
                minutes = settings.SESSION_IDLE_TIMEOUT // 60
                return self._logged_out(
                    request,
                    _("You were logged out after %(minutes)s minutes without activity. Log in again.") % {"minutes": minutes},
                )
            if login_at is not None and now - login_at > settings.SESSION_COOKIE_AGE:
                return self._logged_out(request, _("Your session has expired. Log in again."))
            if login_at is None:
                session[LOGIN_AT_KEY] = now
            if LAST_ACTIVITY_KEY not in session or now - last_activity >= _ACTIVITY_RESOLUTION:
                session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _logged_out(request, message):
        logout(request)
        messages.warning(request, message)
        if request.method == "GET":
            response = redirect_to_login(request.get_full_path())
        else:
            # A form posted into an expired session is not replayed; its page is one step back.
            response = redirect(resolve_url(settings.LOGIN_URL))
        if request.headers.get("HX-Request"):
            # htmx would swap the login page into a fragment; make it load the whole page instead.
            htmx_response = HttpResponse(status=204)
            htmx_response["HX-Redirect"] = response["Location"]
            return htmx_response
        return response


def password_recently_confirmed(request, max_age=None):
    max_age = settings.REAUTHENTICATION_MAX_AGE if max_age is None else max_age
    confirmed_at = request.session.get(PASSWORD_CONFIRMED_AT_KEY)
    return confirmed_at is not None and _now() - confirmed_at <= max_age


def reauthentication_required(view=None, *, max_age=None):
    """Ask for the password again before a sensitive action if it was last typed more than 10 minutes ago.

    Use as @reauthentication_required or @reauthentication_required(max_age=seconds), inside @staff_required.
    The user comes back to the same URL with a GET: a POST is not replayed, so decorate the view that shows the
    form as well as the one it posts to (usually the same view).
    """

    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if password_recently_confirmed(request, max_age):
                return view_func(request, *args, **kwargs)
            return redirect(f"{reverse('reauthenticate')}?{urlencode({'next': request.get_full_path()})}")

        return wrapper

    return decorator(view) if view is not None else decorator


class ReauthenticationForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Through authenticate(), so that django-axes counts wrong passwords here as it does at the login.
        user = authenticate(self.request, username=self.request.user.get_username(), password=password)
        if user is None or user.pk != self.request.user.pk:
            raise forms.ValidationError(_("The password is wrong. Try again."), code="invalid_password")
        return password


def _safe_next(request, url):
    return local_next(request, url) or resolve_url(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("password")
@never_cache
@login_required
def reauthenticate(request):
    """/bekraeft/: type the password again, then go on to ?next=."""
    next_url = request.POST.get("next") if request.method == "POST" else request.GET.get("next")
    form = ReauthenticationForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            request.session.cycle_key()
            request.session[PASSWORD_CONFIRMED_AT_KEY] = _now()
            # A URL, never a view name: redirect() would try to reverse ?next=x and fail with a 500.
            return HttpResponseRedirect(_safe_next(request, next_url))
        if getattr(request, "axes_locked_out", False):
            # Five wrong passwords in one session: end it; AxesMiddleware shows the lockout page.
            logout(request)
    return render(
        request,
        "registration/reauthenticate.html",
        {"form": form, "next": _safe_next(request, next_url) if next_url else ""},
    )


def client_ip_address(request):
    """The client's address for django-axes: REMOTE_ADDR, or behind our proxy the address it appended last."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")
