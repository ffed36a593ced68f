"""The portal's pages: "who has looked at my case" (the read log) and "my data" (the insight export, self-served).

Both show only the signed-in citizen's rows. Staff names on looks at the case (the read log, accesses on a stated
reason) are shown only where the kommune's `PortalPolicy` allows it; that holds in the downloads too, or the policy
would be one click deep. Safety markers are left out of the self-served copy (see WITHHELD)."""

import json

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_http_methods

from helhed.citizens.access import reason_label
from helhed.citizens.models import AccessLogEntry
from helhed.citizens.pages import page_title
from helhed.citizens.personal_data import declarations
from helhed.core.models import role_label
from helhed.core.pdf import pdf_response
from helhed.portal.models import PortalEvent, PortalPolicy
from helhed.portal.services.actions import record_action
from helhed.portal.session import citizen_required

PER_PAGE = 50


def shows_staff_names(citizen) -> bool:
    """The kommune's choice; without a `PortalPolicy` row, names are not shown."""
    return PortalPolicy.objects.filter(municipality_id=citizen.municipality_id, show_staff_names=True).exists()


def _look(entry: AccessLogEntry, names: bool) -> dict:
    return {
        "at": entry.at, "role": role_label(entry.role) if entry.role else "", "reason": reason_label(entry.reason),
        "page": page_title(entry.page),
        "name": (entry.user.get_full_name() or entry.user.get_username()) if names else "",
    }


@citizen_required
@require_http_methods(["GET"])
def who_looked(request):
    names = shows_staff_names(request.citizen)
    entries = AccessLogEntry.objects.filter(citizen=request.citizen).order_by("-at", "-pk")
    if names:
        entries = entries.select_related("user")
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("side"))
    return render(request, "portal/mydata/who_looked.html", {
        "page": page, "looks": [_look(entry, names) for entry in page], "names": names,
    })


@citizen_required
@require_http_methods(["GET"])
def my_data(request):
    return render(request, "portal/mydata/my_data.html", {})


# Left out of the self-served copy: a safety marker names a risk to staff and who flagged it. The citizen may still
# ask for everything; the data-protection officer's full export weighs it (databeskyttelsesloven § 22).
WITHHELD = {"citizens.safetymarker"}
# Looks at the case, where the policy on staff names applies as on "who has looked at my case".
LOOKS = {"citizens.accesslogentry", "audit.statedreasonaccess"}


def _staff_fields(model) -> list:
    """The model's fields that name a staff member (a foreign key to a staff member or a user)."""
    from django.contrib.auth import get_user_model

    from helhed.core.models import StaffMember

    return [f for f in model._meta.concrete_fields
            if f.is_relation and f.related_model in (StaffMember, get_user_model())]


def _kept(citizen):
    """The declarations in the self-served copy, each with the staff fields to leave out of it."""
    names = shows_staff_names(citizen)
    for declaration in declarations():
        if declaration.in_export and declaration.key not in WITHHELD:
            hidden = [] if names or declaration.key not in LOOKS else _staff_fields(declaration.model)
            yield declaration, hidden


def _export(citizen) -> dict:
    """`audit.selectors.citizen_export` less what is withheld, and without staff names on looks at the case unless
    the kommune's policy allows them."""
    data = {}
    for declaration, hidden in _kept(citizen):
        drop = {f.name for f in hidden} | {f.attname for f in hidden} | ({"user", "staff"} if hidden else set())
        data[declaration.key] = [{k: v for k, v in row.items() if k not in drop}
                                 for row in declaration.export_rows(citizen)]
    return data


def _readable(citizen) -> list[dict]:
    """The same for the PDF: the sections of `audit.selectors.readable_export`, staff-name columns left out."""
    sections = []
    for declaration, hidden in _kept(citizen):
        section = declaration.readable_section(citizen)
        drop_titles = {str(f.verbose_name) for f in hidden} | (
            {str(AccessLogEntry._meta.get_field("user").verbose_name)} if hidden else set())
        columns = [str(c) for c in section["columns"]]
        keep = [i for i, c in enumerate(columns) if c not in drop_titles]
        sections.append({**section, "columns": [section["columns"][i] for i in keep],
                         "rows": [[row[i] for i in keep] for row in section["rows"]]})
    return sections


@citizen_required
@require_http_methods(["GET"])
def my_data_pdf(request):
    citizen = request.citizen
    response = pdf_response(request, "audit/citizen_export_print.html",
                            {"citizen": citizen, "sections": _readable(citizen)},
                            filename="mine-data.pdf", attachment=True)
    record_action(citizen, PortalEvent.Action.DATA_DOWNLOADED, about="PDF")
    return response


@citizen_required
@require_http_methods(["GET"])
def my_data_json(request):
    citizen = request.citizen
    body = json.dumps(_export(citizen), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mine-data.json"'
    record_action(citizen, PortalEvent.Action.DATA_DOWNLOADED, about="JSON")
    return response


urlpatterns = [
    path("hvem-har-set/", who_looked, name="who_looked"),
    path("mine-data/", my_data, name="my_data"),
    path("mine-data/pdf/", my_data_pdf, name="my_data_pdf"),
    path("mine-data/json/", my_data_json, name="my_data_json"),
]

# No staff pages of this area: the data-protection officer's change history
# (`audit:citizen_history`) names the citizen's own portal actions ("The citizen, in the portal").
