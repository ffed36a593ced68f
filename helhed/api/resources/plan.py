"""The citizen's plan under a referral the organisation runs: read it whole, and write the organisation's own part
(the mentor's section and the status of the mentor's steps). The plan's version is its ETag; a write needs it as
If-Match and is saved as a new version of the whole plan through `plans.services.save_plan`, with the citizen's
involvement, like the mentor's own page in Helhed."""

import datetime
import uuid
from typing import Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Header, Router, Schema
from pydantic import Field

from helhed.api.auth import scope
from helhed.api.conventions import REQUEST_ID_PARAM, etag, if_match_version, log_read, once
from helhed.api.problems import ApiProblem
from helhed.api.resources.common import Text, referral_for
from helhed.offers.models import Referral
from helhed.plans import content as plan_content
from helhed.plans import selectors
from helhed.plans import services as plan_services
from helhed.plans.models import Actor, PlanStep

router = Router(tags=["plan"])

ActorCode = Literal["citizen", "caseworker", "mentor", "job_broker", "employer", "partner"]
StepStatus = Literal["open", "done", "dropped"]
IF_MATCH = Header(None, alias="If-Match", description='The ETag read, e.g. "plan-3". Required on writes (428).')
ETAG_HEADER = {"ETag": {"description": 'The plan\'s version, e.g. "plan-3": send it as If-Match to write.',
                        "schema": {"type": "string"}}}


class StepOut(Schema):
    key: str
    kind: Literal["sub_goal", "step"]
    text: str
    owner: ActorCode
    due: datetime.date | None
    status: StepStatus


class PlanOut(Schema):
    version: int
    kind: Literal["min_plan", "holistic"]
    own_goal: str
    job_goal: str
    stabilising: str
    job_search: str
    sections: dict[str, str]
    steps: list[StepOut]


class StepStatusIn(Schema):
    key: uuid.UUID
    status: StepStatus


class ProviderPartIn(Schema):
    mentor_section: Text(plan_services.MAX_TEXT) | None = None
    steps: list[StepStatusIn] = Field(default_factory=list, max_length=PlanStep.MAX_PER_PLAN)
    involvement: Literal["democracy", "choice", "self_reflection", "co_creation"]
    citizen_position: Literal["agrees", "disagrees", "not_present"]
    citizen_reason: Text(plan_services.MAX_TEXT) = ""
    change_note: Text(2000) = ""


def _plan_out(plan) -> dict:
    return {"version": plan.version if plan else 0, **plan_content.of_plan(plan)}


def _answer(response: HttpResponse, plan) -> dict:
    response["ETag"] = etag("plan", plan.version if plan else 0)
    return _plan_out(plan)


@router.get("/henvisninger/{referral_id}/plan", response=PlanOut, auth=scope("plan.read"), summary="The citizen's plan",
            openapi_extra={"responses": {200: {"headers": ETAG_HEADER}}})
def get_plan(request, referral_id: int, response: HttpResponse):
    """The whole plan: the citizen's own goal first, the job goal, the steps and each actor's part (`sections`),
    with its version as ETag. A plan not written yet is the empty plan at version 0."""
    referral, access = referral_for(request, referral_id, states=Referral.OPEN)
    log_read(request, access, "api:plan")
    return _answer(response, selectors.plan_of(access.citizen))


def _with_provider_part(current: dict, body: ProviderPartIn) -> dict:
    """The plan's content with the organisation's part changed and everything else as it is."""
    mine = {str(s["key"]): s for s in current["steps"] if s["owner"] == Actor.MENTOR}
    wanted = {str(s.key): s.status for s in body.steps}
    foreign = [key for key in wanted if key not in mine]
    if foreign:
        raise ApiProblem("validation", _("Only the status of the mentor's own steps can be changed here."),
                         errors={"steps": [_("Unknown step or not the mentor's: %(keys)s") % {
                             "keys": ", ".join(foreign)}]})
    sections = dict(current["sections"])
    if body.mentor_section is not None:
        sections[Actor.MENTOR] = body.mentor_section
    steps = [{**s, "status": wanted.get(s["key"], s["status"])} for s in current["steps"]]
    return {**current, "sections": sections, "steps": steps}


def _save(*, staff, citizen, base_version, content, body):
    try:
        return plan_services.save_plan(
            staff=staff, citizen=citizen, base_version=base_version, content=content,
            involvement=body.involvement, citizen_position=body.citizen_position,
            citizen_reason=body.citizen_reason,
            change_note=body.change_note or _("%(actor)s's part changed.") % {"actor": Actor.MENTOR.label})
    except plan_services.PlanConflict as conflict:
        raise ApiProblem("version_changed", _("Someone saved the plan meanwhile (now version %(version)s). Read it "
                                              "again and send your part on top of it.") % {"version": conflict.current})


@router.put("/henvisninger/{referral_id}/plan/leverandoerdel", response=PlanOut, auth=scope("plan.write"),
            summary="Write the organisation's part of the plan",
            openapi_extra={"responses": {200: {"headers": ETAG_HEADER}}})
def put_provider_part(request, referral_id: int, body: ProviderPartIn, response: HttpResponse,
                      x_request_id: str = REQUEST_ID_PARAM, if_match: str | None = IF_MATCH):
    """The mentor's section (`mentor_section`; leave it out to keep it) and the status of the mentor's steps, saved
    as a new version of the plan with how the citizen was involved and their position (`citizen_reason` when they
    disagree). Needs `If-Match` with the ETag read: 428 without it, 412 when the plan has changed since. Every
    other part of the plan is kept as it is. The caseworker writes the plan first: before that, 409."""
    referral, access = referral_for(request, referral_id, states=Referral.OPEN)
    if not access.can_meet:
        raise ApiProblem("not_found")
    base_version = if_match_version(request, "plan")
    plan = selectors.plan_of(access.citizen)
    if plan is None or not plan.version:
        raise ApiProblem("conflict", _("There is no plan yet. The caseworker writes it with the citizen first."))
    if base_version != plan.version:
        raise ApiProblem("version_changed", _("The plan has changed since version %(version)s. Read it again.")
                         % {"version": base_version})
    content = _with_provider_part(plan_content.of_plan(plan), body)
    once(request, _save, staff=request.staff, citizen=access.citizen, base_version=base_version, content=content,
         body=body)
    log_read(request, access, "api:plan")
    return _answer(response, selectors.plan_of(access.citizen))
