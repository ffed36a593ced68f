"""The portal's pages: my meetings — the list, asking to move one, saying I cannot come, the calendar file — and the
staff's buttons for what the citizen sent (a request handled, a notice seen)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from helhed.citizens.access import get_access
from helhed.contact.models import Appointment
from helhed.core.forms import add_service_error, perform
from helhed.core.views import staff_required
from helhed.portal.models import AbsenceNotice, MoveRequest
from helhed.portal.services import appointments as services
from helhed.portal.session import citizen_required

MOVE_TEMPLATE, ABSENCE_TEMPLATE = "portal/appointments/move.html", "portal/appointments/absence.html"
_TOO_LONG = gettext_lazy("Write at most %(limit_value)d signs. You wrote %(show_value)d.")


class MoveForm(forms.Form):
    reason = forms.CharField(max_length=services.REASON_MAX, strip=True, error_messages={
        "required": gettext_lazy("Tell us why you want to move the meeting."), "max_length": _TOO_LONG})
    wishes = forms.CharField(max_length=services.WISHES_MAX, required=False, strip=True,
                             error_messages={"max_length": _TOO_LONG})


class AbsenceForm(forms.Form):
    kind = forms.ChoiceField(choices=AbsenceNotice.Kind.choices, widget=forms.RadioSelect, error_messages={
        "required": gettext_lazy("Choose why you cannot come."),
        "invalid_choice": gettext_lazy("Choose why you cannot come.")})
    text = forms.CharField(max_length=services.TEXT_MAX, required=False, strip=True,
                           error_messages={"max_length": _TOO_LONG})


def _appointment(request, pk) -> dict:
    """The citizen's own appointment, described for the page; another citizen's gives 404."""
    queryset = services.with_portal_rows(Appointment.objects.filter(citizen=request.citizen))
    return services.describe(get_object_or_404(queryset, pk=pk))


def _refused(request, error: ValidationError, template: str, item: dict):
    """A refusal that is not about a field (the meeting is over, or the citizen already asked). Looking at the form,
    the page says so instead of the form; sending it, the message goes with the citizen back to the list."""
    if request.method == "GET":
        return render(request, template, {"item": item, "form": None, "refusal": " ".join(error.messages),
                                          "already": getattr(error, "code", None) == services.ALREADY})
    if getattr(error, "code", None) == services.ALREADY:
        messages.info(request, " ".join(error.messages))
    else:
        messages.warning(request, " ".join(error.messages))
    return redirect("portal:appointments")


@citizen_required
@require_http_methods(["GET"])
def appointments(request, **kwargs):
    citizen = request.citizen
    return render(request, "portal/appointments/list.html", {
        "citizen": citizen,
        "coming": [services.describe(a) for a in services.coming(citizen)],
        "earlier": [services.describe(a) for a in services.earlier(citizen)],
    })


@citizen_required
@require_http_methods(["GET", "POST"])
def move_request(request, pk):
    item = _appointment(request, pk)
    if (refusal := services.move_refusal(item["appointment"])) is not None:
        return _refused(request, refusal, MOVE_TEMPLATE, item)
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_to_move(citizen=request.citizen, appointment=item["appointment"], **form.cleaned_data)
        except ValidationError as error:
            if getattr(error, "code", None) in (services.REFUSED, services.ALREADY):
                return _refused(request, error, MOVE_TEMPLATE, item)
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you. We will call or write to you."))
            return redirect("portal:appointments")
    return render(request, MOVE_TEMPLATE, {"item": item, "form": form})


@citizen_required
@require_http_methods(["GET", "POST"])
def report_absence(request, pk):
    item = _appointment(request, pk)
    if (refusal := services.absence_refusal(item["appointment"])) is not None:
        return _refused(request, refusal, ABSENCE_TEMPLATE, item)
    form = AbsenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_absence(citizen=request.citizen, appointment=item["appointment"], **form.cleaned_data)
        except ValidationError as error:
            if getattr(error, "code", None) in (services.REFUSED, services.ALREADY):
                return _refused(request, error, ABSENCE_TEMPLATE, item)
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you for telling us. Your caseworker will see it."))
            return redirect("portal:appointments")
    return render(request, ABSENCE_TEMPLATE, {"item": item, "form": form})


@citizen_required
@require_http_methods(["GET"])
def appointments_ics(request, **kwargs):
    language = (translation.get_language() or "da")[:2]
    body = services.calendar_file(request.citizen, language=language if language in ("da", "en") else "da")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mine-moeder.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Staff: what the citizen sent, handled ------------------------------------------------------------------------

def _back(request, pk):
    if request.POST.get("back") == "worklist":
        return redirect(reverse("casefile:worklist") + "#worklist-portal_appointments")
    return redirect(reverse("casefile:overview", args=[pk]) + "#section-portal_appointments")


@staff_required
@require_POST
def move_request_handled(request, pk, request_pk):
    """The caseworker has dealt with the citizen's wish to move a meeting (moved it with "Move", or talked to them).
    Only staff who may write to the case; anyone else gets 404."""
    access = get_access(request.staff, pk, write=True)
    found = get_object_or_404(MoveRequest, pk=request_pk, citizen=access.citizen)
    perform(request, lambda: services.mark_move_request_handled(staff=request.staff, move_request=found),
            _("Marked as handled."))
    return _back(request, pk)


@staff_required
@require_POST
def absence_notice_seen(request, pk, notice_pk):
    access = get_access(request.staff, pk, write=True)
    found = get_object_or_404(AbsenceNotice, pk=notice_pk, citizen=access.citizen)
    perform(request, lambda: services.mark_absence_notice_seen(staff=request.staff, notice=found),
            _("Marked as seen."))
    return _back(request, pk)


urlpatterns = [
    path("aftaler/", appointments, name="appointments"),
    path("aftaler/<int:pk>/flyt/", move_request, name="move_request"),
    path("aftaler/<int:pk>/afbud/", report_absence, name="report_absence"),
    path("aftaler.ics", appointments_ics, name="appointments_ics"),
]

# Staff pages of this area (mounted outside the portal's path).
staff_urlpatterns = [
    path("borgere/<int:pk>/portal/flytning/<int:request_pk>/behandlet/", move_request_handled,
         name="move_request_handled"),
    path("borgere/<int:pk>/portal/afbud/<int:notice_pk>/set/", absence_notice_seen, name="absence_notice_seen"),
]
