"""Attendance (fremmøde) and mentor time under a referral the organisation runs: the provider's system records them
where its mentors re-typed them before. The rules are offers' (`offers.referrals`): a day within the referral and
not ahead, an absence with its reason and context, the week's granted time."""

import datetime
from typing import Literal

from ninja import Router, Schema, Status

from helhed.api.auth import scope
from helhed.api.conventions import REQUEST_ID_PARAM, log_read, once, page, page_response
from helhed.api.resources.common import Page, Text, referral_for
from helhed.offers import referrals as services
from helhed.offers.models import Attendance, MentorTime, Referral

router = Router(tags=["fremmoede"])

Reason = Literal["ill", "childcare", "transport", "appointment", "unknown", "other"]
Kind = Literal["meeting", "phone", "acute", "evening", "transport"]


class AttendanceIn(Schema):
    day: datetime.date
    present: bool
    reason: Reason | Literal[""] = ""
    context: Text(5000) = ""


class AttendanceOut(Schema):
    id: int
    day: datetime.date
    present: bool
    reason: Reason | Literal[""]
    context: str
    recorded_at: datetime.datetime


class AttendancePage(Page):
    items: list[AttendanceOut]


class TimeIn(Schema):
    day: datetime.date
    minutes: int
    kind: Kind
    note: Text(2000) = ""
    beyond_grant: bool = False


class TimeOut(Schema):
    id: int
    day: datetime.date
    minutes: int
    kind: Kind
    note: str
    recorded_at: datetime.datetime


class TimePage(Page):
    items: list[TimeOut]


def attendance_out(row: Attendance) -> dict:
    return {"id": row.pk, "day": row.on, "present": row.present, "reason": row.reason, "context": row.context,
            "recorded_at": row.recorded_at}


def time_out(row: MentorTime) -> dict:
    return {"id": row.pk, "day": row.on, "minutes": row.minutes, "kind": row.kind, "note": row.note,
            "recorded_at": row.recorded_at}


@router.post("/henvisninger/{referral_id}/fremmoede", response={201: AttendanceOut}, auth=scope("fremmoede.write"),
             summary="Register attendance")
def register_attendance(request, referral_id: int, body: AttendanceIn, x_request_id: str = REQUEST_ID_PARAM):
    """Whether the citizen came on a day of a running referral (once a day). An absence needs the reason
    (`unknown` is a reason too) and what is known about the situation: it is documentation for the caseworker,
    never a sanction by itself."""
    referral, _access = referral_for(request, referral_id, states=Referral.OPEN)
    row = once(request, services.register_attendance, staff=request.staff, referral=referral, on=body.day,
               present=body.present, reason=body.reason, context=body.context)
    return Status(201, attendance_out(row))


@router.get("/henvisninger/{referral_id}/fremmoede", response=AttendancePage, auth=scope("henvisning.read"),
            summary="Attendance under a referral")
def list_attendance(request, referral_id: int, cursor: str | None = None, limit: int = 25):
    referral, access = referral_for(request, referral_id, states=Referral.OPEN)
    rows, next_cursor = page(request, Attendance.objects.filter(referral=referral), cursor=cursor, limit=limit)
    log_read(request, access, "api:attendance")
    return page_response([attendance_out(r) for r in rows], next_cursor)


@router.post("/henvisninger/{referral_id}/mentortid", response={201: TimeOut}, auth=scope("fremmoede.write"),
             summary="Register mentor time")
def register_time(request, referral_id: int, body: TimeIn, x_request_id: str = REQUEST_ID_PARAM):
    """Time spent for the citizen on a day of a running referral, at most 24 hours. Time past the week's grant is
    refused unless `beyond_grant` confirms that it was spent (the caseworker then sees it)."""
    referral, _access = referral_for(request, referral_id, states=Referral.OPEN)
    row = once(request, services.register_time, staff=request.staff, referral=referral, on=body.day,
               minutes=body.minutes, kind=body.kind, note=body.note, beyond_grant=body.beyond_grant)
    return Status(201, time_out(row))


@router.get("/henvisninger/{referral_id}/mentortid", response=TimePage, auth=scope("henvisning.read"),
            summary="Mentor time under a referral")
def list_time(request, referral_id: int, cursor: str | None = None, limit: int = 25):
    referral, access = referral_for(request, referral_id, states=Referral.OPEN)
    rows, next_cursor = page(request, MentorTime.objects.filter(referral=referral), cursor=cursor, limit=limit)
    log_read(request, access, "api:mentor_time")
    return page_response([time_out(r) for r in rows], next_cursor)
