"""The administrator's pages for API clients: the list, registering one (its secret is shown once, in the response to
the registration, and kept nowhere in plain text), and deactivating one."""

from functools import partial

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from helhed.api import clients as services
from helhed.api.forms import ApiClientForm, OrganisationTypeForm
from helhed.api.models import ApiClient, OrganisationType
from helhed.core.forms import perform, submit
from helhed.core.models import Role
from helhed.core.views import role_required


@role_required(Role.ADMIN)
def clients(request):
    rows = (ApiClient.objects.filter(municipality_id=request.staff.municipality_id)
            .select_related("organisation", "application").order_by("-active", "name"))
    return render(request, "api/clients.html", {"clients": rows})


@never_cache
@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def client_add(request):
    """First the organisation type (?type=), then the form with that type's organisations and scopes."""
    organisation_type = request.GET.get("type", "")
    if organisation_type not in OrganisationType.values:
        return render(request, "api/client_add.html", {"type_form": OrganisationTypeForm()})
    form = ApiClientForm(request.POST or None, municipality=request.staff.municipality,
                         organisation_type=organisation_type)
    register = partial(services.register_client, by=request.staff, organisation_type=organisation_type)
    registered = submit(request, form, register, _("The API client was registered."))
    if registered:
        client, secret = registered
        # The secret is in this response only: it is stored hashed, and this page is not cached.
        return render(request, "api/client_created.html", {"client": client, "secret": secret})
    return render(request, "api/client_add.html", {
        "form": form, "organisation_type": OrganisationType(organisation_type)})


@role_required(Role.ADMIN)
@require_POST
def client_deactivate(request, pk):
    client = get_object_or_404(ApiClient, pk=pk, municipality_id=request.staff.municipality_id)
    perform(request, partial(services.deactivate, client),
            _("%(name)s was deactivated: its tokens no longer work.") % {"name": client.name})
    return redirect("api:clients")
