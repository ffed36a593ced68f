"""Appointments (aftaler) of the citizens referred to the organisation, and the appointments it proposes. A proposal
is not a booking: the caseworker sees it in the case file and books it (or not) in Helhed."""

import datetime
from typing import Literal

from ninja import Header, Router, Schema, Status

from helhed.api import proposals as services
from helhed.api.auth import scope
from helhed.api.conventions import CPR_HEADER, REQUEST_ID_PARAM, log_list_read, log_read, once, page, page_response
from helhed.api.extensions import PROVIDER_REASON
from helhed.api.models import AppointmentProposal
from helhed.api.resources.common import (
    CitizenRef,
    Page,
    Text,
    citizen_from_header,
    citizen_ref,
    provider_referrals,
    referral_for,
)
from helhed.citizens.access import role_for
from helhed.contact.models import Appointment
from helhed.offers.models import Referral

router = Router(tags=["aftaler"])

Kind = Literal["jobsamtale", "mentor_meeting", "coordination_meeting", "internship_follow_up", "accompanying"]
Channel = Literal["office", "phone", "video", "home_visit", "outreach_office", "other_place"]


class AppointmentOut(Schema):
    id: int
    citizen: CitizenRef
    kind: Kind
    channel: Channel
    where: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: Literal["booked", "held", "not_held"]
    not_held_reason: Literal["citizen_absent", "citizen_cancelled", "staff_cancelled", "moved", ""]
    proposed_by_organisation: bool


class AppointmentPage(Page):
    items: list[AppointmentOut]


class ProposalIn(Schema):
    referral_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    channel: Channel
    place: Text(services.MAX_PLACE) = ""
    purpose: Text(services.MAX_PURPOSE, min_length=1)


class ProposalOut(Schema):
    id: int
    referral_id: int
    citizen: CitizenRef
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    channel: Channel
    place: str
    purpose: str
    state: Literal["proposed", "booked", "declined"]
    proposed_at: datetime.datetime


class ProposalPage(Page):
    items: list[ProposalOut]


def proposal_out(proposal: AppointmentProposal) -> dict:
    return {"id": proposal.pk, "referral_id": proposal.referral_id, "citizen": citizen_ref(proposal.citizen),
            "starts_at": proposal.starts_at, "ends_at": proposal.ends_at, "channel": proposal.channel,
            "place": proposal.place, "purpose": proposal.purpose, "state": proposal.state,
            "proposed_at": proposal.proposed_at}


def _log_rows(request, citizens):
    role = role_for(request.staff, PROVIDER_REASON)
    return [(citizen, PROVIDER_REASON, role) for citizen in {c.pk: c for c in citizens}.values()]


def _own_proposals(request):
    return AppointmentProposal.objects.filter(client__organisation_id=request.api_client.organisation_id,
                                              municipality_id=request.staff.municipality_id)


@router.get("/aftaler", response=AppointmentPage, auth=scope("aftale.read"), summary="Appointments of the citizens")
def list_appointments(request, fra: datetime.date | None = None, cursor: str | None = None, limit: int = 25,
                      x_civil_registration_identifier: str | None = Header(None, alias=CPR_HEADER)):
    """Appointments of the citizens referred to the organisation, from the day `fra` (all without it). With the CPR
    header, only that citizen's. `proposed_by_organisation` tells that the caseworker booked it from one of the
    organisation's proposals."""
    citizens = provider_referrals(request).values("citizen_id")
    queryset = Appointment.objects.filter(citizen_id__in=citizens).select_related("citizen", "meeting_place")
    citizen = citizen_from_header(request)
    if citizen is not None:
        queryset = queryset.filter(citizen=citizen)
    if fra is not None:
        queryset = queryset.filter(starts_at__date__gte=fra)
    rows, next_cursor = page(request, queryset, cursor=cursor, limit=limit)
    booked = set(_own_proposals(request).filter(appointment__in=rows).values_list("appointment_id", flat=True))
    log_list_read(request, _log_rows(request, [r.citizen for r in rows]), "api:appointments")
    return page_response([{
        "id": a.pk, "citizen": citizen_ref(a.citizen), "kind": a.kind, "channel": a.channel, "where": a.where,
        "starts_at": a.starts_at, "ends_at": a.ends_at, "status": a.status, "not_held_reason": a.not_held_reason,
        "proposed_by_organisation": a.pk in booked,
    } for a in rows], next_cursor)


@router.post("/aftaler/forslag", response={201: ProposalOut}, auth=scope("aftale.write"),
             summary="Propose an appointment")
def propose_appointment(request, body: ProposalIn, x_request_id: str = REQUEST_ID_PARAM):
    """A time to meet the citizen of a referral the organisation runs. The caseworker sees the proposal in the case
    file and books it with the normal booking, or declines it; the proposal's `state` tells which."""
    referral, access = referral_for(request, body.referral_id, states=Referral.OPEN)
    proposal = once(request, services.propose, client=request.api_client, referral=referral,
                    starts_at=body.starts_at, ends_at=body.ends_at, channel=body.channel, place=body.place,
                    purpose=body.purpose)
    log_read(request, access, "api:appointment_proposal")
    return Status(201, proposal_out(proposal))


@router.get("/aftaler/forslag", response=ProposalPage, auth=scope("aftale.read"),
            summary="The organisation's proposals")
def list_proposals(request, cursor: str | None = None, limit: int = 25,
                   x_civil_registration_identifier: str | None = Header(None, alias=CPR_HEADER)):
    """The organisation's proposals for citizens still referred to it, oldest first, with their state."""
    citizens = provider_referrals(request).values("citizen_id")
    queryset = _own_proposals(request).filter(citizen_id__in=citizens).select_related("citizen")
    citizen = citizen_from_header(request)
    if citizen is not None:
        queryset = queryset.filter(citizen=citizen)
    rows, next_cursor = page(request, queryset, cursor=cursor, limit=limit)
    log_list_read(request, _log_rows(request, [r.citizen for r in rows]), "api:appointment_proposals")
    return page_response([proposal_out(r) for r in rows], next_cursor)
