"""Writes for API clients: the administrator registers one (an organisation, its type, its scopes) and gets its
client id and secret once; the secret is kept hashed by django-oauth-toolkit."""

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from oauth2_provider.models import get_application_model

from helhed.api.models import SCOPES_BY_TYPE, ApiClient, OrganisationType
from helhed.core.models import OrganisationUnit, StaffMember

PROVIDER_KINDS = (OrganisationUnit.Kind.PROVIDER, OrganisationUnit.Kind.SUBCONTRACTOR)


@transaction.atomic
def register_client(*, by: StaffMember | None, name: str, organisation: OrganisationUnit, organisation_type: str,
                    scopes: list[str], client_id: str = "", client_secret: str = "") -> tuple[ApiClient, str]:
    """The client and its secret in plain text (shown once). `client_id`/`client_secret` are for the sandbox's fixed
    demo client; otherwise both are generated."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Name the client, e.g. the provider's system.")
    if organisation_type not in OrganisationType.values:
        errors["organisation_type"] = _("Choose the organisation type.")
    elif organisation_type == OrganisationType.PROVIDER and organisation.kind not in PROVIDER_KINDS:
        errors["organisation"] = _("A provider's client belongs to a provider or a subcontractor.")
    elif organisation_type == OrganisationType.KOMMUNE and organisation.kind in PROVIDER_KINDS:
        errors["organisation"] = _("The kommune's own system belongs to a unit of the kommune.")
    allowed = SCOPES_BY_TYPE.get(organisation_type, ())
    if not scopes:
        errors["scopes"] = _("Choose at least one scope.")
    elif any(s not in allowed for s in scopes):
        errors["scopes"] = _("These scopes are not for this organisation type: %(scopes)s.") % {
            "scopes": ", ".join(s for s in scopes if s not in allowed)}
    if errors:
        raise ValidationError(errors)
    client_secret = client_secret or secrets.token_urlsafe(32)
    client_id = client_id or secrets.token_urlsafe(16)
    # Inactive, without a usable password: it never signs in, and staff pickers (which take active users) leave it out.
    user = get_user_model().objects.create(username=f"api-{client_id}"[:150], first_name="API:", last_name=name[:150],
                                           is_active=False)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    staff = StaffMember.objects.create(user=user, municipality_id=organisation.municipality_id, unit=organisation,
                                       title=_("API client"))
    Application = get_application_model()
    application = Application.objects.create(
        name=name[:255], client_id=client_id, client_secret=client_secret, user=user,
        client_type=Application.CLIENT_CONFIDENTIAL, authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS)
    client = ApiClient.objects.create(
        municipality_id=organisation.municipality_id, name=name, organisation=organisation,
        organisation_type=organisation_type, scopes=sorted(set(scopes)), application=application, staff=staff,
        created_by=by)
    return client, client_secret


def deactivate(client: ApiClient) -> None:
    """The client's tokens stop working at once, and its secret gets no new one (it is replaced by one nobody
    knows); its records stay."""
    from oauth2_provider.models import get_access_token_model

    client.active = False
    client.save(update_fields=["active"])
    client.application.client_secret = secrets.token_urlsafe(32)
    client.application.save(update_fields=["client_secret"])
    get_access_token_model().objects.filter(application=client.application).delete()
