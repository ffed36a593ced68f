"""Offers (tilbud) as activities (aktiviteter) in the national data hub's (DFDG) shape, for the kommune's own systems:
the offers of every citizen with an open case. Read only."""

import datetime
import uuid
from typing import Literal

from django.core.exceptions import ValidationError
from ninja import Field, Header, Router, Schema

from helhed.api.auth import scope
from helhed.api.conventions import CPR_HEADER, access_to, cpr_from_header, log_list_read, page, page_response
from helhed.api.problems import ApiProblem
from helhed.api.resources.citizens import kommune_citizens
from helhed.api.resources.common import Page, today
from helhed.citizens.access import FULL, role_for
from helhed.citizens.models import Citizen
from helhed.citizens.selectors import reasons_for
from helhed.citizens.services import check_case_date
from helhed.offers.models import Offer, last_day_from

router = Router(tags=["aktiviteter"])

# The activity's id in the hub's shape (a GUID): stable for the offer, the same on every read.
ACTIVITY_NAMESPACE = uuid.UUID("5d1f3c2a-8a61-4f0e-9b7c-3f2a1c0d6e11")
# The kind of offer under the name the hub's activity types use (Helhed's own code list: the hub's codes are not
# published openly).
ACTIVITY_TYPES = {
    Offer.Kind.INTERNSHIP: "Virksomhedspraktik",
    Offer.Kind.WAGE_SUBSIDY_PRIVATE: "Løntilskud, privat arbejdsgiver",
    Offer.Kind.WAGE_SUBSIDY_PUBLIC: "Løntilskud, offentlig arbejdsgiver",
    Offer.Kind.GUIDANCE: "Vejledning og opkvalificering",
    Offer.Kind.MENTOR: "Mentorstøtte",
    Offer.Kind.ORDINARY_HOURS: "Ordinære timer",
}


class ActivityOut(Schema):
    """An offer as an activity. The fields `aktivitetIdentifier`, `startdato`, `slutdato`, `timerPrUge` and
    `minutterPrUge` follow the national data hub's (DFDG) activity (aktivitetsstamdata) in name and meaning; the
    others are Helhed's own, named in the same style."""

    aktivitetId: int = Field(..., description="Helhed's id of the offer.")
    aktivitetIdentifier: uuid.UUID = Field(..., description="DFDG: the activity's id (a GUID), stable for the offer.")
    cpr: str = Field(..., description="The citizen's CPR number.")
    aktivitetstype: Literal[tuple(Offer.Kind.values)] = Field(..., description="Helhed's kind of offer.")
    aktivitetstypeNavn: str = Field(..., description="The kind of offer by its Danish name.")
    titel: str
    startdato: datetime.date = Field(..., description="DFDG: the first day of the activity.")
    slutdato: datetime.date | None = Field(..., description="DFDG: the last day (ended early, else planned); "
                                                            "null when open.")
    timerPrUge: int | None = Field(..., description="DFDG: whole hours per week (0–59); null when not set.")
    minutterPrUge: int | None = Field(..., description="DFDG: the minutes beyond the hours (0–59); null when not set.")
    virksomhedCvr: str | None = Field(..., description="The employer's CVR number (internship, wage subsidy).")
    virksomhedNavn: str | None
    status: Literal["planlagt", "igang", "afsluttet"] = Field(..., description="Planned, running or over, today.")
    afsluttet: datetime.date | None = Field(..., description="The day the offer was ended, when it has been.")
    udfald: Literal[tuple(Offer.Outcome.values)] | None = Field(..., description="How it ended.")


class ActivityPage(Page):
    items: list[ActivityOut]


def activity_out(offer: Offer, day: datetime.date) -> dict:
    minutes = offer.minutes_per_week
    hours, rest = divmod(minutes, 60) if minutes is not None else (None, None)
    last = offer.last_day
    status = "planlagt" if offer.start > day else ("afsluttet" if offer.ended_on or (last and last < day) else "igang")
    employer = offer.employer or (offer.place.employer if offer.place_id else None)
    return {
        "aktivitetId": offer.pk, "aktivitetIdentifier": uuid.uuid5(ACTIVITY_NAMESPACE, f"offer:{offer.pk}"),
        "cpr": offer.citizen.cpr, "aktivitetstype": offer.kind, "aktivitetstypeNavn": ACTIVITY_TYPES[offer.kind],
        "titel": offer.title, "startdato": offer.start, "slutdato": last, "timerPrUge": hours, "minutterPrUge": rest,
        "virksomhedCvr": employer.cvr if employer else None, "virksomhedNavn": employer.name if employer else None,
        "status": status, "afsluttet": offer.ended_on, "udfald": offer.outcome or None,
    }


@router.get("/aktiviteter", response=ActivityPage, auth=scope("aktivitet.read"),
            summary="Offers as activities (DFDG shape)")
def list_activities(request, fra: datetime.date | None = None, cursor: str | None = None, limit: int = 25,
                    x_civil_registration_identifier: str | None = Header(None, alias=CPR_HEADER)):
    """The offers of every citizen with an open case, as activities. With the CPR header, only that citizen's; with
    `fra` (a date), only the activities that run on or after that day (or have no last day). Each citizen shown is
    in the read log."""
    citizens = kommune_citizens(request)
    cpr = cpr_from_header(request)
    if cpr is not None:
        pk = Citizen.objects.filter(cpr=cpr, municipality_id=request.staff.municipality_id).values_list("pk", flat=True)
        citizens = citizens.filter(pk=access_to(request, pk.first() or 0, level=FULL).citizen.pk)
    offers = Offer.objects.filter(citizen__in=citizens, municipality_id=request.staff.municipality_id)
    if fra is not None:
        try:
            check_case_date(fra, "fra")
        except ValidationError as error:
            raise ApiProblem("bad_request", error.messages[0], errors={"fra": error.messages})
        offers = offers.filter(last_day_from(fra, open_ended=True))
    rows, next_cursor = page(request, offers.select_related("citizen", "employer", "place__employer"),
                             cursor=cursor, limit=limit)
    shown = {offer.citizen_id: offer.citizen for offer in rows}
    reasons = reasons_for(request.staff, shown)
    log_list_read(request, [(c, reasons[pk], role_for(request.staff, reasons[pk])) for pk, c in shown.items()],
                  "api:activities")
    day = today()
    return page_response([activity_out(offer, day) for offer in rows], next_cursor)
