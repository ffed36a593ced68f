"""Citizens (borgere) for the kommune's own systems: every citizen with an open case, with the target group and the
legal obligations and deadlines the rules compute, each with its citation. Read only."""

import datetime
from typing import Literal

from django.db.models import Q
from ninja import Header, Router, Schema

from helhed.api.auth import scope
from helhed.api.conventions import CPR_HEADER, access_from_header, log_list_read, log_read, page, page_response
from helhed.api.resources.common import Page, today
from helhed.citizens.access import FULL, role_for, visible_citizens
from helhed.citizens.models import TargetGroupPeriod
from helhed.citizens.selectors import reasons_for
from helhed.rules import selectors as rules
from helhed.rules.engine import evaluate, rules_on
from helhed.rules.facts import load_facts
from helhed.rules.registry import Kind, Obligation, Status

router = Router(tags=["borgere"])

CPR_REQUIRED = Header(..., alias=CPR_HEADER, description="The citizen's CPR number (10 digits, with or without the "
                                                         "hyphen). Never in the URL.")


class TargetGroupOut(Schema):
    group: str
    label: str
    valid_from: datetime.date
    valid_to: datetime.date | None


class CitationOut(Schema):
    law: str
    paragraph: str
    version: str
    url: str
    note: str


class ObligationOut(Schema):
    """A legal obligation or deadline as the rules compute it (the case file's "Deadlines and obligations"): `due` is
    the law's deadline (moved off a weekend or holiday by the kommune's practice: `moved_from`), `citation` its
    paragraph, version and source. `confirmed` is false when the source or the rule set is not confirmed (the 2027
    draft); `advice_due` is Helhed's pacing advice, not the law."""

    rule_id: str
    title: str
    kind: Literal[tuple(Kind.values)]
    status: Literal[tuple(Status.values)]
    due: datetime.date | None
    explanation: str
    advice_due: datetime.date | None = None
    moved_from: datetime.date | None = None
    takeover_from: datetime.date | None = None
    rule_set: str
    confirmed: bool
    law_note: str
    citation: CitationOut


class CitizenSummaryOut(Schema):
    """A citizen with an open case: the target group today (LAB § 6) and the obligations today, each with its
    citation."""

    cpr: str
    name: str
    target_group: TargetGroupOut | None
    obligations: list[ObligationOut]


class CitizenPage(Page):
    items: list[CitizenSummaryOut]


class CitizenOut(Schema):
    """One citizen: every target-group period, newest first, and the legal obligations and deadlines the rules
    compute as of today (`as_of`, under the rule set `rule_set`)."""

    cpr: str
    name: str
    as_of: datetime.date
    rule_set: str
    target_groups: list[TargetGroupOut]
    obligations: list[ObligationOut]


def kommune_citizens(request):
    """The citizens the client may see in full: for the kommune's own system, every citizen with an open case in its
    municipality (the need-to-know reason `api_kommune_system`). Other clients have no citizens here."""
    return visible_citizens(request.staff, level=FULL)


def period_out(period: TargetGroupPeriod) -> dict:
    return {"group": period.group, "label": str(period.get_group_display()), "valid_from": period.valid_from,
            "valid_to": period.valid_to}


def obligation_out(o: Obligation) -> dict:
    source = o.source
    return {
        "rule_id": o.rule_id, "title": str(o.title), "kind": o.kind, "status": o.status, "due": o.due,
        "explanation": str(o.explanation), "advice_due": o.advice_due if o.status not in (Status.MET, Status.EXEMPT)
        else None, "moved_from": o.moved_from, "takeover_from": o.takeover_from, "rule_set": o.rule_set,
        "confirmed": not o.unconfirmed, "law_note": " ".join(filter(None, [str(o.rule_set_note), str(o.law_note)])),
        "citation": {"law": source.law, "paragraph": source.paragraph, "version": source.version, "url": source.url,
                     "note": str(source.note)},
    }


def _current_periods(ids, day) -> dict[int, TargetGroupPeriod]:
    periods = TargetGroupPeriod.objects.filter(citizen_id__in=ids, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    return {p.citizen_id: p for p in periods}


@router.get("/borgere", response=CitizenPage, auth=scope("borger.read"), summary="Citizens with an open case")
def list_citizens(request, cursor: str | None = None, limit: int = 25):
    """Every citizen with an open case in the kommune, in a stable order: CPR number, name, the target group today
    and its period, and the obligations today with their citations. Each citizen shown is in the read log."""
    rows, next_cursor = page(request, kommune_citizens(request), cursor=cursor, limit=limit)
    day = today()
    ids = [c.pk for c in rows]
    facts, periods = load_facts(ids), _current_periods(ids, day)
    in_force = rules_on(day)
    reasons = reasons_for(request.staff, ids)
    log_list_read(request, [(c, reasons[c.pk], role_for(request.staff, reasons[c.pk])) for c in rows], "api:citizens")
    items = []
    for citizen in rows:
        period = periods.get(citizen.pk)
        items.append({"cpr": citizen.cpr, "name": citizen.full_name,
                      "target_group": period_out(period) if period else None,
                      "obligations": [obligation_out(o) for o in evaluate(facts[citizen.pk], day, in_force)]})
    return page_response(items, next_cursor)


@router.get("/borger", response=CitizenOut, auth=scope("borger.read"), summary="One citizen, by the CPR header")
def get_citizen(request, x_civil_registration_identifier: str = CPR_REQUIRED):
    """The citizen the header `x-civilRegistrationIdentifier` names: the target-group periods and the legal
    obligations and deadlines as of today, each with its paragraph, version and source. 404 when the citizen has no
    open case here (Helhed does not say whether such a citizen exists)."""
    access = access_from_header(request, required=True, level=FULL)
    citizen = access.citizen
    found = rules.citizen_obligations(citizen, today())
    log_read(request, access, "api:citizen")
    return {"cpr": citizen.cpr, "name": citizen.full_name, "as_of": found["as_of"], "rule_set": found["rule_set"].id,
            "target_groups": [period_out(p) for p in TargetGroupPeriod.objects.filter(citizen=citizen)],
            "obligations": [obligation_out(o) for o in found["obligations"]]}
