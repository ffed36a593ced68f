from functools import partial

from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhed.citizens.access import get_access
from helhed.citizens.pages import render_citizen_page
from helhed.coordination import services
from helhed.coordination.forms import TeamMemberForm
from helhed.coordination.models import CaseTeamMember
from helhed.core.forms import perform, submit
from helhed.core.views import staff_required


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
