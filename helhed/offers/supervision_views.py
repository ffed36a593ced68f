"""The team leader's supervision (tilsyn) of providers: a report per provider and period, as a page, a PDF and a
CSV of the figures. Counts only, so nothing is written to the read log."""

import csv
import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from helhed.core.models import Role
from helhed.core.pdf import pdf_response
from helhed.core.views import role_required
from helhed.offers.models import FrameworkAgreement
from helhed.offers.supervision import providers_supervised, supervision_report


def _period(request) -> tuple[datetime.date, datetime.date]:
    """?fra= and ?til= (ISO dates); a missing or impossible date falls back to the last twelve months."""
    today = timezone.localdate()

    def day(name, default):
        try:
            value = datetime.date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return default
        return value if datetime.date(2000, 1, 1) <= value <= today + datetime.timedelta(days=366) else default

    start, end = day("fra", today - datetime.timedelta(days=365)), day("til", today)
    return (start, end) if start <= end else (end, start)


def _report(request, unit_pk):
    provider = get_object_or_404(providers_supervised(request.staff.municipality_id), pk=unit_pk)
    start, end = _period(request)
    return supervision_report(provider, start, end)


@role_required(Role.TEAM_LEADER)
@require_GET
def providers(request):
    municipality_id = request.staff.municipality_id
    agreements = FrameworkAgreement.objects.filter(municipality_id=municipality_id).prefetch_related("subcontractors")
    by_provider = {}
    for agreement in agreements:
        by_provider.setdefault(agreement.provider_id, []).append(agreement)
    found = list(providers_supervised(municipality_id))
    for provider in found:
        provider.agreements = by_provider.get(provider.pk, [])
    return render(request, "offers/providers.html", {"providers": found})


@role_required(Role.TEAM_LEADER)
@require_GET
def supervision(request, unit_pk):
    return render(request, "offers/supervision.html", {"report": _report(request, unit_pk)})


@role_required(Role.TEAM_LEADER)
@require_GET
def supervision_pdf(request, unit_pk):
    report = _report(request, unit_pk)
    return pdf_response(request, "offers/supervision_pdf.html", {"report": report},
                        filename=f"tilsyn-{report.provider.pk}-{report.start}-{report.end}.pdf")


@role_required(Role.TEAM_LEADER)
@require_GET
def supervision_csv(request, unit_pk):
    report = _report(request, unit_pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tilsyn-{report.provider.pk}-{report.start}-{report.end}.csv"'
    writer = csv.writer(response)
    writer.writerow(["provider", "from", "to", "section", "key", "value"])
    for section, key, value in report.rows():
        writer.writerow([report.provider.name, report.start.isoformat(), report.end.isoformat(), section, key, value])
    return response
