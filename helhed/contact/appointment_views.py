"""Appointments with one citizen: book, see, move, mark held or not held, register a conversation afterwards."""

import datetime
from functools import partial, wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhed.citizens import casefile
from helhed.citizens.access import FULL, get_access
from helhed.citizens.pages import render_citizen_page
from helhed.contact import selectors
from helhed.contact.forms import AfterwardsForm, AppointmentForm, HeldForm, MoveForm, NotHeldForm
from helhed.contact.models import Appointment
from helhed.contact.models.appointments import HELD_EARLY_TOLERANCE
from helhed.contact.services import appointments as services
from helhed.core.forms import submit
from helhed.core.models import Role
from helhed.core.validation import MAX_ID, bounded_int
from helhed.core.views import back_or, staff_required
from helhed.rules.calendar import next_working_day


def citizen_page(access):
    return "casefile:overview" if access.level == FULL else "casefile:team_view"


def _back(request, access):
    return back_or(request, citizen_page(access), pk=access.citizen.pk)


def _suggested_time(asked: str, asked_time: str = "") -> tuple[datetime.date, datetime.time]:
    """The asked time (a proposal) or 10:00 on the asked day (a deadline) or the next working day; today, the next
    whole hour if the day allows."""
    now = timezone.localtime()
    try:
        day = max(datetime.date.fromisoformat(asked), now.date())
    except ValueError:
        day = next_working_day(now.date() + datetime.timedelta(days=1))
    try:
        at = datetime.time.fromisoformat(asked_time)
    except ValueError:
        at = None
    if at is not None and (day > now.date() or at > now.time()):
        return day, at.replace(second=0, microsecond=0, tzinfo=None)
    if day > now.date():
        return day, datetime.time(10, 0)
    if now.hour < 15:
        return day, datetime.time(max(8, now.hour + 1), 0)
    return next_working_day(day + datetime.timedelta(days=1)), datetime.time(10, 0)


def _channel_asked(request):
    channel = request.GET.get("kanal")
    return channel if channel in Appointment.Channel.values else None


def _place_asked(request, places):
    """The meeting place in the link (`sted`, from the outreach office's page), if it is one of the places offered."""
    pk = bounded_int(request.GET.get("sted"), default=0, low=1, high=MAX_ID)
    return next((place.pk for place in places if place.pk == pk), None)


def _kind_asked(request):
    """The kind in the link (the worklist asks for a jobsamtale), else None."""
    kind = request.GET.get("kind")
    return kind if kind in Appointment.Kind.values else None


def _usual_kind(request):
    """For a booking: the kind in the link, else what this person usually holds."""
    if kind := _kind_asked(request):
        return kind
    return Appointment.Kind.MENTOR_MEETING if request.staff.has_role(Role.MENTOR) else Appointment.Kind.JOBSAMTALE


class _Overlaps(Exception):
    def __init__(self, clashes: list[str]):
        super().__init__(clashes)
        self.clashes = clashes


def _warning_on_overlap(action):
    """The service call, with a double booking (its ValidationError with the code OVERLAP) raised apart."""
    def run(**data):
        try:
            return action(**data)
        except ValidationError as error:
            if not hasattr(error, "error_dict") and all(e.code == services.OVERLAP for e in error.error_list):
                raise _Overlaps(error.messages) from None
            raise

    return run


def submit_or_warn(request, form, action, success_message):
    """`core.forms.submit`, except that a double booking is not an error to correct but a warning to confirm: returns
    what the service returned (None if nothing was saved) and the clashes to show with the "Book anyway" box."""
    try:
        return submit(request, form, _warning_on_overlap(action), success_message), []
    except _Overlaps as overlaps:
        return None, overlaps.clashes


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _line(request, access, apk, errors=()):
    """Just the appointment's line in the list, for htmx to swap in place of the old one (the view is logged like a
    page). The action's messages are shown in the line, focused, and so not again on the next page."""
    context = {"a": _appointment(access, apk), "held_from": timezone.now() + HELD_EARLY_TOLERANCE,
               "notices": list(messages.get_messages(request)), "errors": errors}
    response = render_citizen_page(request, "contact/includes/appointment_line.html", access=access,
                                   safety_markers=[], context=context)
    page = request.POST.get("casefile_page")
    if not errors and page in (casefile.OVERVIEW, casefile.TEAM_VIEW):
        # The rest of the case file follows: the new journal note, the deadline now met.
        response.content += casefile.sections_out_of_band(page, request, access, skip={"appointments"}).encode()
    patch_vary_headers(response, ["HX-Request"])
    return response


def _appointment(access, apk):
    appointment = selectors.appointment_detail(access.citizen, apk)
    if appointment is None:
        raise Http404
    return appointment


@staff_required
@require_http_methods(["GET", "POST"])
def appointment_book(request, pk):
    access = get_access(request.staff, pk, meet=True)
    citizen = access.citizen
    kind = _usual_kind(request)
    day, time = _suggested_time(request.GET.get("dato", ""), request.GET.get("tid", ""))
    places = selectors.meeting_places(citizen.municipality_id)
    place_asked = _place_asked(request, places)
    form = AppointmentForm(
        request.POST or None, colleagues=selectors.colleagues(request.staff, citizen), places=places,
        initial={"kind": kind, "date": day, "time": time, "meeting_place": place_asked,
                 "channel": (Appointment.Channel.OUTREACH_OFFICE if place_asked else None)
                 or _channel_asked(request) or selectors.suggested_channel(citizen, kind),
                 "interpreter": _("Interpreter needed") if citizen.interpreter_needed else ""},
    )
    book = partial(services.book_appointment, staff=request.staff, citizen=citizen)
    booked, overlaps = submit_or_warn(request, form, book, _("The appointment was booked."))
    if booked:
        return _back(request, access)
    return render_citizen_page(request, "contact/appointment_form.html", access=access,
                               context={"form": form, "overlaps": overlaps})


@staff_required
def appointment_detail(request, pk, apk):
    access = get_access(request.staff, pk)
    if not access.works_with_citizen:
        raise Http404
    appointment = _appointment(access, apk)
    return render_citizen_page(request, "contact/appointment_detail.html", access=access, context={
        "appointment": appointment,
        "details": selectors.may_see_details(appointment, access, request.staff),
        "can_settle": selectors.may_settle(appointment, access, request.staff),
        "back": citizen_page(access),
    })


class AlreadySettled(Exception):
    pass


def _settle_access(request, pk, apk):
    access = get_access(request.staff, pk, meet=True)
    appointment = _appointment(access, apk)
    if not appointment.is_booked and selectors.may_see_details(appointment, access, request.staff):
        # A second click, or a colleague was quicker: say so instead of a missing page.
        messages.info(request, _("This appointment is already marked %(status)s.") % {
            "status": appointment.get_status_display().lower()})
        raise AlreadySettled
    if not selectors.may_settle(appointment, access, request.staff):
        raise Http404
    return access, appointment


def settles(view):
    """Send a request about an appointment that is no longer booked to the appointment's page."""
    @wraps(view)
    def wrapper(request, pk, apk):
        try:
            return view(request, pk, apk)
        except AlreadySettled:
            if _htmx(request):  # the line as it is now, with the message
                return _line(request, get_access(request.staff, pk, meet=True), apk)
            return redirect("contact:appointment_detail", pk=pk, apk=apk)

    return wrapper


@staff_required
@require_http_methods(["GET", "POST"])
@settles
def appointment_move(request, pk, apk):
    access, appointment = _settle_access(request, pk, apk)
    start = timezone.localtime(appointment.starts_at)
    form = MoveForm(request.POST or None, places=selectors.meeting_places(appointment.municipality_id), initial={
        "date": start.date(), "time": start.time(), "channel": appointment.channel, "place": appointment.place,
        "meeting_place": appointment.meeting_place_id,
        "duration_minutes": int((appointment.ends_at - appointment.starts_at).total_seconds() // 60),
    })
    move = partial(services.move_appointment, staff=request.staff, appointment=appointment)
    moved, overlaps = submit_or_warn(request, form, move, _("The appointment was moved. Reminders follow the new time."))
    if moved:
        return _back(request, access)
    return render_citizen_page(request, "contact/appointment_move.html", access=access,
                               context={"form": form, "appointment": appointment, "overlaps": overlaps})


@staff_required
@require_http_methods(["GET", "POST"])
@settles
def appointment_held(request, pk, apk):
    """The held form; also the target of the quick "Held" button in the appointment list, which posts no fields (the
    journal note is written from the appointment). From htmx, the answer is just the updated line."""
    access, appointment = _settle_access(request, pk, apk)
    suggestion = services.compose_note(appointment, agreed=[], citizen_words="")
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and data.get("note", "").replace("\r\n", "\n").strip() == suggestion.strip():
        data["note"] = ""  # left as suggested: written in full from the fields (also without JavaScript)
    form = HeldForm(data, appointment=appointment, initial={"note": suggestion})
    held = partial(services.record_held, staff=request.staff, appointment=appointment)
    if submit(request, form, held, _("The conversation is registered as held, and the journal note is saved.")):
        return _line(request, access, apk) if _htmx(request) else _back(request, access)
    if _htmx(request) and request.method == "POST":
        return _line(request, access, apk, errors=[e for errors in form.errors.values() for e in errors])
    return render_citizen_page(request, "contact/appointment_held.html", access=access, context={
        "form": form, "appointment": appointment, "suggestion": suggestion,
        "parts": services.participants(appointment),
    })


@staff_required
@require_http_methods(["GET", "POST"])
@settles
def appointment_not_held(request, pk, apk):
    access, appointment = _settle_access(request, pk, apk)
    form = NotHeldForm(request.POST or None)
    not_held = partial(services.record_not_held, staff=request.staff, appointment=appointment)
    if submit(request, form, not_held, _("The appointment is registered as not held.")):
        return _back(request, access)
    return render_citizen_page(request, "contact/appointment_not_held.html", access=access,
                               context={"form": form, "appointment": appointment})


@staff_required
@require_http_methods(["GET", "POST"])
def conversation_afterwards(request, pk):
    access = get_access(request.staff, pk, meet=True)
    now = timezone.localtime()
    form = AfterwardsForm(request.POST or None, initial={
        "kind": _kind_asked(request),  # no default: only a job conversation counts, so someone must choose it
        "channel": _channel_asked(request) or Appointment.Channel.PHONE, "date": now.date(),
        "time": (now - datetime.timedelta(minutes=15 + now.minute % 5)).time().replace(second=0, microsecond=0),
        "duration_minutes": 15,
    })
    register = partial(services.register_afterwards, staff=request.staff, citizen=access.citizen)
    if submit(request, form, register, _("The conversation is registered, and the journal note is saved.")):
        return _back(request, access)
    return render_citizen_page(request, "contact/conversation_afterwards.html", access=access, context={"form": form})
