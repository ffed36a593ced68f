"""The portal's pages: "who has looked at my case" (the read log) and "my data" (the insight export, self-served).

Both show only the signed-in citizen's rows. Staff names are shown only where the kommune's `PortalPolicy` allows
it; that holds for the read log in the downloads too, or the policy would be one click deep."""

import json

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_http_methods

from helhed.audit.selectors import citizen_export, readable_export
from helhed.citizens.access import reason_label
from helhed.citizens.models import AccessLogEntry
from helhed.citizens.pages import page_title
from helhed.citizens.personal_data import declaration_for
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


def _read_log_key() -> str | None:
    declaration = declaration_for(AccessLogEntry)
    return declaration.key if declaration else None


def _export(citizen) -> dict:
    """`audit.selectors.citizen_export`, with the staff names left out of the read log unless the policy allows."""
    data = citizen_export(citizen)
    key = _read_log_key()
    if key in data and not shows_staff_names(citizen):
        data[key] = [{name: value for name, value in row.items() if name != "user"} for row in data[key]]
    return data


def _readable(citizen) -> list[dict]:
    """`audit.selectors.readable_export`, with the read log's staff-name column left out unless the policy allows."""
    sections = readable_export(citizen)
    if shows_staff_names(citizen):
        return sections
    title = str(AccessLogEntry._meta.verbose_name_plural)
    user_column = str(AccessLogEntry._meta.get_field("user").verbose_name)
    kept = []
    for section in sections:
        columns = [str(column) for column in section["columns"]]
        if str(section["title"]) == title and user_column in columns:
            drop = columns.index(user_column)
            section = {**section, "columns": [c for i, c in enumerate(section["columns"]) if i != drop],
                       "rows": [[v for i, v in enumerate(row) if i != drop] for row in section["rows"]]}
        kept.append(section)
    return kept


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

# Staff pages of this area (mounted outside the portal's path): none. The data-protection officer's change history
# (`audit:citizen_history`) names the citizen's own portal actions ("The citizen, in the portal").
staff_urlpatterns = []
