from functools import partial

from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhed.citizens.access import get_access
from helhed.citizens.pages import render_citizen_page
from helhed.coordination import services
from helhed.coordination.forms import TeamMemberForm
from helhed.coordination.models import CaseTeamMember, CoordinatorOffer
from helhed.core.forms import perform, submit
from helhed.core.views import local_next, staff_required


@staff_required
@require_http_methods(["GET", "POST"])
def team_member_add(request, pk):
    access = get_access(request.staff, pk, write=True)
    form = TeamMemberForm(request.POST or None, municipality=request.staff.municipality)
    add = partial(services.add_team_member, staff=request.staff, citizen=access.citizen)
    if submit(request, form, add, _("The person was added to the team.")):
        return redirect("casefile:team_view", pk=pk)
    return render_citizen_page(request, "coordination/team_member_form.html", access=access, context={"form": form})


@staff_required
@require_http_methods(["POST"])
def team_member_end(request, pk, member_pk):
    citizen = get_access(request.staff, pk, write=True).citizen
    membership = get_object_or_404(CaseTeamMember, pk=member_pk, citizen=citizen)
    perform(request, partial(services.end_team_membership, staff=request.staff, membership=membership),
            _("The membership was ended."))
    return redirect("casefile:team_view", pk=pk)


def _back_to_citizen(request, pk):
    """To a local `next` (a field of the form, or ?next= on its address), else to the citizen's overview."""
    back = local_next(request, request.POST.get("next") or request.GET.get("next", ""))
    return HttpResponseRedirect(back) if back else redirect("casefile:overview", pk=pk)


@staff_required
@require_http_methods(["POST"])
def coordinator_offer(request, pk):
    """One click: the citizen was offered a coordinating caseworker today (LAB § 36)."""
    citizen = get_access(request.staff, pk, write=True).citizen
    perform(request, partial(services.offer_coordinator, staff=request.staff, citizen=citizen),
            _("Recorded: %(name)s was offered a coordinating caseworker today. Record the answer when %(name)s "
              "gives it.") % {"name": citizen.first_name})
    return _back_to_citizen(request, pk)


@staff_required
@require_http_methods(["POST"])
def coordinator_answer(request, pk):
    """One click: the citizen accepted or declined the offered coordinating caseworker (POST `answer`)."""
    citizen = get_access(request.staff, pk, write=True).citizen
    answer = request.POST.get("answer", "")
    done = {
        CoordinatorOffer.Answer.ACCEPTED: _("Recorded: %(name)s accepted a coordinating caseworker today. Add the "
                                            "coordinating caseworker to the team."),
        CoordinatorOffer.Answer.DECLINED: _("Recorded: %(name)s declined a coordinating caseworker today. The "
                                            "right remains: %(name)s may ask for one later."),
    }.get(answer, "")
    perform(request, partial(services.record_coordinator_answer, staff=request.staff, citizen=citizen, answer=answer),
            done % {"name": citizen.first_name})
    return _back_to_citizen(request, pk)
