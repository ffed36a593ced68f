"""Absences with their context (fravær) for the organisation's citizens: the days its own referrals recorded the
citizen as absent, and the citizen's missed conversations in the kommune (`contact.Absence`). Documentation with
its context, never a sanction by itself.

A page holds the referral absences first, then the missed conversations; the cursor says which part it is in."""

import datetime
from typing import Literal

from django.utils import timezone
from ninja import Header, Router, Schema

from helhed.api.auth import scope
from helhed.api.conventions import CPR_HEADER, DEFAULT_LIMIT, MAX_LIMIT, log_list_read, page, page_response
from helhed.api.extensions import PROVIDER_REASON
from helhed.api.problems import ApiProblem
from helhed.api.resources.common import CitizenRef, Page, citizen_from_header, citizen_ref, provider_referrals
from helhed.citizens.access import role_for
from helhed.contact.models import Absence
from helhed.offers.models import Attendance

router = Router(tags=["fravaer"])
ATTENDANCE, APPOINTMENT = "a", "b"  # the two parts of a page, in the cursor


class AbsenceOut(Schema):
    kind: Literal["attendance", "appointment"]
    id: int
    citizen: CitizenRef
    day: datetime.date
    context: str
    reason: Literal["ill", "childcare", "transport", "appointment", "unknown", "other", ""]
    notice: Literal["none", "afterwards", "too_late", ""]
    referral_id: int | None
    appointment_id: int | None


class AbsencePage(Page):
    items: list[AbsenceOut]


def _attendance_out(row: Attendance) -> dict:
    return {"kind": "attendance", "id": row.pk, "citizen": citizen_ref(row.citizen), "day": row.on,
            "context": row.context, "reason": row.reason, "notice": "", "referral_id": row.referral_id,
            "appointment_id": None}


def _appointment_out(row: Absence) -> dict:
    return {"kind": "appointment", "id": row.pk, "citizen": citizen_ref(row.citizen),
            "day": timezone.localdate(row.appointment.starts_at), "context": row.context, "reason": "",
            "notice": row.notice, "referral_id": None, "appointment_id": row.appointment_id}


def _split(cursor: str | None) -> tuple[str, str | None]:
    if not cursor:
        return ATTENDANCE, None
    part, inner = cursor[:1], cursor[1:] or None
    if part not in (ATTENDANCE, APPOINTMENT):
        raise ApiProblem("invalid_cursor")
    return part, inner


@router.get("/fravaer", response=AbsencePage, auth=scope("fravaer.read"), summary="Absences with their context")
def list_absences(request, cursor: str | None = None, limit: int = 25,
                  x_civil_registration_identifier: str | None = Header(None, alias=CPR_HEADER)):
    """`attendance`: a day the citizen did not come under one of the organisation's referrals, with the reason and
    what is known. `appointment`: a conversation in the kommune the citizen missed, with whether they sent word
    (`notice`) and the context, for the citizens referred to the organisation. With the CPR header, one citizen's."""
    referrals = provider_referrals(request)
    citizen = citizen_from_header(request)
    if citizen is not None:
        referrals = referrals.filter(citizen=citizen)
    attendance = Attendance.objects.filter(referral__in=referrals, present=False).select_related("citizen")
    missed = Absence.objects.filter(citizen_id__in=referrals.values("citizen_id")).select_related(
        "citizen", "appointment")
    limit = min(max(limit or DEFAULT_LIMIT, 1), MAX_LIMIT)
    part, inner = _split(cursor)
    rows, next_cursor = [], None
    if part == ATTENDANCE:
        rows, after = page(request, attendance, cursor=inner, limit=limit)
        if after:
            next_cursor = ATTENDANCE + after
        elif missed.exists():
            part, inner, next_cursor = APPOINTMENT, None, APPOINTMENT
    if part == APPOINTMENT and len(rows) < limit:
        more, after = page(request, missed, cursor=inner, limit=limit - len(rows))
        rows += more
        next_cursor = APPOINTMENT + after if after else None
    role = role_for(request.staff, PROVIDER_REASON)
    citizens = {row.citizen_id: row.citizen for row in rows}
    log_list_read(request, [(c, PROVIDER_REASON, role) for c in citizens.values()], "api:absences")
    return page_response([_attendance_out(r) if isinstance(r, Attendance) else _appointment_out(r) for r in rows],
                         next_cursor)
