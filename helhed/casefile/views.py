"""Pages composed from the extension points: the case file, the team view, the worklist, the start pages."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from helhed.audit import selectors as audit_selectors
from helhed.casefile import selectors
from helhed.citizens import casefile
from helhed.citizens.access import FULL, get_access
from helhed.citizens.pages import render_citizen_page
from helhed.citizens.worklist import sources_for
from helhed.core.models import Role
from helhed.core.validation import search_text
from helhed.core.views import staff_required


def _case_file_page(request, access, page, template):
    if (response := casefile.entry_response(request, access)) is not None:
        return response
    context = {"casefile_page": page, **casefile.page_context(page, request, access)}
    return render_citizen_page(request, template, access=access, context=context)


@staff_required
def overview(request, pk):
    """The citizen's case file: the full record, made of the sections the apps register."""
    access = get_access(request.staff, pk)
    if access.level != FULL:
        return redirect("casefile:team_view", pk=pk)
    return _case_file_page(request, access, casefile.OVERVIEW, "casefile/overview.html")


@staff_required
def team_view(request, pk):
    """The narrow view every team member gets: the team, how to reach the citizen, safety markers. No journal."""
    access = get_access(request.staff, pk)
    return _case_file_page(request, access, casefile.TEAM_VIEW, "casefile/team_view.html")


@staff_required
def worklist(request):
    """"Det skal ske": what must happen, from every registered worklist source the staff member's roles see."""
    sources = sources_for(request.staff)
    if not sources:
        raise PermissionDenied
    context = {}
    for source in sources:
        context.update(source.context(request))
    return render(request, "casefile/worklist.html", {"sources": sources, **context})


@staff_required
def start(request):
    """Each role's start page shows its own work: the citizens for those who meet them, access reviews and
    stated-reason requests for the team leader and the data-protection officer, staff, units and settings for the
    administrator. No citizen's name is shown here (the accesses link to the citizen)."""
    staff = request.staff
    roles = set(staff.role_codes())
    if roles == {Role.SANCTION_OFFICER}:
        return redirect("sanctions:worklist")
    if roles & {Role.CASEWORKER, Role.COORDINATING_CASEWORKER, Role.MENTOR, Role.JOB_BROKER, Role.PARTNER}:
        return redirect("citizens:my_citizens")
    context = {"roles": roles, "now": timezone.now()}
    if roles & {Role.TEAM_LEADER, Role.DATA_PROTECTION}:
        context["pending_reviews"] = audit_selectors.pending_reviews(staff)[:10]
        context["own_requests"] = audit_selectors.stated_accesses_of(staff)[:10]
    if Role.ADMIN in roles:
        query = search_text(request.GET.get("q"), 100)
        context.update(selectors.administration(staff.municipality, query=query, page=request.GET.get("page")))
        context.update(query=query, querystring=urlencode({"q": query}) if query else "")
    return render(request, "casefile/start.html", context)
