"""Schemas and lookups the resources share."""

import datetime
from typing import Annotated

from ninja import Schema
from pydantic import StringConstraints

from helhed.api.conventions import access_to, citizen_from_header  # noqa: F401 (re-exported)
from helhed.api.extensions import PROVIDER_STATES
from helhed.api.problems import ApiProblem
from helhed.offers.models import Referral


class CitizenRef(Schema):
    cpr: str
    name: str


def citizen_ref(citizen) -> dict:
    return {"cpr": citizen.cpr, "name": citizen.full_name}


def provider_referrals(request):
    """The referrals the client's organisation may see: addressed to it, sent or running."""
    return Referral.objects.filter(provider_id=request.api_client.organisation_id, state__in=PROVIDER_STATES,
                                   municipality_id=request.staff.municipality_id)


def referral_for(request, pk: int, *, states=PROVIDER_STATES):
    """One of the organisation's referrals and the client's access to its citizen, or a 404 problem. The read is
    not logged here: the caller logs what it shows."""
    referral = provider_referrals(request).filter(pk=pk, state__in=states).select_related("citizen", "mentor__user").first()
    if referral is None:
        raise ApiProblem("not_found")
    return referral, access_to(request, referral.citizen_id)


def Text(max_length: int, *, min_length: int = 0):  # noqa: N802 (a type)
    """A string field of at most `max_length` characters, without NUL (the database refuses it)."""
    return Annotated[str, StringConstraints(max_length=max_length, min_length=min_length, pattern=r"^[^\x00]*$")]


class Page(Schema):
    next_cursor: str | None


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
