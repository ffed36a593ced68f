from functools import partial

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhed.citizens.access import get_access
from helhed.citizens.models import Case, TargetGroupPeriod
from helhed.citizens.pages import render_citizen_page
from helhed.contact.selectors import citizen_appointments
from helhed.coordination import services
from helhed.coordination.forms import TeamMemberForm
from helhed.coordination.models import CaseTeamMember
from helhed.core.forms import perform, submit
from helhed.core.views import staff_required
from helhed.plans.selectors import plan_summary, story_first


@staff_required
def team_view(request, pk):
    """The narrow view every team member gets: the team, how to reach the citizen, safety markers. No journal."""
    access = get_access(request.staff, pk)
    citizen = access.citizen
    if story_first(request, citizen):
        return redirect(reverse("plans:story", args=[pk]) + "?foerste=1")
    team = CaseTeamMember.objects.filter(citizen=citizen).select_related("staff__user", "organisation")
    current = TargetGroupPeriod.objects.filter(citizen=citizen, valid_to__isnull=True).first()
    case = Case.objects.filter(citizen=citizen, status=Case.Status.OPEN).select_related(
        "responsible__user", "responsible__unit"
    ).first()
    return render_citizen_page(
        request, "coordination/team_view.html", access=access,
        context={"team": list(team), "current": current, "case": case, **citizen_appointments(citizen), "plan": plan_summary(citizen)},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def team_member_add(request, pk):
    access = get_access(request.staff, pk, write=True)
    form = TeamMemberForm(request.POST or None, municipality=request.staff.municipality)
    add = partial(services.add_team_member, staff=request.staff, citizen=access.citizen)
    if submit(request, form, add, _("The person was added to the team.")):
        return redirect("coordination:team_view", pk=pk)
    return render_citizen_page(request, "coordination/team_member_form.html", access=access, context={"form": form})


@staff_required
@require_http_methods(["POST"])
def team_member_end(request, pk, member_pk):
    citizen = get_access(request.staff, pk, write=True).citizen
    membership = get_object_or_404(CaseTeamMember, pk=member_pk, citizen=citizen)
    perform(request, partial(services.end_team_membership, staff=request.staff, membership=membership),
            _("The membership was ended."))
    return redirect("coordination:team_view", pk=pk)
