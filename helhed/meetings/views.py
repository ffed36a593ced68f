"""Thin views: external participants, recording a meeting, the meeting's page, an action done."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helhed.citizens.access import get_access
from helhed.citizens.pages import render_citizen_page
from helhed.citizens.readlog import log_citizens_shown
from helhed.core.forms import perform, submit
from helhed.core.models import Role
from helhed.core.views import staff_required
from helhed.meetings import forms, selectors, services
from helhed.meetings.desk import carried, coordinated
from helhed.meetings.models import Action, ExternalParticipant, Meeting, Task


@staff_required
@require_http_methods(["GET", "POST"])
def external_add(request, pk):
    access = get_access(request.staff, pk, write=True)
    form = forms.ExternalForm(request.POST or None)
    if submit(request, form, lambda **data: services.add_external(staff=request.staff, citizen=access.citizen, **data),
              _("The external participant was added to the case.")):
        return redirect("meetings:meeting_add", pk=pk)
    return render_citizen_page(request, "meetings/external_form.html", access=access, context={"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def meeting_add(request, pk):
    access = get_access(request.staff, pk, write=True)
    allowed, refused = selectors.participants(access.citizen)
    externals = list(ExternalParticipant.objects.filter(citizen=access.citizen))
    form = forms.MeetingForm(request.POST or None, allowed=allowed, externals=externals)
    meeting = submit(request, form, lambda **data: services.hold_meeting(staff=request.staff, citizen=access.citizen,
                                                                         **data),
                     _("The meeting was recorded; the minutes are on the record and sent to the citizen."))
    if meeting:
        return redirect("meetings:meeting", pk=pk, meeting_pk=meeting.pk)
    return render_citizen_page(request, "meetings/meeting_form.html", access=access, context={
        "form": form, "allowed": allowed, "refused": refused}, status=400 if request.method == "POST" else 200)


@staff_required
@require_http_methods(["GET"])
def meeting(request, pk, meeting_pk):
    access = get_access(request.staff, pk)
    found = get_object_or_404(selectors.meetings_of(access.citizen), pk=meeting_pk)
    return render_citizen_page(request, "meetings/meeting.html", access=access, context={
        "meeting": found, "actions": found.actions.select_related("owner_staff__user", "owner_external", "citizen"),
        "today": timezone.localdate()})


@staff_required
@require_POST
def action_done(request, pk, action_pk):
    access = get_access(request.staff, pk)
    action = get_object_or_404(Action, pk=action_pk, citizen=access.citizen)
    if request.staff.pk not in (action.owner_staff_id, Meeting.objects.get(pk=action.meeting_id).organiser_id):
        raise Http404
    perform(request, lambda: services.mark_done(staff=request.staff, action=action), _("The action is marked done."))
    return redirect("meetings:meeting", pk=pk, meeting_pk=action.meeting_id)


@staff_required
@require_http_methods(["GET"])
def desk(request):
    """The coordinating caseworker's desk (read-logged: names are shown)."""
    staff = request.staff
    if not staff.has_role(Role.COORDINATING_CASEWORKER):
        raise PermissionDenied
    rows, page = coordinated(staff, page_number=request.GET.get("page"))
    others, carried_count = carried(staff)
    log_citizens_shown(request=request, citizens={row.citizen for row in rows} | {case.citizen for case in others},
                       page="meetings:desk")
    return render(request, "meetings/desk.html", {"rows": rows, "page": page, "carried": others,
                                                  "carried_count": carried_count, "today": timezone.localdate()})


@staff_required
@require_http_methods(["GET", "POST"])
def task_add(request, pk):
    access = get_access(request.staff, pk)
    allowed, _refused = selectors.participants(access.citizen)
    form = forms.TaskForm(request.POST or None, allowed=allowed)
    task = submit(request, form, lambda **data: services.start_task(staff=request.staff, citizen=access.citizen,
                                                                    **data), _("The task was sent to its owner."))
    if task:
        return redirect("meetings:task", pk=pk, task_pk=task.pk)
    return render_citizen_page(request, "meetings/task_form.html", access=access, context={"form": form},
                               status=400 if request.method == "POST" else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def task(request, pk, task_pk):
    access = get_access(request.staff, pk)
    found = get_object_or_404(Task.objects.select_related("owner__user", "created_by__user"), pk=task_pk,
                              citizen=access.citizen)
    form = forms.ReplyForm(request.POST or None)
    if submit(request, form, lambda **data: services.reply(staff=request.staff, task=found, **data),
              _("Your reply was added.")):
        return redirect("meetings:task", pk=pk, task_pk=task_pk)
    return render_citizen_page(request, "meetings/task.html", access=access, context={
        "task": found, "task_messages": found.messages.select_related("author__user", "author__unit"), "form": form,
    }, status=400 if request.method == "POST" else 200)


@staff_required
@require_POST
def task_done(request, pk, task_pk):
    access = get_access(request.staff, pk)
    found = get_object_or_404(Task, pk=task_pk, citizen=access.citizen)
    if request.staff.pk not in (found.owner_id, found.created_by_id):
        raise Http404
    perform(request, lambda: services.close_task(staff=request.staff, task=found), _("The task is done."))
    return redirect("meetings:task", pk=pk, task_pk=task_pk)
