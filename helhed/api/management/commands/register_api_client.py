"""Register an API client from the command line, as the administrator does on the page "API-klienter"."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from oauth2_provider.models import get_application_model

from helhed.api.clients import register_client
from helhed.api.models import SCOPES_BY_TYPE, OrganisationType
from helhed.core.models import OrganisationUnit


class Command(BaseCommand):
    help = "Register an API client for an organisation unit; prints its client id and secret (shown once)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The client's name, e.g. the provider's system")
        parser.add_argument("--organisation", required=True, help="The organisation unit's name")
        parser.add_argument("--municipality", help="The municipality's code, when the unit's name is in more than one")
        parser.add_argument("--type", dest="organisation_type", choices=OrganisationType.values,
                            default=OrganisationType.PROVIDER, help="Organisation type (default: anden_aktoer)")
        parser.add_argument("--scope", dest="scopes", action="append", default=[],
                            help="A scope (repeat the option, or separate by commas); default: all of the type's")
        parser.add_argument("--client-id", default="", help="A fixed client id (default: generated)")
        parser.add_argument("--client-secret", default="", help="A fixed secret (default: generated)")

    def handle(self, *args, name, organisation, municipality, organisation_type, scopes, client_id, client_secret,
               **options):
        unit = find_unit(organisation, municipality)
        if client_id and get_application_model().objects.filter(client_id=client_id).exists():
            raise CommandError(f"The client id {client_id!r} is in use.")
        scopes = [s.strip() for value in scopes for s in value.split(",") if s.strip()]
        try:
            client, secret = register_client(
                by=None, name=name, organisation=unit, organisation_type=organisation_type,
                scopes=scopes or list(SCOPES_BY_TYPE[organisation_type]), client_id=client_id,
                client_secret=client_secret)
        except ValidationError as error:
            raise CommandError("; ".join(f"{field}: {' '.join(messages)}"
                                         for field, messages in error.message_dict.items()))
        self.stdout.write(f"Registered the API client {client.name} ({unit.name}, {organisation_type}).")
        self.stdout.write(f"  client id: {client.client_id}")
        self.stdout.write(f"  secret:    {secret}   (shown only now; Helhed keeps a hash)")
        self.stdout.write(f"  scopes:    {' '.join(client.scopes)}")


def find_unit(name: str, municipality_code: str | None = None) -> OrganisationUnit:
    units = OrganisationUnit.objects.filter(name=name)
    if municipality_code:
        units = units.filter(municipality__code=municipality_code)
    found = list(units[:2])
    if not found:
        raise CommandError(f"No organisation unit is named {name!r}.")
    if len(found) > 1:
        raise CommandError(f"More than one unit is named {name!r}: name the municipality with --municipality.")
    return found[0]
