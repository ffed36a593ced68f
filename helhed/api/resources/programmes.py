"""Programmes (programmer) as counts, for the kommune's own systems: the figures of the programme dashboard. Counts
only, never a citizen; only the client's own municipality. Read only."""

import datetime
from decimal import Decimal
from typing import Literal

from django.db.models import Q
from django.utils import timezone
from ninja import Field, Router, Schema

from helhed.api.auth import scope
from helhed.api.conventions import page, page_response
from helhed.api.resources.common import Page, today
from helhed.core.figures import Cell, people, remembered
from helhed.programmes import measures, selection
from helhed.programmes.models import Enrolment, Programme, Target
from helhed.programmes.services import current_criterion

router = Router(tags=["programmer"])

class CountOut(Schema):
    value: int | None = Field(..., description="The number of citizens; null when suppressed.")
    suppressed: bool


class ShareOut(Schema):
    percent: float | None = Field(..., description="Per cent, one decimal; null when suppressed or of no one.")
    suppressed: bool


class TargetOut(Schema):
    measure: Literal[tuple(Target.Measure.values)]
    label: str
    months: int | None
    threshold_percent: float = Field(..., description="The share of the group the target requires.")
    payment_percent: float | None = Field(..., description="The share of the grant it releases.")
    count: CountOut = Field(..., description="Members who meet the measure today.")
    share: ShareOut = Field(..., description="Their share of the enrolled group.")
    reached_on: datetime.date | None = Field(..., description="The month-end the target was first reached, if ever.")


class ProgrammeOut(Schema):
    """A programme and its counts as of `as_of` (today, or its last day when it is over). Counts of 1–4 are
    suppressed (`value` null, `suppressed` true), and so is a share computed from one, as on the programme's
    dashboard: a small cell can point at a person."""

    id: int
    name: str
    funder: str
    starts_on: datetime.date
    ends_on: datetime.date
    as_of: datetime.date
    selected: CountOut = Field(..., description="Citizens the current criterion selects today (within "
                                                              "the programme's period).")
    enrolled: CountOut = Field(..., description="Members enrolled by the day (also those who left).")
    active: CountOut = Field(..., description="Members enrolled and not left on the day.")
    targets: list[TargetOut]


class ProgrammePage(Page):
    items: list[ProgrammeOut]


def count_out(cell: Cell) -> dict:
    return {"value": cell.value, "suppressed": cell.suppressed}


def share_out(cell: Cell) -> dict:
    return {"percent": cell.value, "suppressed": cell.suppressed}


def _percent(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def programme_out(programme: Programme, day: datetime.date) -> dict:
    key = f"programme:{programme.pk}:{programme.figures_generation}:{timezone.localdate()}"
    board, _at = remembered(key, lambda: measures.dashboard(programme))  # the dashboard's own figures and cache key
    # Selecting runs the criterion over the kommune's citizens: remembered like the dashboard's figures.
    selected, _at = remembered(f"programme-selected:{programme.pk}:{programme.figures_generation}:{day}", lambda: len(
        selection.selected_ids(current_criterion(programme), min(max(day, programme.starts_on), programme.ends_on))))
    active = Enrolment.objects.filter(programme=programme, enrolled_on__lte=board.on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=board.on)).count()
    targets = [{
        "measure": target.measure, "label": str(target.label), "months": target.months,
        "threshold_percent": float(target.threshold), "payment_percent": _percent(target.payment_share),
        "count": count_out(people(met)), "share": share_out(cell), "reached_on": when if reached else None,
    } for target, met, _group, cell, reached, when in board.targets]
    return {"id": programme.pk, "name": programme.name, "funder": programme.funder, "starts_on": programme.starts_on,
            "ends_on": programme.ends_on, "as_of": board.on, "selected": count_out(people(selected)),
            "enrolled": count_out(people(board.counts.enrolled)), "active": count_out(people(active)),
            "targets": targets}


@router.get("/programmer", response=ProgrammePage, auth=scope("program.read"), summary="Programme counts")
def list_programmes(request, cursor: str | None = None, limit: int = 25):
    """The kommune's programmes (Flere skal med and the like) with the dashboard's counts: selected, enrolled,
    active, and each target's count and share. Counts only, no personal data (nothing is read-logged). Counts of 1–4
    are suppressed, as on the dashboard."""
    day = today()
    programmes = Programme.objects.filter(municipality_id=request.staff.municipality_id)
    rows, next_cursor = page(request, programmes, cursor=cursor, limit=limit)
    return page_response([programme_out(p, day) for p in rows], next_cursor)
