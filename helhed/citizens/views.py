from functools import partial

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhed.audit.services import log_citizen_list_view
from helhed.citizens import selectors, services
from helhed.citizens.access import FULL, TEAM, get_access, reason_label, role_for
from helhed.citizens.forms import (
    AsOfForm,
    CitizenCreateForm,
    CitizenSearchForm,
    ConsentForm,
    SafetyMarkerForm,
    TargetGroupChangeForm,
)
from helhed.citizens.models import Consent, SafetyMarker, TargetGroup
from helhed.citizens.pages import render_citizen_page
from helhed.contact.forms import JournalNoteForm
from helhed.contact.selectors import citizen_appointments
from helhed.core.forms import perform, submit
from helhed.core.models import Role
from helhed.core.views import role_required, staff_required
from helhed.plans.selectors import plan_summary, story_first
from helhed.rules.selectors import citizen_obligations

PAGE_SIZE = 25
NOTES_PER_PAGE = 50


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
        citizen.reason = selectors.reason_of(citizen)
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
        return redirect("citizens:overview", pk=citizen.pk)
    return render(request, "citizens/citizen_form.html", {"form": form})


@staff_required
def citizen_overview(request, pk):
    access = get_access(request.staff, pk, level=TEAM)
    if access.level != FULL:
        return redirect("coordination:team_view", pk=pk)
    citizen = access.citizen
    if story_first(request, citizen):
        return redirect(reverse("plans:story", args=[pk]) + "?foerste=1")
    try:
        notes_page = max(1, int(request.GET.get("noter", 1)))
    except ValueError:
        notes_page = 1
    overview = selectors.citizen_overview(
        citizen, notes_limit=NOTES_PER_PAGE, notes_offset=(notes_page - 1) * NOTES_PER_PAGE
    )
    as_of_form = AsOfForm(request.GET or None)
    as_of = as_of_form.cleaned_data["pr"] if as_of_form.is_valid() and as_of_form.cleaned_data["pr"] else None
    rules = citizen_obligations(citizen, as_of or timezone.localdate())
    return render_citizen_page(
        request, "citizens/overview.html", access=access,
        safety_markers=overview.pop("safety_markers"),
        context={"note_form": JournalNoteForm(), "notes_page": notes_page, "today": timezone.localdate(),
                 "as_of_form": as_of_form, "rules": rules, "as_of_chosen": as_of is not None, **overview,
                 **citizen_appointments(citizen), "plan": plan_summary(citizen)},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def target_group_change(request, pk):
    access = get_access(request.staff, pk, write=True)
    citizen = access.citizen
    form = TargetGroupChangeForm(request.POST or None)
    change = partial(services.change_target_group, staff=request.staff, citizen=citizen)
    if submit(request, form, change, _("The target group was changed.")):
        return redirect("citizens:overview", pk=citizen.pk)
    current = citizen.target_periods.filter(valid_to__isnull=True).first()
    return render_citizen_page(
        request, "citizens/target_group_form.html", access=access,
        context={"form": form, "current": current},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def safety_marker_add(request, pk):
    access = get_access(request.staff, pk, write=True)
    citizen = access.citizen
    form = SafetyMarkerForm(request.POST or None)
    set_marker = partial(services.set_safety_marker, staff=request.staff, citizen=citizen)
    if submit(request, form, set_marker, _("The safety marker was set.")):
        return redirect("citizens:overview", pk=citizen.pk)
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
    return redirect("citizens:overview", pk=citizen.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def consent_add(request, pk):
    access = get_access(request.staff, pk, write=True)
    form = ConsentForm(request.POST or None, municipality=request.staff.municipality)
    record = partial(services.record_consent, staff=request.staff, citizen=access.citizen)
    if submit(request, form, record, _("The consent was recorded.")):
        return redirect("citizens:overview", pk=pk)
    return render_citizen_page(request, "citizens/consent_form.html", access=access, context={"form": form})


@staff_required
@require_http_methods(["POST"])
def consent_withdraw(request, pk, consent_pk):
    citizen = get_access(request.staff, pk, write=True).citizen
    consent = get_object_or_404(Consent, pk=consent_pk, citizen=citizen)
    perform(request, partial(services.withdraw_consent, staff=request.staff, consent=consent),
            _("The consent was withdrawn. It no longer gives anyone access."))
    return redirect("citizens:overview", pk=pk)
