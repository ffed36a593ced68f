"""A development identity provider that speaks real OpenID Connect, for `make run` and the tests.

Authorisation code flow with PKCE (S256 only), ID tokens signed with RS256 (joserfc), a discovery document, a JWKS,
a token endpoint with client authentication, and a userinfo endpoint. Instead of MitID it shows a page of demo
citizens to sign in as. It is clearly a test provider: every page says so; it answers 404 unless settings.DEV_IDP (on by default only in
development, with no real provider configured), and settings refuse HELHED_DEV_IDP=1 with HELHED_ENV=production.

Codes are signed, live two minutes and are used once (a per-process cache remembers the used ones: enough for
development, which runs one process).
"""

import base64
import hashlib
import json
import os
import secrets
import time
import uuid
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from joserfc import jwt
from joserfc.jwk import RSAKey

from helhed.citizens.cpr import normalise_cpr
from helhed.citizens.models import Citizen

CODE_SALT = "helhed.dev-idp.code"
ACCESS_SALT = "helhed.dev-idp.access"
CODE_MAX_AGE = 120
TOKEN_LIFETIME = 300
KEY_PATH = Path(os.environ.get("HELHED_DEV_IDP_KEY", str(settings.BASE_DIR / ".dev-idp-key.json")))
# A valid CPR number that no demo municipality holds, to try the "we do not know you" page.
UNKNOWN_CPR = "0101901236"

_key = None


def signing_key() -> RSAKey:
    """The provider's RSA key, made once per checkout and shared by every process (a file, created atomically)."""
    global _key
    if _key is None:
        if not KEY_PATH.exists():
            fresh = RSAKey.generate_key(2048, parameters={"kid": uuid.uuid4().hex[:12]}, private=True)
            temporary = KEY_PATH.with_name(f"{KEY_PATH.name}.{os.getpid()}.{secrets.token_hex(4)}")
            temporary.write_text(json.dumps(fresh.as_dict(private=True)))
            try:
                os.link(temporary, KEY_PATH)  # fails if another process made it first: then theirs is used
            except FileExistsError:
                pass
            finally:
                temporary.unlink()
        _key = RSAKey.import_key(json.loads(KEY_PATH.read_text()))
    return _key


def _guard():
    if not settings.DEV_IDP or os.environ.get("HELHED_ENV") == "production":
        raise Http404


def _issuer(request) -> str:
    return request.build_absolute_uri(reverse("dev_idp:root")).rstrip("/")


def _error(error: str, description: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": error, "error_description": description}, status=status)


def metadata(request) -> dict:
    """The discovery document: the provider's endpoints on the host the request came to."""
    return {
        "issuer": _issuer(request),
        "authorization_endpoint": request.build_absolute_uri(reverse("dev_idp:authorize")),
        "token_endpoint": request.build_absolute_uri(reverse("dev_idp:token")),
        "userinfo_endpoint": request.build_absolute_uri(reverse("dev_idp:userinfo")),
        "jwks_uri": request.build_absolute_uri(reverse("dev_idp:jwks")),
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": ["openid"],
        "claims_supported": ["sub", "name", settings.PORTAL_OIDC["cpr_claim"]],
    }


def discovery(request):
    _guard()
    return JsonResponse(metadata(request))


def jwks(request):
    _guard()
    return JsonResponse({"keys": [signing_key().as_dict(private=False)]})


def demo_citizens(municipality=None):
    """Citizens worth signing in as: those with an open hearing first, then those with a plan and appointments."""
    from helhed.citizens.models import Case
    from helhed.contact.models import Appointment
    from helhed.plans.models import PlanVersion
    from helhed.sanctions.models import Hearing

    # The responsible caseworker's login, so a demo can follow the citizen's request to the other side.
    caseworker = Case.objects.filter(citizen=OuterRef("pk"), status=Case.Status.OPEN).values(
        "responsible__user__username")[:1]
    base = Citizen.objects.annotate(caseworker_login=Subquery(caseworker)).order_by("municipality_id", "pk")
    if municipality is not None:
        base = base.filter(municipality=municipality)
    hearing = Hearing.objects.filter(citizen=OuterRef("pk"), answered_on__isnull=True)
    plan = PlanVersion.objects.filter(plan__citizen=OuterRef("pk"))
    booked = Appointment.objects.filter(citizen=OuterRef("pk"), status=Appointment.Status.BOOKED)
    with_hearing = list(base.filter(Exists(hearing), Exists(plan))[:3])
    others = list(base.filter(Exists(plan), Exists(booked)).exclude(pk__in=[c.pk for c in with_hearing])[:6])
    return [(c, True) for c in with_hearing] + [(c, False) for c in others]


AUTHORIZE_PARAMS = ("client_id", "redirect_uri", "state", "nonce", "code_challenge", "code_challenge_method",
                    "scope", "response_type")


def _check_request(request, params) -> str | None:
    if params.get("client_id") != settings.PORTAL_OIDC["client_id"]:
        return "unknown client_id"
    if params.get("response_type") != "code":
        return "response_type must be code"
    if "openid" not in (params.get("scope") or "").split():
        return "scope must include openid"
    if not params.get("code_challenge") or params.get("code_challenge_method") != "S256":
        return "PKCE with S256 is required"
    redirect_uri = params.get("redirect_uri") or ""
    if not url_has_allowed_host_and_scheme(redirect_uri, allowed_hosts={request.get_host()}) or \
            urlsplit(redirect_uri).path != reverse("portal:callback"):
        return "redirect_uri must be the portal's callback on this host"
    return None


@require_http_methods(["GET", "POST"])
def authorize(request):
    """GET: the page of demo citizens. POST: the chosen citizen signs in, and the browser goes back with a code."""
    _guard()
    source = request.GET if request.method == "GET" else request.POST
    params = {name: source.get(name, "") for name in AUTHORIZE_PARAMS}
    problem = _check_request(request, params)
    if problem:
        return render(request, "portal/dev_provider/error.html", {"problem": problem}, status=400)
    if request.method == "GET":
        return render(request, "portal/dev_provider/authorize.html", {
            "params": params, "citizens": demo_citizens(), "unknown_cpr": UNKNOWN_CPR})
    try:
        cpr = normalise_cpr(request.POST.get("cpr", ""))
    except ValidationError as error:
        return render(request, "portal/dev_provider/authorize.html", {
            "params": params, "citizens": demo_citizens(), "unknown_cpr": UNKNOWN_CPR,
            "cpr_error": error.messages[0], "cpr": request.POST.get("cpr", "")}, status=400)
    name = request.POST.get("name", "")[:200]
    code = signing.dumps({"cpr": cpr, "name": name, "client_id": params["client_id"], "nonce": params["nonce"],
                          "redirect_uri": params["redirect_uri"], "challenge": params["code_challenge"],
                          "auth_time": int(time.time())}, salt=CODE_SALT)
    separator = "&" if urlsplit(params["redirect_uri"]).query else "?"
    return HttpResponseRedirect(params["redirect_uri"] + separator + urlencode({"code": code, "state": params["state"]}))


def _client_authenticated(request) -> bool:
    client_id = request.POST.get("client_id", "")
    secret = request.POST.get("client_secret", "")
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header.startswith("Basic "):
        try:
            client_id, secret = base64.b64decode(header[6:]).decode().split(":", 1)
        except (ValueError, UnicodeDecodeError):
            return False
        client_id, secret = unquote(client_id), unquote(secret)
    expected = settings.PORTAL_OIDC
    return secrets.compare_digest(client_id, expected["client_id"]) and secrets.compare_digest(
        secret, expected["client_secret"])


def _pkce_matches(verifier: str, challenge: str) -> bool:
    digest = hashlib.sha256(verifier.encode()).digest()
    return secrets.compare_digest(base64.urlsafe_b64encode(digest).rstrip(b"=").decode(), challenge)


@csrf_exempt
@require_POST
def token(request):
    _guard()
    if not _client_authenticated(request):
        return _error("invalid_client", "client authentication failed", 401)
    if request.POST.get("grant_type") != "authorization_code":
        return _error("unsupported_grant_type", "only authorization_code")
    code = request.POST.get("code", "")
    try:
        grant = signing.loads(code, salt=CODE_SALT, max_age=CODE_MAX_AGE)
    except signing.BadSignature:
        return _error("invalid_grant", "the code is not valid or has expired")
    if not cache.add(f"dev-idp-used:{hashlib.sha256(code.encode()).hexdigest()}", 1, CODE_MAX_AGE * 2):
        return _error("invalid_grant", "the code was used already")
    if grant["redirect_uri"] != request.POST.get("redirect_uri") or grant["client_id"] != settings.PORTAL_OIDC["client_id"]:
        return _error("invalid_grant", "redirect_uri or client does not match the code")
    if not _pkce_matches(request.POST.get("code_verifier", ""), grant["challenge"]):
        return _error("invalid_grant", "code_verifier does not match the code_challenge")
    now = int(time.time())
    claims = _claims(grant["cpr"], grant["name"])
    id_token = jwt.encode({"alg": "RS256", "kid": signing_key().kid}, {
        **claims, "iss": _issuer(request), "aud": grant["client_id"], "iat": now, "exp": now + TOKEN_LIFETIME,
        "auth_time": grant["auth_time"], "nonce": grant["nonce"]}, signing_key())
    access_token = signing.dumps(claims, salt=ACCESS_SALT)
    response = JsonResponse({"access_token": access_token, "token_type": "Bearer", "expires_in": TOKEN_LIFETIME,
                             "id_token": id_token, "scope": "openid"})
    response["Cache-Control"] = "no-store"
    return response


def _claims(cpr: str, name: str) -> dict:
    return {"sub": str(uuid.uuid5(uuid.NAMESPACE_OID, f"helhed-dev-idp:{cpr}")), "name": name,
            settings.PORTAL_OIDC["cpr_claim"]: cpr, "loa": "https://data.gov.dk/concept/core/nsis/loa/Substantial"}


@csrf_exempt
def userinfo(request):
    _guard()
    header = request.META.get("HTTP_AUTHORIZATION", "")
    try:
        claims = signing.loads(header.removeprefix("Bearer "), salt=ACCESS_SALT, max_age=TOKEN_LIFETIME)
    except signing.BadSignature:
        return _error("invalid_token", "the access token is not valid", 401)
    return JsonResponse(claims)


def root(request):
    _guard()
    return HttpResponseRedirect(reverse("dev_idp:discovery"))
