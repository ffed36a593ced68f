"""What the api registers: the need-to-know reasons of API clients (a provider's own referred citizens; the
kommune's own system), its records as personal data, the administrator's menu item, and page titles."""

from django.utils.translation import gettext_lazy as _

import helhed.api.events  # noqa: F401 (the outbox's signal receivers)
import helhed.api.tasks  # noqa: F401 (the webhook sender's periodic task)
from helhed.api import proposals  # noqa: F401 (registers the proposals' case-file section and worklist)
from helhed.api.auth import api_client_of
from helhed.api.models import AppointmentProposal, Delivery, Event, OrganisationType
from helhed.citizens.access import FULL, TEAM, NeedToKnowReason, register_reason
from helhed.citizens.models import Case
from helhed.citizens.pages import register_page_title
from helhed.citizens.personal_data import DELETE, PersonalData, declare
from helhed.core.menu import MenuItem, register_menu_item
from helhed.core.models import Role
from helhed.offers.models import Referral

API_CLIENT_ROLE = "api_client"
PROVIDER_REASON, KOMMUNE_REASON = "api_referred", "api_kommune_system"
# A provider's system sees a referral from the moment it is sent (to accept or reject it) while it runs.
PROVIDER_STATES = (Referral.State.SENT, *Referral.OPEN)


def _provider_rows(staff, today):
    client = api_client_of(staff)
    if client is None or client.organisation_type != OrganisationType.PROVIDER:
        return None
    return Referral.objects.filter(provider_id=client.organisation_id, state__in=PROVIDER_STATES)


register_reason(NeedToKnowReason(
    code=PROVIDER_REASON, label=_("Referred to the client's organisation (API)"), level=TEAM, rank=56,
    rows=_provider_rows, acting_role=lambda staff: API_CLIENT_ROLE, meet=True,
))


def _kommune_rows(staff, today):
    client = api_client_of(staff)
    if client is None or client.organisation_type != OrganisationType.KOMMUNE:
        return None
    return Case.objects.filter(status=Case.Status.OPEN, municipality_id=staff.municipality_id)


register_reason(NeedToKnowReason(
    code=KOMMUNE_REASON, label=_("The kommune's own system (API), open case"), level=FULL, rank=57,
    rows=_kommune_rows, acting_role=lambda staff: API_CLIENT_ROLE,
))

declare(PersonalData(AppointmentProposal, "citizen", DELETE, order=200))
declare(PersonalData(Event, "citizen", DELETE, order=201, in_export=False,
                     legal_basis="Events hold only ids and a type; the export shows the records they point to."))
declare(PersonalData(Delivery, "event__citizen", DELETE, order=202, in_export=False,
                     legal_basis="A delivery says only when an event went to which client's webhook."))

register_menu_item(MenuItem("api:clients", _("API clients"), order=95, roles=frozenset({Role.ADMIN})))

for name, title in {
    "api:clients": _("API clients"),
    "api:client_add": _("Register an API client"),
}.items():
    register_page_title(name, title)
