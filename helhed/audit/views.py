import json
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhed.audit import selectors
from helhed.audit.extensions import DATA_PROTECTION, STATED_REASON
from helhed.audit.forms import ReadLogSearchForm, ReviewForm, StatedReasonForm
from helhed.audit.models import StatedReasonAccess
from helhed.audit.services import stated_access as services
from helhed.citizens.access import FULL, get_access, reason_label
from helhed.citizens.models import AccessLogEntry
from helhed.citizens.pages import page_title, render_citizen_page
from helhed.citizens.readlog import log_citizen_list_view, log_citizen_view
from helhed.core.forms import perform, submit
from helhed.core.models import Role, role_label
from helhed.core.pdf import pdf_response
from helhed.core.security import reauthentication_required
from helhed.core.views import role_required, staff_required

REVIEWERS = (Role.TEAM_LEADER, Role.DATA_PROTECTION)


@role_required(Role.TEAM_LEADER, Role.DATA_PROTECTION)
@reauthentication_required
@require_http_methods(["GET", "POST"])
def stated_access(request):
    """Break the glass: a team leader (or data-protection officer) states why they must see one citizen."""
    form = StatedReasonForm(request.POST or None)
    kind = (StatedReasonAccess.Kind.DATA_PROTECTION if request.staff.has_role(Role.DATA_PROTECTION)
            else StatedReasonAccess.Kind.BREAK_THE_GLASS)

    def grant(*, cpr, reason):
        return services.grant_stated_access(staff=request.staff, cpr=cpr, reason=reason, kind=kind)

    if access := submit(request, form, grant, _("Access granted for 60 minutes. It is logged and will be reviewed.")):
        return redirect("casefile:overview", pk=access.citizen_id)
    return render(request, "audit/stated_access_form.html", {"form": form})


def _reviewer_role(staff):
    return Role.DATA_PROTECTION if staff.has_role(Role.DATA_PROTECTION) else Role.TEAM_LEADER


@role_required(*REVIEWERS)
def access_review(request):
    accesses = (
        StatedReasonAccess.objects.filter(municipality=request.staff.municipality)
        .select_related("staff__user", "citizen", "reviewed_by__user")
        .order_by("reviewed_at", "-granted_at")
    )
    page = Paginator(accesses, 25).get_page(request.GET.get("page"))
    log_citizen_list_view(
        request=request, rows=[(a.citizen, DATA_PROTECTION, _reviewer_role(request.staff)) for a in page],
        page="audit:access_review",
    )
    return render(request, "audit/access_review.html", {"page": page, "form": ReviewForm()})


@role_required(*REVIEWERS)
@require_http_methods(["POST"])
def access_review_mark(request, access_pk):
    access = get_object_or_404(StatedReasonAccess, pk=access_pk, municipality=request.staff.municipality)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The review note is too long."))
        return redirect("audit:access_review")
    perform(request, partial(services.review_stated_access, staff=request.staff, access=access,
                             note=form.cleaned_data["note"]), _("The access was marked as reviewed."))
    return redirect("audit:access_review")


@role_required(Role.DATA_PROTECTION)
def read_log(request):
    """The data-protection officer's search in the read log, per citizen and per user."""
    form = ReadLogSearchForm(request.GET or None)
    entries = AccessLogEntry.objects.none()
    if form.is_valid() and (form.cleaned_data["cpr"] or form.cleaned_data["username"]):
        entries = AccessLogEntry.objects.filter(municipality=request.staff.municipality).select_related(
            "user", "citizen"
        ).order_by("-at")
        if form.cleaned_data["cpr"]:
            entries = entries.filter(citizen__cpr=form.cleaned_data["cpr"])
        if form.cleaned_data["username"]:
            entries = entries.filter(user__username=form.cleaned_data["username"])
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    for entry in page:
        entry.role_label, entry.reason_label = role_label(entry.role), reason_label(entry.reason)
        entry.page_title = page_title(entry.page)
    shown = {e.citizen_id: e.citizen for e in page}
    log_citizen_list_view(
        request=request, rows=[(c, DATA_PROTECTION, Role.DATA_PROTECTION) for c in shown.values()], page="audit:read_log"
    )
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(request, "audit/read_log.html", {"form": form, "page": page, "querystring": querystring.urlencode()})


@staff_required
def citizen_history(request, pk):
    access = get_access(request.staff, pk, level=FULL)
    return render_citizen_page(
        request, "audit/citizen_history.html", access=access,
        context={"changes": selectors.citizen_history(access.citizen)},
    )


def _export_access(request, pk):
    """Insight exports: the caseworkers of the case, or the data-protection officer on a stated reason."""
    access = get_access(request.staff, pk, level=FULL)
    dpo = access.reason == STATED_REASON and request.staff.has_role(Role.DATA_PROTECTION)
    if not (access.can_write or dpo):
        raise PermissionDenied
    return access


@staff_required
@reauthentication_required
def citizen_export_html(request, pk):
    access = _export_access(request, pk)
    return render_citizen_page(
        request, "audit/citizen_export.html", access=access,
        context={"sections": selectors.readable_export(access.citizen)},
    )


@staff_required
@reauthentication_required
def citizen_export_json(request, pk):
    access = _export_access(request, pk)
    log_citizen_view(request=request, citizen=access.citizen, page="audit:citizen_export_json",
                              reason=access.reason, role=access.role)
    body = json.dumps(selectors.citizen_export(access.citizen), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="indsigt-{access.citizen.pk}.json"'
    return response


@staff_required
@reauthentication_required
def citizen_export_pdf(request, pk):
    access = _export_access(request, pk)
    log_citizen_view(request=request, citizen=access.citizen, page="audit:citizen_export_pdf",
                              reason=access.reason, role=access.role)
    return pdf_response(
        request, "audit/citizen_export_print.html",
        {"citizen": access.citizen, "sections": selectors.readable_export(access.citizen)},
        filename=f"indsigt-{access.citizen.pk}.pdf", attachment=True,
    )
