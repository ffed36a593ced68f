"""The portal's front page, sign-in through OpenID Connect, sign-out, and the easy-read switch."""

import logging

from authlib.integrations.base_client.errors import OAuthError
from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from requests import RequestException

from helhed.citizens.models import Case, Citizen
from helhed.portal import oidc
from helhed.portal.selectors import home_summary
from helhed.portal.services.actions import record_action
from helhed.portal.session import EASY_READ_KEY, sign_in, sign_in_allowed, sign_out, signed_in_citizen

logger = logging.getLogger(__name__)


def front(request):
    """Signed in: the citizen's own front page. Otherwise: how to sign in."""
    citizen = signed_in_citizen(request)
    if citizen is None:
        return render(request, "portal/front.html", {"configured": oidc.configured()})
    request.citizen = citizen
    return render(request, "portal/home.html", {"citizen": citizen, **home_summary(citizen)})


def _too_many(request):
    return render(request, "portal/too_many.html", status=429)


def start(request):
    if not sign_in_allowed(request):
        return _too_many(request)
    client = oidc.client(request)
    if client is None:
        return render(request, "portal/front.html", {"configured": False}, status=503)
    try:
        # prompt=login: on a shared phone, the broker's single sign-on may not sign the next person in as the last.
        return client.authorize_redirect(request, request.build_absolute_uri(reverse("portal:callback")),
                                         prompt="login")
    except (OAuthError, RequestException, ValueError):
        logger.warning("portal sign-in could not reach the identity provider", exc_info=True)
        return render(request, "portal/sign_in_failed.html", status=502)


def _citizen_for(cpr: str) -> Citizen | None:
    """The citizen with the CPR number; with rows in several kommuner, the one with an open case (newest first)."""
    if not cpr:
        return None
    open_case = Case.objects.filter(citizen=OuterRef("pk"), status=Case.Status.OPEN)
    return (Citizen.objects.filter(cpr=cpr).annotate(has_open_case=Exists(open_case))
            .order_by("-has_open_case", "-created_at").first())


def callback(request):
    if not sign_in_allowed(request, count=False):
        return _too_many(request)
    client = oidc.client(request)
    if client is None:
        return redirect("portal:front")
    try:
        token = client.authorize_access_token(request)
    except (OAuthError, RequestException, ValueError, KeyError):
        logger.warning("portal sign-in failed at the callback", exc_info=True)
        sign_in_allowed(request)  # a failed answer counts towards the limit
        return render(request, "portal/sign_in_failed.html", status=400)
    claims = token.get("userinfo") or {}
    if not oidc.assurance_enough(claims):
        sign_in_allowed(request)  # counts as a failed sign-in
        return render(request, "portal/assurance_too_low.html", status=403)
    citizen = _citizen_for(oidc.cpr_from(claims))
    if citizen is None:
        return render(request, "portal/unknown.html", {"name": claims.get("name", "")})
    sign_in(request, citizen)
    record_action(citizen, "signed_in")
    return redirect("portal:front")


@require_POST
def sign_out_view(request):
    citizen = signed_in_citizen(request)
    if citizen is not None:
        record_action(citizen, "signed_out")
    sign_out(request)
    messages.info(request, _("You are signed out. Close the browser if others use this phone."))
    return redirect("portal:front")


@require_POST
def easy_read(request):
    """Turns easy-read on or off, and goes back to the page the citizen came from."""
    request.session[EASY_READ_KEY] = request.POST.get("on") == "1"
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or not back.startswith("/borger/"):
        back = reverse("portal:front")
    return redirect(back)


urlpatterns = [
    path("", front, name="front"),
    path("log-ind/", start, name="sign_in"),
    path("log-ind/svar/", callback, name="callback"),
    path("log-ud/", sign_out_view, name="sign_out"),
    path("let-at-laese/", easy_read, name="easy_read"),
]
