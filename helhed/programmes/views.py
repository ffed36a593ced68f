"""Thin views: the programme list, defining one, its dashboard, enrolling the group, the drill-down to members, the
figures as files, and the visitation markings on a member's case."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helhed.citizens.access import get_access, visible_citizens
from helhed.citizens.readlog import log_citizens_shown
from helhed.core.figures import DOWNLOAD_FORMATS, remembered, table_download
from helhed.core.forms import add_service_error, perform
from helhed.core.models import Role
from helhed.core.views import role_required, staff_required
from helhed.programmes import forms, measures, selection, selectors, services
from helhed.programmes.models import Enrolment, Programme

DEFINERS = (Role.TEAM_LEADER,)
# Who follows a programme's figures: the leaders who answer for it and the staff who carry it out.
READERS = (Role.TEAM_LEADER, Role.CASEWORKER, Role.COORDINATING_CASEWORKER, Role.JOB_BROKER, Role.DATA_PROTECTION)
DRILL_DOWN_PAGE_SIZE = 100


def _programme(request, programme_pk) -> Programme:
    return get_object_or_404(Programme, pk=programme_pk, municipality_id=request.staff.municipality_id)


@role_required(*READERS)
@require_http_methods(["GET"])
def programme_list(request):
    programmes = list(Programme.objects.filter(municipality_id=request.staff.municipality_id))
    return render(request, "programmes/list.html", {
        "programmes": programmes, "may_define": request.staff.has_role(Role.TEAM_LEADER)})


@role_required(*DEFINERS)
@require_http_methods(["GET", "POST"])
def programme_add(request):
    data = request.POST or None
    programme_form, criterion_form, targets_form = (forms.ProgrammeForm(data, prefix="p"),
                                                    forms.CriterionForm(data, prefix="c"), forms.TargetsForm(data))
    if request.method == "POST" and all(f.is_valid() for f in (programme_form, criterion_form, targets_form)):
        try:
            programme = services.define_programme(staff=request.staff, data=programme_form.cleaned_data,
                                                  criterion=criterion_form.cleaned_data,
                                                  targets=targets_form.targets())
        except ValidationError as error:
            for form in (programme_form, criterion_form, targets_form):
                if hasattr(error, "error_dict") and set(error.message_dict) & set(form.fields):
                    add_service_error(form, error)
                    break
            else:
                add_service_error(programme_form, error)
        else:
            messages.success(request, _("The programme was saved. Check the selected group before you enrol it."))
            return redirect("programmes:programme", programme_pk=programme.pk)
    invalid = next((f for f in (programme_form, criterion_form, targets_form) if f.is_bound and f.errors), None)
    return render(request, "programmes/form.html", {
        "programme_form": programme_form, "criterion_form": criterion_form, "targets_form": targets_form,
        "invalid": invalid,
    }, status=400 if request.method == "POST" else 200)


@role_required(*READERS)
@require_http_methods(["GET"])
def programme(request, programme_pk):
    found = _programme(request, programme_pk)
    today = timezone.localdate()
    criterion = services.current_criterion(found)
    enrolled = Enrolment.objects.filter(programme=found).count()
    context = {"programme": found, "criterion": criterion, "enrolled": enrolled,
               "may_define": request.staff.has_role(Role.TEAM_LEADER), "formats": DOWNLOAD_FORMATS,
               "versions": list(found.criteria.select_related("changed_by__user"))}
    if not enrolled or request.GET.get("gruppe"):
        day = min(max(today, found.starts_on), found.ends_on)
        ids = selection.selected_ids(criterion, day)
        context.update(selected=len(ids), selected_new=len(ids) - enrolled if enrolled else len(ids),
                       profile=selection.group_profile(criterion, ids, day), selected_on=day)
    if enrolled:
        context["dashboard"], context["computed_at"] = _dashboard(request, found)
    return render(request, "programmes/programme.html", context)


def _dashboard(request, programme):
    """The dashboard as computed at most core.figures.REMEMBER_FOR ago, or again on ?frisk=1. A programme write
    changes the generation and so the key: a step marked shows at once; offers and scorings within that time."""
    key = f"programme:{programme.pk}:{programme.figures_generation}:{timezone.localdate()}"
    return remembered(key, lambda: measures.dashboard(programme), fresh=request.GET.get("frisk") == "1")


@role_required(*DEFINERS)
@require_POST
def enrol(request, programme_pk):
    found = _programme(request, programme_pk)
    try:
        added = services.enrol_group(staff=request.staff, programme=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)s citizens were enrolled. Their caseworkers see the visitation in "
                                    "\"What must happen\".") % {"n": added})
    return redirect("programmes:programme", programme_pk=programme_pk)


@role_required(*DEFINERS)
@require_http_methods(["GET", "POST"])
def criterion_change(request, programme_pk):
    found = _programme(request, programme_pk)
    current = services.current_criterion(found)
    initial = {"target_groups": current.target_groups, "min_years_on_benefit": current.min_years_on_benefit,
               "min_age": current.min_age, "max_age": current.max_age, "postal_codes": ", ".join(current.postal_codes)}
    form = forms.ChangeCriterionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.change_criterion(staff=request.staff, programme=found, criterion=data, reason=reason)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("A new version of who the programme is for was saved."))
            return redirect(reverse("programmes:programme", kwargs={"programme_pk": found.pk}) + "?gruppe=1")
    return render(request, "programmes/criterion_form.html", {"programme": found, "form": form, "current": current},
                  status=400 if request.method == "POST" else 200)


@role_required(*READERS)
@require_http_methods(["GET"])
def members(request, programme_pk):
    """The members the viewer has a reason to see, with their visitation markings; the rest only as a count."""
    found = _programme(request, programme_pk)
    total = Enrolment.objects.filter(programme=found).count()
    mine = measures.member_rows(found, visible_citizens(request.staff).values("pk"), DRILL_DOWN_PAGE_SIZE)
    reasons = log_citizens_shown(request=request, citizens=[e.citizen for e in mine], page="programmes:members")
    shown = [e for e in mine if e.citizen_id in reasons]
    return render(request, "programmes/members.html", {
        "programme": found, "members": shown, "total": total, "hidden": total - len(shown),
        "page_size": DRILL_DOWN_PAGE_SIZE})


@role_required(*READERS)
@require_http_methods(["GET"])
def figures(request, programme_pk, fmt):
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404
    found = _programme(request, programme_pk)
    board, _computed_at = _dashboard(request, found)
    return table_download(request, board.tables[0], fmt, tables=board.tables,
                          filename=f"program-{found.pk}-{board.on:%Y-%m-%d}")


def _enrolment(request, pk, enrolment_pk):
    access = get_access(request.staff, pk, write=True)
    return access, get_object_or_404(Enrolment.objects.select_related("programme", "citizen"), pk=enrolment_pk,
                                     citizen=access.citizen)


@staff_required
@require_POST
def step(request, pk, enrolment_pk):
    _access, enrolment = _enrolment(request, pk, enrolment_pk)
    form = forms.StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the step and a valid date."))
    else:
        perform(request, lambda: services.record_step(staff=request.staff, enrolment=enrolment,
                                                      step=form.cleaned_data["step"], on=form.cleaned_data["on"]),
                _("The step was marked with its date."))
    return redirect("casefile:overview", pk=pk)


@staff_required
@require_POST
def broker(request, pk, enrolment_pk):
    _access, enrolment = _enrolment(request, pk, enrolment_pk)
    form = forms.BrokerForm(request.POST, brokers=selectors.job_brokers(request.staff.municipality_id))
    if not form.is_valid():
        messages.error(request, _("Choose a job broker and a valid date."))
    else:
        with transaction.atomic():
            perform(request, lambda: services.assign_job_broker(
                staff=request.staff, enrolment=enrolment, broker=form.brokers[form.cleaned_data["broker"]],
                on=form.cleaned_data["on"]), _("The job broker was assigned and joins the team around the citizen."))
    return redirect("casefile:overview", pk=pk)

