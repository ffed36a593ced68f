"""The portal as an OpenID Connect relying party (Authlib's Django client).

A kommune points the portal at its MitID broker by configuration only (settings.PORTAL_OIDC, from the
HELHED_PORTAL_OIDC_* variables): the discovery document gives the endpoints and keys; the authorisation code flow
runs with PKCE (S256), state and nonce; Authlib checks the ID token's signature, issuer, audience, expiry and nonce.
The CPR number arrives as a claim (HELHED_PORTAL_OIDC_CPR_CLAIM).

Without a configured provider, the portal uses the development provider that Helhed serves itself at /test-mitid/
(`dev_provider.py`), on the host the request came to.
"""

from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.urls import reverse

_clients = {}


def metadata_url(request) -> str:
    configured = settings.PORTAL_OIDC["metadata_url"]
    if configured:
        return configured
    if not settings.DEV_IDP:
        return ""
    return request.build_absolute_uri(reverse("dev_idp:discovery"))


def client(request):
    """The Authlib client for the configured provider, or None when the portal has none."""
    url = metadata_url(request)
    if not url:
        return None
    if url not in _clients:
        oauth = OAuth()
        _clients[url] = oauth.register(
            name="portal",
            client_id=settings.PORTAL_OIDC["client_id"],
            client_secret=settings.PORTAL_OIDC["client_secret"],
            server_metadata_url=url,
            client_kwargs={"scope": settings.PORTAL_OIDC["scope"], "code_challenge_method": "S256",
                           "timeout": 10},
        )
    return _clients[url]


def cpr_from(claims: dict) -> str:
    return "".join(ch for ch in str(claims.get(settings.PORTAL_OIDC["cpr_claim"], "")) if ch.isdigit())
