"""Referrals (henvisninger) addressed to the client's organisation: read them, accept or reject, start and end
them, and report progress. The example the other resources follow."""

import datetime
from typing import Literal

from django.db.models import Prefetch
from ninja import Header, Router, Schema, Status

from helhed.api.auth import scope
from helhed.api.conventions import CPR_HEADER, REQUEST_ID_PARAM, log_list_read, log_read, once, page, page_response
from helhed.api.resources.common import (
    CitizenRef,
    Page,
    citizen_from_header,
    citizen_ref,
    provider_referrals,
    referral_for,
)
from helhed.citizens.access import role_for
from helhed.offers import referrals as services
from helhed.offers.models import Referral, ReferralEvent

router = Router(tags=["henvisninger"])
State = Referral.State


class ReferralEventOut(Schema):
    from_state: str
    to_state: str
    note: str
    at: datetime.datetime


class ReferralOut(Schema):
    id: int
    state: Literal["sent", "accepted", "rejected", "started", "ended"]
    citizen: CitizenRef
    service: str
    order_text: str
    granted_minutes_per_week: int
    valid_from: datetime.date
    valid_to: datetime.date
    agreement: str | None
    mentor: str | None
    created_at: datetime.datetime
    events: list[ReferralEventOut]


class ReferralPage(Page):
    items: list[ReferralOut]


class StateIn(Schema):
    state: Literal["accepted", "rejected", "started", "ended"]
    note: str = ""


class ProgressIn(Schema):
    note: str


def referral_out(referral: Referral) -> dict:
    return {
        "id": referral.pk, "state": referral.state, "citizen": citizen_ref(referral.citizen),
        "service": referral.service, "order_text": referral.order_text,
        "granted_minutes_per_week": referral.granted_minutes_per_week, "valid_from": referral.valid_from,
        "valid_to": referral.valid_to, "agreement": referral.agreement.title if referral.agreement_id else None,
        "mentor": referral.mentor.full_name if referral.mentor_id else None, "created_at": referral.created_at,
        "events": [{"from_state": e.from_state, "to_state": e.to_state, "note": e.note, "at": e.at}
                   for e in referral.events.all()],
    }


def _with_details(queryset):
    return queryset.select_related("citizen", "agreement", "mentor__user").prefetch_related(
        Prefetch("events", queryset=ReferralEvent.objects.order_by("at", "pk")))


@router.get("/henvisninger", response=ReferralPage, auth=scope("henvisning.read"), summary="The organisation's referrals")
def list_referrals(request, state: Literal["sent", "accepted", "started"] | None = None, cursor: str | None = None,
                   limit: int = 25, x_civil_registration_identifier: str | None = Header(None, alias=CPR_HEADER)):
    """Referrals addressed to the organisation that are sent or running, oldest first. With the CPR header, only
    that citizen's."""
    queryset = provider_referrals(request)
    if state:
        queryset = queryset.filter(state=state)
    citizen = citizen_from_header(request)
    if citizen is not None:
        queryset = queryset.filter(citizen=citizen)
    rows, next_cursor = page(request, _with_details(queryset), cursor=cursor, limit=limit)
    reason = "api_referred"
    log_list_read(request, [(r.citizen, reason, role_for(request.staff, reason)) for r in rows], "api:referrals")
    return page_response([referral_out(r) for r in rows], next_cursor)


@router.get("/henvisninger/{referral_id}", response=ReferralOut, auth=scope("henvisning.read"), summary="One referral")
def get_referral(request, referral_id: int):
    referral, access = referral_for(request, referral_id)
    log_read(request, access, "api:referral")
    return referral_out(_with_details(Referral.objects.filter(pk=referral.pk)).get())


@router.post("/henvisninger/{referral_id}/status", response=ReferralOut, auth=scope("henvisning.write"),
             summary="Accept, reject, start or end a referral")
def move_referral(request, referral_id: int, body: StateIn,
                  x_request_id: str = REQUEST_ID_PARAM):
    """Moves along the referral's states (sent → accepted or rejected → started → ended). A rejection needs the
    reason in `note`."""
    referral, access = referral_for(request, referral_id)
    once(request, services.move_referral, staff=request.staff, referral=referral, to_state=body.state, note=body.note)
    log_read(request, access, "api:referral")
    return referral_out(_with_details(Referral.objects.filter(pk=referral.pk)).get())


@router.post("/henvisninger/{referral_id}/fremdrift", response={201: ReferralEventOut},
             auth=scope("henvisning.write"), summary="Report progress")
def report_progress(request, referral_id: int, body: ProgressIn,
                    x_request_id: str = REQUEST_ID_PARAM):
    referral, access = referral_for(request, referral_id, states=Referral.OPEN)
    event = once(request, services.report_progress, staff=request.staff, referral=referral, note=body.note)
    return Status(201, {"from_state": event.from_state, "to_state": event.to_state, "note": event.note, "at": event.at})
