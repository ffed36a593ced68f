"""The citizen's meetings: what the portal reads about them, and the two things the citizen can do about one — ask to
move it (a `MoveRequest` for the caseworker's worklist) or report illness or absence (an `AbsenceNotice`, context
for any absence case, never an absence or a sanction by itself). And the staff side: a request marked handled, a
notice marked seen."""

import datetime
from urllib.parse import quote_plus

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhed.contact.ical import build_calendar
from helhed.contact.models import Appointment
from helhed.portal.models import AbsenceNotice, MoveRequest, PortalEvent
from helhed.portal.services.actions import by_citizen, record_action

REASON_MAX = 1000
WISHES_MAX = 300
TEXT_MAX = 1000
PAST_SHOWN = 5
# A citizen may still say they were ill for a meeting they missed, for this long after it (the absence case is
# judged in its context; a late word is better than none).
REPORT_AFTERWARDS = datetime.timedelta(days=14)
# Absence notices are context on the case file and on absence cases for this long.
NOTICE_CONTEXT = datetime.timedelta(days=90)

# Codes of the refusals a view turns into a message rather than a field error.
REFUSED, ALREADY = "refused", "already"

# The kind of meeting in plain words (the staff labels say "Jobsamtale", "Mentormøde").
PLAIN_KIND = {
    Appointment.Kind.JOBSAMTALE: gettext_lazy("A talk about work"),
    Appointment.Kind.MENTOR_MEETING: gettext_lazy("A talk with your mentor"),
    Appointment.Kind.COORDINATION_MEETING: gettext_lazy("A meeting with your team"),
    Appointment.Kind.INTERNSHIP_FOLLOW_UP: gettext_lazy("A talk about your job training"),
    Appointment.Kind.ACCOMPANYING: gettext_lazy("We go with you"),
}
PLAIN_CHANNEL = {
    Appointment.Channel.OFFICE: gettext_lazy("At our office"),
    Appointment.Channel.PHONE: gettext_lazy("On the phone"),
    Appointment.Channel.VIDEO: gettext_lazy("On video"),
    Appointment.Channel.HOME_VISIT: gettext_lazy("At your home"),
    Appointment.Channel.OUTREACH_OFFICE: gettext_lazy("At our office in your area"),
    Appointment.Channel.OTHER_PLACE: gettext_lazy("At another place"),
}
PLAIN_NOT_HELD = {
    Appointment.NotHeldReason.CITIZEN_ABSENT: gettext_lazy("You did not come"),
    Appointment.NotHeldReason.CITIZEN_CANCELLED: gettext_lazy("You cancelled"),
    Appointment.NotHeldReason.STAFF_CANCELLED: gettext_lazy("We cancelled it"),
    Appointment.NotHeldReason.MOVED: gettext_lazy("Moved"),
}
# Channels where the citizen goes to a place a map can find (a home visit is at the citizen's own address).
MAP_CHANNELS = frozenset({Appointment.Channel.OFFICE, Appointment.Channel.OUTREACH_OFFICE,
                          Appointment.Channel.OTHER_PLACE})


# --- Reads (always for one citizen) -------------------------------------------------------------------------------

def with_portal_rows(queryset):
    return (queryset.select_related("organiser__user", "meeting_place")
            .prefetch_related("other_staff__user",
                              Prefetch("move_requests", queryset=MoveRequest.objects.order_by("-created_at")),
                              Prefetch("absence_notices", queryset=AbsenceNotice.objects.order_by("-created_at"))))


def coming(citizen):
    """The citizen's booked meetings that have not ended, soonest first."""
    return with_portal_rows(Appointment.objects.filter(citizen=citizen, status=Appointment.Status.BOOKED,
                                                        ends_at__gte=timezone.now()).order_by("starts_at"))


def earlier(citizen, limit: int = PAST_SHOWN):
    """The last few meetings that are over, moved or called off, newest first."""
    now = timezone.now()
    return with_portal_rows(Appointment.objects.filter(citizen=citizen)
                             .exclude(status=Appointment.Status.BOOKED, ends_at__gte=now)
                             .order_by("-starts_at"))[:limit]


def map_address(appointment: Appointment) -> str:
    """The address to look up on a map, or "" when the meeting is not at a place one goes to."""
    if appointment.channel not in MAP_CHANNELS:
        return ""
    if appointment.meeting_place_id:
        return appointment.meeting_place.full_address or appointment.meeting_place.name
    return appointment.place.strip()


def map_link(address: str) -> str:
    return f"https://www.openstreetmap.org/search?query={quote_plus(address)}" if address else ""


def open_move_request(appointment: Appointment) -> MoveRequest | None:
    """The request to move the appointment that is not handled yet (from a prefetch when there is one)."""
    return next((r for r in appointment.move_requests.all() if r.handled_at is None), None)


def may_move(appointment: Appointment) -> bool:
    return appointment.status == Appointment.Status.BOOKED and appointment.starts_at > timezone.now()


def may_report_absence(appointment: Appointment) -> bool:
    """A booked meeting that has not ended, or one the citizen missed a short while ago."""
    now = timezone.now()
    if appointment.starts_at < now - REPORT_AFTERWARDS:
        return False
    if appointment.status == Appointment.Status.BOOKED:
        return True
    return (appointment.status == Appointment.Status.NOT_HELD
            and appointment.not_held_reason == Appointment.NotHeldReason.CITIZEN_ABSENT)


def describe(appointment: Appointment) -> dict:
    """What the citizen's list shows of one meeting, in plain words."""
    address = map_address(appointment)
    notices = list(appointment.absence_notices.all())
    return {
        "appointment": appointment,
        "kind": PLAIN_KIND.get(appointment.kind, appointment.get_kind_display()),
        "channel": PLAIN_CHANNEL.get(appointment.channel, appointment.get_channel_display()),
        "where": appointment.where,
        "map_url": map_link(address),
        "others": [member.full_name for member in appointment.other_staff.all()],
        "move_request": open_move_request(appointment) if appointment.status == Appointment.Status.BOOKED else None,
        "absence_notice": notices[0] if notices else None,
        "may_move": may_move(appointment),
        "may_report_absence": may_report_absence(appointment) and not notices,
        "not_held": PLAIN_NOT_HELD.get(appointment.not_held_reason, "")
        if appointment.status == Appointment.Status.NOT_HELD else "",
        "held": appointment.status == Appointment.Status.HELD,
        "started": appointment.starts_at <= timezone.now(),
    }


def _about(appointment: Appointment) -> str:
    return str(appointment)


def move_refusal(appointment: Appointment) -> ValidationError | None:
    """Why the citizen may not ask to move the meeting now, or None."""
    if not may_move(appointment):
        return ValidationError(_("This meeting cannot be moved. It is over or called off."), code=REFUSED)
    if MoveRequest.objects.filter(appointment=appointment, handled_at__isnull=True).exists():
        return ValidationError(_("You have already asked us to move this meeting. We will get back to you."),
                               code=ALREADY)
    return None


def absence_refusal(appointment: Appointment) -> ValidationError | None:
    """Why the citizen may not send word that they cannot come, or None."""
    if AbsenceNotice.objects.filter(appointment=appointment).exists():
        return ValidationError(_("You have already told us that you cannot come."), code=ALREADY)
    if not may_report_absence(appointment):
        return ValidationError(_("You cannot send word for this meeting. It is over or called off."), code=REFUSED)
    return None


# --- The citizen's actions ----------------------------------------------------------------------------------------

def _lock(citizen, appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update().get(pk=appointment.pk, citizen=citizen)


@transaction.atomic
def ask_to_move(*, citizen, appointment: Appointment, reason: str, wishes: str = "") -> MoveRequest:
    """The citizen asks to move a booked meeting that has not started. One open request per meeting."""
    appointment = _lock(citizen, appointment)
    if (refusal := move_refusal(appointment)) is not None:
        raise refusal
    reason, wishes = (reason or "").strip(), (wishes or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tell us why you want to move the meeting.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("The text is too long.")})
    if len(wishes) > WISHES_MAX:
        raise ValidationError({"wishes": _("The text is too long.")})
    request = by_citizen(MoveRequest(municipality_id=citizen.municipality_id, citizen=citizen,
                                     appointment=appointment, reason=reason, wishes=wishes))
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:  # the same request sent twice at once: the first one stands
        return MoveRequest.objects.get(appointment=appointment, handled_at__isnull=True)
    record_action(citizen, PortalEvent.Action.MOVE_REQUESTED, about=_about(appointment))
    return request


@transaction.atomic
def report_absence(*, citizen, appointment: Appointment, kind: str, text: str = "") -> AbsenceNotice:
    """The citizen says they are ill or cannot come. Only a notice: no absence is recorded and no case opened."""
    appointment = _lock(citizen, appointment)
    if (refusal := absence_refusal(appointment)) is not None:
        raise refusal
    if kind not in AbsenceNotice.Kind.values:
        raise ValidationError({"kind": _("Choose why you cannot come.")})
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        raise ValidationError({"text": _("The text is too long.")})
    notice = by_citizen(AbsenceNotice(municipality_id=citizen.municipality_id, citizen=citizen,
                                      appointment=appointment, kind=kind, text=text))
    try:
        with transaction.atomic():
            notice.save()
    except IntegrityError:  # the same notice sent twice at once: the first one stands
        return AbsenceNotice.objects.get(appointment=appointment)
    record_action(citizen, PortalEvent.Action.ABSENCE_REPORTED, about=_about(appointment))
    return notice


def calendar_file(citizen, *, language: str) -> bytes:
    """The citizen's coming meetings as an ICS file; the download is a portal action."""
    with translation.override(language):
        name = _("My meetings")
    body = build_calendar(list(coming(citizen)), name=name, for_citizen=True, language=language)
    record_action(citizen, PortalEvent.Action.CALENDAR_DOWNLOADED)
    return body


# --- Staff ---------------------------------------------------------------------------------------------------------

@transaction.atomic
def mark_move_request_handled(*, staff, move_request: MoveRequest) -> MoveRequest:
    found = MoveRequest.objects.select_for_update().get(pk=move_request.pk)
    if found.handled_at is None:
        found.handled_at, found.handled_by = timezone.now(), staff
        found.save(update_fields=["handled_at", "handled_by"])
    return found


@transaction.atomic
def mark_absence_notice_seen(*, staff, notice: AbsenceNotice) -> AbsenceNotice:
    found = AbsenceNotice.objects.select_for_update().get(pk=notice.pk)
    if found.seen_at is None:
        found.seen_at, found.seen_by = timezone.now(), staff
        found.save(update_fields=["seen_at", "seen_by"])
    return found


def open_move_requests(citizens):
    """Requests not handled yet, for the citizens in `citizens` (a queryset the caller has filtered on access)."""
    return (MoveRequest.objects.filter(handled_at__isnull=True, citizen__in=citizens)
            .select_related("citizen", "appointment__organiser__user", "appointment__meeting_place")
            .order_by("appointment__starts_at", "pk"))


def recent_notices(citizens, *, unseen_only: bool = False):
    since = timezone.now() - NOTICE_CONTEXT
    rows = AbsenceNotice.objects.filter(citizen__in=citizens, created_at__gte=since)
    if unseen_only:
        rows = rows.filter(seen_at__isnull=True)
    return (rows.select_related("citizen", "appointment__organiser__user", "seen_by__user")
            .order_by("-created_at", "-pk"))


def notices_for_situation(citizen):
    return (AbsenceNotice.objects.filter(citizen=citizen, created_at__gte=timezone.now() - NOTICE_CONTEXT)
            .select_related("appointment").order_by("-created_at", "-pk"))

