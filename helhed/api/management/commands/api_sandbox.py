"""The API sandbox of `make run`: one demo provider client for the demo municipality, with a fixed client id and a
known secret, and how to get a token with it. Running it again changes nothing but the secret (from the
environment), and turns the client on again if it was deactivated. Never in production."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from oauth2_provider.models import get_application_model

from helhed.api.clients import register_client
from helhed.api.extensions import PROVIDER_STATES
from helhed.api.models import SCOPES_BY_TYPE, ApiClient, OrganisationType
from helhed.core.models import OrganisationUnit
from helhed.offers.models import Referral

DEMO_CLIENT_ID = "demo-leverandoer"
# A documented demo value, for a local sandbox only (set HELHED_API_DEMO_SECRET to choose another).
DEMO_SECRET = "helhed-demo-hemmelighed"
DEMO_MUNICIPALITY = "999"  # generate_municipality's default: Fjordby Kommune
DEMO_PROVIDER = "Brobyg Mentorhus ApS"  # helhed/demo/generator.py: PROVIDERS
BASE_URL = "http://localhost:8000"


class Command(BaseCommand):
    help = "Register the demo provider's API client (id demo-leverandoer) and print how to get a token."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", default=DEMO_MUNICIPALITY, help="The demo municipality's code")
        parser.add_argument("--provider", default=DEMO_PROVIDER, help="The demo provider unit's name")

    def handle(self, *args, municipality, provider, **options):
        if settings.PRODUCTION or os.environ.get("HELHED_ENV") == "production":
            raise CommandError("The API sandbox has a known secret: it does not run with HELHED_ENV=production.")
        secret = os.environ.get("HELHED_API_DEMO_SECRET") or DEMO_SECRET
        unit = OrganisationUnit.objects.filter(
            municipality__code=municipality, name=provider,
            kind__in=(OrganisationUnit.Kind.PROVIDER, OrganisationUnit.Kind.SUBCONTRACTOR)).first()
        if unit is None:
            self.stdout.write(f"API sandbox: no provider {provider!r} in municipality {municipality} "
                              "(generate the demo first: manage.py generate_municipality). No client registered.")
            return
        client = ensure_demo_client(unit, secret)
        referred = Referral.objects.filter(provider=unit, state__in=PROVIDER_STATES).values("citizen_id").distinct().count()
        self.stdout.write(f"\nAPI sandbox — the demo provider client of {unit.name} ({unit.municipality.name}):")
        self.stdout.write(f"  client id: {client.client_id}   secret: {secret}")
        self.stdout.write(f"  scopes:    {' '.join(client.scopes)}")
        if referred:
            self.stdout.write(f"  it reaches the {referred} citizens referred to {unit.name} (sent, accepted, started)")
        else:
            self.stdout.write(f"  note: no referral to {unit.name} is sent, accepted or started, so the client "
                              "reaches no citizen yet")
        self.stdout.write("  Get a token (OAuth2 client credentials), then call the API with it:")
        self.stdout.write(f"    curl -u {client.client_id}:{secret} -d grant_type=client_credentials "
                          f"{BASE_URL}/api/oauth/token/")
        self.stdout.write(f'    curl -H "Authorization: Bearer <access_token>" {BASE_URL}/api/v1/henvisninger')
        self.stdout.write(f"  The API's description: {BASE_URL}/api/v1/openapi.json; how to connect: docs/api.md")


def ensure_demo_client(unit: OrganisationUnit, secret: str) -> ApiClient:
    """The demo client, registered once; later runs set the secret and make it active again."""
    application = get_application_model().objects.filter(client_id=DEMO_CLIENT_ID).first()
    client = ApiClient.objects.filter(application=application).first() if application else None
    if application is not None and client is None:
        raise CommandError(f"The client id {DEMO_CLIENT_ID} belongs to an OAuth2 application that is no API client.")
    if client is None:
        client, _secret = register_client(
            by=None, name=f"Demo-fagsystem, {unit.name}", organisation=unit, organisation_type=OrganisationType.PROVIDER,
            scopes=list(SCOPES_BY_TYPE[OrganisationType.PROVIDER]), client_id=DEMO_CLIENT_ID, client_secret=secret)
        return client
    application.client_secret = secret  # hashed as it is saved
    application.save(update_fields=["client_secret"])
    if not client.active:
        client.active = True
        client.save(update_fields=["active"])
    return client
