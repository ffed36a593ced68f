"""Bearer tokens from OAuth2 client credentials (django-oauth-toolkit), one scope per operation.

The token's client acts through its service account: `request.user` and `request.staff` become the account's, so
the need-to-know reasons, the read log and the change history see the client as they see a staff member. The
client rides on the staff member (`api_client`), which is how the api's reasons know it without a query."""

import hashlib

from django.utils import timezone, translation
from ninja.security.http import HttpAuthBase
from oauth2_provider.models import get_access_token_model

from helhed.api.models import ApiClient
from helhed.api.problems import ApiProblem, language

TOKEN_URL = "/api/oauth/token/"


class ClientToken(HttpAuthBase):
    openapi_scheme = "bearer"
    scope = ""

    def __call__(self, request):
        translation.activate(language(request))
        kind, _space, token = request.headers.get("Authorization", "").partition(" ")
        if kind.lower() != "bearer" or not token.strip():
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request, token):
        checksum = hashlib.sha256(token.encode("utf-8")).hexdigest()
        access = (get_access_token_model().objects.select_related("application")
                  .filter(token_checksum=checksum).first())
        if access is None or access.is_expired():
            return None
        # The roles with the rest (none, for a service account): every reason asks for them.
        client = (ApiClient.objects.select_related("staff__user", "staff__unit", "staff__municipality", "organisation")
                  .prefetch_related("staff__roles").filter(application_id=access.application_id, active=True).first())
        if client is None:
            return None
        if self.scope and not access.allow_scopes([self.scope]):
            raise ApiProblem("forbidden_scope", translation.gettext("This needs the scope %(scope)s.")
                             % {"scope": self.scope})
        staff = client.staff
        staff.api_client = client
        staff.request_scoped = True
        request.user, request.staff, request.api_client = staff.user, staff, client
        request.token_checked_at = timezone.now()
        return client


def scope(code: str) -> ClientToken:
    """The auth for an operation that needs `code`. Each scope is its own class, so the OpenAPI document can name
    the scope per operation (`v1.py` turns them into one OAuth2 scheme)."""
    return type(f"scope:{code}", (ClientToken,), {"scope": code})()


def api_client_of(staff):
    """The API client a staff member is the service account of, or None. A request through the API has it on the
    staff member already; otherwise it is looked up once, and only for a staff member without roles (a person
    always holds a role, a service account never), so a person's pages pay no query for it."""
    if staff is None:
        return None
    if "api_client" not in staff.__dict__:
        staff.api_client = None if staff.role_codes() else (
            ApiClient.objects.filter(staff=staff, active=True).first())
    return staff.api_client
