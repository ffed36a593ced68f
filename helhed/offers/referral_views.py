"""Thin views for referrals to providers: the caseworker refers; the provider's mentor accepts, starts, reports,
registers time and attendance; both see the referral's history."""

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helhed.citizens.access import get_access
from helhed.citizens.pages import render_citizen_page
from helhed.core.forms import perform, submit
from helhed.core.views import staff_required
from helhed.offers import referrals, selectors
from helhed.offers.forms import AttendanceForm, MentorTimeForm, ProgressForm, ReferralForm
from helhed.offers.models import MentorTime, Referral

State = Referral.State
# Who may move a referral to each state: the caseworker sends and ends; the provider accepts, rejects, starts, ends.
CASEWORKER_MOVES = {State.SENT, State.ENDED}
PROVIDER_MOVES = {State.ACCEPTED, State.REJECTED, State.STARTED, State.ENDED}


def _referral_access(request, pk, referral_pk):
    """The referral, for the citizen's caseworkers and for the provider's mentors it is referred to; 404 else."""
    access = get_access(request.staff, pk)
    referral = get_object_or_404(Referral.objects.select_related("provider", "mentor__user"), pk=referral_pk,
                                 citizen=access.citizen)
    at_provider = selectors.works_at_provider(request.staff, referral)
    if not (access.can_write or at_provider):
        raise Http404
    return access, referral, at_provider


@staff_required
@require_http_methods(["GET", "POST"])
def referral_add(request, pk):
    access = get_access(request.staff, pk, write=True)
    form = ReferralForm(request.POST or None, municipality=request.staff.municipality)

    def create_and_send(**data):
        referral = referrals.create_referral(staff=request.staff, citizen=access.citizen, **data)
        return referrals.move_referral(staff=request.staff, referral=referral, to_state=State.SENT)

    referral = submit(request, form, create_and_send, _("The referral was sent to the provider."))
    if referral:
        return redirect("offers:referral", pk=pk, referral_pk=referral.pk)
    return render_citizen_page(request, "offers/referral_form.html", access=access, context={"form": form})


@staff_required
@require_http_methods(["GET"])
def referral(request, pk, referral_pk):
    access, found, at_provider = _referral_access(request, pk, referral_pk)
    today = timezone.localdate()
    moves = CASEWORKER_MOVES if access.can_write else set()
    moves = moves | (PROVIDER_MOVES if at_provider else set())
    return render_citizen_page(request, "offers/referral.html", access=access, context={
        "referral": found, "at_provider": at_provider, "today": today,
        "moves": [State(s) for s in Referral.TRANSITIONS[found.state] if s in moves],
        "events": found.events.select_related("by__user"),
        "time_entries": found.time_entries.select_related("staff__user")[:50],
        "attendance": found.attendance.select_related("recorded_by__user")[:50],
        "used_this_week": referrals.minutes_in_week(found, today),
        "progress_form": ProgressForm() if at_provider and found.state in Referral.OPEN else None,
    })


@staff_required
@require_POST
def referral_move(request, pk, referral_pk):
    access, found, at_provider = _referral_access(request, pk, referral_pk)
    to_state = request.POST.get("to_state", "")
    allowed = (CASEWORKER_MOVES if access.can_write else set()) | (PROVIDER_MOVES if at_provider else set())
    if to_state not in allowed:
        raise Http404
    perform(request, partial(referrals.move_referral, staff=request.staff, referral=found, to_state=to_state,
                             note=request.POST.get("note", "")),
            _("The referral is now: %(state)s.") % {"state": State(to_state).label.lower()})
    return redirect("offers:referral", pk=pk, referral_pk=referral_pk)


def _provider_form(request, pk, referral_pk, form_class, service, done, template):
    access, found, at_provider = _referral_access(request, pk, referral_pk)
    if not at_provider:
        raise Http404
    form = form_class(request.POST or None)
    saved = submit(request, form, partial(service, staff=request.staff, referral=found), done)
    if saved:
        if isinstance(saved, MentorTime):
            _warn_near_the_grant(request, found, saved.on)
        return redirect("offers:referral", pk=pk, referral_pk=referral_pk)
    context = {"form": form, "referral": found,
               "used_this_week": referrals.minutes_in_week(found, timezone.localdate())}
    return render_citizen_page(request, template, access=access, context=context)


def _warn_near_the_grant(request, referral, day):
    used, granted = referrals.minutes_in_week(referral, day), referral.granted_minutes_per_week
    if used >= referrals.WARN_AT * granted:
        messages.warning(request, _("The week has %(used)s of the %(granted)s minutes granted. Tell the caseworker "
                                    "if the citizen needs more.") % {"used": used, "granted": granted})


@staff_required
@require_http_methods(["GET", "POST"])
def mentor_time(request, pk, referral_pk):
    return _provider_form(request, pk, referral_pk, MentorTimeForm, referrals.register_time,
                          _("The time was registered."), "offers/mentor_time_form.html")


@staff_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk, referral_pk):
    return _provider_form(request, pk, referral_pk, AttendanceForm, referrals.register_attendance,
                          _("The attendance was registered."), "offers/attendance_form.html")


@staff_required
@require_http_methods(["GET", "POST"])
def progress(request, pk, referral_pk):
    return _provider_form(request, pk, referral_pk, ProgressForm, referrals.report_progress,
                          _("The progress report was saved."), "offers/progress_form.html")
