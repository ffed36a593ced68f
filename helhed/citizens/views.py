from functools import partial

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhed.citizens import selectors, services
from helhed.citizens.access import get_access, reason_label, role_for, strongest_reason
from helhed.citizens.forms import (
    CaseForm,
    CitizenCreateForm,
    CitizenSearchForm,
    ConsentForm,
    SafetyMarkerForm,
    TargetGroupChangeForm,
)
from helhed.citizens.models import Consent, SafetyMarker, TargetGroup
from helhed.citizens.pages import render_citizen_page
from helhed.citizens.readlog import log_citizen_list_view
from helhed.core.forms import perform, submit
from helhed.core.models import Role
from helhed.core.views import role_required, staff_required

PAGE_SIZE = 25


@staff_required
def my_citizens(request):
    form = CitizenSearchForm(request.GET or None)
    query, group = "", ""
    if form.is_valid():
        query, group = form.cleaned_data["q"], form.cleaned_data["group"]
    citizens = selectors.my_citizens(request.staff, query=query, group=group)
    page = Paginator(citizens, PAGE_SIZE).get_page(request.GET.get("page"))
    group_labels = dict(TargetGroup.choices)
    for citizen in page:
        citizen.current_group_label = group_labels.get(citizen.current_group, "")
        citizen.reason = strongest_reason(citizen)
        citizen.reason_label = reason_label(citizen.reason)
    # The list shows names and CPR numbers: one read-log row per citizen shown.
    log_citizen_list_view(
        request=request, rows=[(c, c.reason, role_for(request.staff, c.reason)) for c in page],
        page="citizens:my_citizens",
    )
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request, "citizens/my_citizens.html",
        {"form": form, "page": page, "querystring": querystring.urlencode(), "searched": bool(query or group)},
    )


@role_required(Role.CASEWORKER, Role.COORDINATING_CASEWORKER)
@require_http_methods(["GET", "POST"])
def citizen_create(request):
    form = CitizenCreateForm(request.POST or None)

    def create(*, group, valid_from, reason, **person):
        return services.create_citizen(
            staff=request.staff, target_group=group, target_group_from=valid_from, target_group_reason=reason, **person
        )

    if citizen := submit(request, form, create, _("The citizen was created and you are the responsible caseworker.")):
        return redirect("casefile:overview", pk=citizen.pk)
    return render(request, "citizens/citizen_form.html", {"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def target_group_change(request, pk):
    access = get_access(request.staff, pk, write=True)
    citizen = access.citizen
    form = TargetGroupChangeForm(request.POST or None)
    change = partial(services.change_target_group, staff=request.staff, citizen=citizen)
    if submit(request, form, change, _("The target group was changed.")):
        return redirect("casefile:overview", pk=citizen.pk)
    current = citizen.target_periods.filter(valid_to__isnull=True).first()
    return render_citizen_page(
        request, "citizens/target_group_form.html", access=access,
        context={"form": form, "current": current},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    """Record the facts of the open case that come to light after it was opened: the first approach to the kommune."""
    access = get_access(request.staff, pk, write=True)
    citizen = access.citizen
    case = selectors.open_case(citizen)
    if case is None:
        raise Http404
    form = CaseForm(request.POST or None, initial={"first_approach_on": case.first_approach_on})
    update = partial(services.update_case, staff=request.staff, citizen=citizen)
    if submit(request, form, update, _("The case was updated.")):
        return redirect("casefile:overview", pk=citizen.pk)
    return render_citizen_page(request, "citizens/case_form.html", access=access, context={"form": form, "case": case})


@staff_required
@require_http_methods(["GET", "POST"])
def safety_marker_add(request, pk):
    access = get_access(request.staff, pk, write=True)
    citizen = access.citizen
    form = SafetyMarkerForm(request.POST or None)
    set_marker = partial(services.set_safety_marker, staff=request.staff, citizen=citizen)
    if submit(request, form, set_marker, _("The safety marker was set.")):
        return redirect("casefile:overview", pk=citizen.pk)
    return render_citizen_page(
        request, "citizens/safety_marker_form.html", access=access, context={"form": form}
    )


@staff_required
@require_http_methods(["POST"])
def safety_marker_remove(request, pk, marker_pk):
    citizen = get_access(request.staff, pk, write=True).citizen
    marker = get_object_or_404(SafetyMarker, pk=marker_pk, citizen=citizen)
    perform(request, partial(services.remove_safety_marker, staff=request.staff, marker=marker),
            _("The safety marker was removed."))
    return redirect("casefile:overview", pk=citizen.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def consent_add(request, pk):
    access = get_access(request.staff, pk, write=True)
    form = ConsentForm(request.POST or None, municipality=request.staff.municipality)
    record = partial(services.record_consent, staff=request.staff, citizen=access.citizen)
    if submit(request, form, record, _("The consent was recorded.")):
        return redirect("casefile:overview", pk=pk)
    return render_citizen_page(request, "citizens/consent_form.html", access=access, context={"form": form})


@staff_required
@require_http_methods(["POST"])
def consent_withdraw(request, pk, consent_pk):
    citizen = get_access(request.staff, pk, write=True).citizen
    consent = get_object_or_404(Consent, pk=consent_pk, citizen=citizen)
    perform(request, partial(services.withdraw_consent, staff=request.staff, consent=consent),
            _("The consent was withdrawn. It no longer gives anyone access."))
    return redirect("casefile:overview", pk=pk)
