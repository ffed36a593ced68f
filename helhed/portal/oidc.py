"""The portal as an OpenID Connect relying party (Authlib's Django client).

A kommune points the portal at its MitID broker by configuration only (settings.PORTAL_OIDC, from the
HELHED_PORTAL_OIDC_* variables): the discovery document gives the endpoints and keys; the authorisation code flow
runs with PKCE (S256), state and nonce; Authlib checks the ID token's signature, issuer, audience, expiry and nonce.
The CPR number arrives as a claim (HELHED_PORTAL_OIDC_CPR_CLAIM).

Without a configured provider, and only in development (settings.DEV_IDP), the portal uses the development provider
that Helhed serves itself at /test-mitid/ (`dev_provider.py`), on the host the request came to.
"""

from authlib.integrations.django_client import OAuth
from django.conf import settings

_clients = {}


def configured() -> bool:
    return bool(settings.PORTAL_OIDC["metadata_url"]) or settings.DEV_IDP


def client(request):
    """The Authlib client for the configured provider, or None when the portal has none.

    A configured provider is read from its discovery document. The development provider's discovery document is
    built here, from the same function that serves it, rather than fetched over HTTP from this very server: the
    sign-in starts without a request to itself (the token exchange and the keys still go over HTTP)."""
    url = settings.PORTAL_OIDC["metadata_url"]
    if url:
        source = {"server_metadata_url": url}
    elif settings.DEV_IDP:
        from helhed.portal.dev_provider import metadata

        found = metadata(request)
        url = found["issuer"]
        source = {**found, "authorize_url": found["authorization_endpoint"], "access_token_url": found["token_endpoint"]}
    else:
        return None
    if url not in _clients:
        _clients[url] = OAuth().register(
            name="portal",
            client_id=settings.PORTAL_OIDC["client_id"],
            client_secret=settings.PORTAL_OIDC["client_secret"],
            client_kwargs={"scope": settings.PORTAL_OIDC["scope"], "code_challenge_method": "S256", "timeout": 10},
            **source,
        )
    return _clients[url]


def assurance_enough(claims: dict) -> bool:
    """The citizen signed in at a level of assurance the portal accepts (NSIS Substantial or High by default)."""
    return str(claims.get(settings.PORTAL_OIDC["loa_claim"], "")) in settings.PORTAL_OIDC["loa_accepted"]


def cpr_from(claims: dict) -> str:
    return "".join(ch for ch in str(claims.get(settings.PORTAL_OIDC["cpr_claim"], "")) if ch.isdigit())
