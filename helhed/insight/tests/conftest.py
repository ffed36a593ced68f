"""A small municipality for the leader's figures, built directly in the tables (insight only reads).

Team Nord: Anne holds 10 open cases (7 in group 3, 3 in group 2) and one new case in group 4; Bo holds 3 (group 2).
Team Syd: Carl holds none. Of Anne's older cases in group 3, one had a held appointment a month ago, one has an
offer running and one had a coordination meeting: 3 were seen, 4 were not. One of her group-3 citizens had a held
appointment only five months ago, another only a booked one: both count as not seen. Bo's three and Anne's three
in group 2 were not seen. A citizen in another municipality is never counted.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from helhed.citizens.models import Case, Citizen, TargetGroupPeriod
from helhed.contact.models import Appointment
from helhed.core.models import Municipality, OrganisationUnit, Role, StaffMember, StaffRole
from helhed.meetings.models import Meeting
from helhed.offers.models import Offer

PASSWORD = "test-password-123"


@dataclass
class Small:
    municipality: Municipality
    staff: dict = field(default_factory=dict)
    citizens: dict = field(default_factory=dict)  # name -> [Citizen]


def _staff(municipality, unit, username, roles, first, last):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, first_name=first, last_name=last)
    member = StaffMember.objects.create(user=user, municipality=municipality, unit=unit)
    for role in roles:
        StaffRole.objects.create(staff=member, role=role)
    return member


_serial = iter(range(1000, 9999))


def add_citizen(municipality, responsible, group, *, opened_days_ago=200, first="Borger", last=None):
    n = next(_serial)
    citizen = Citizen.objects.create(municipality=municipality, cpr=f"0101{n:04d}"[:6] + f"{n:04d}", first_name=first,
                                     last_name=last or f"Nr{n}")
    opened = timezone.localdate() - datetime.timedelta(days=opened_days_ago)
    Case.objects.create(municipality=municipality, citizen=citizen, responsible=responsible, opened_on=opened)
    TargetGroupPeriod.objects.create(municipality=municipality, citizen=citizen, group=group, valid_from=opened,
                                     reason="Visiteret.", decided_by=responsible)
    return citizen


def held_appointment(citizen, staff, days_ago, status=Appointment.Status.HELD):
    starts = timezone.now() - datetime.timedelta(days=days_ago)
    return Appointment.objects.create(municipality=citizen.municipality, citizen=citizen, starts_at=starts,
                                      ends_at=starts + datetime.timedelta(hours=1), organiser=staff, booked_by=staff,
                                      status=status)


def offer(citizen, staff, *, start, end=None, ended_on=None, outcome="", kind=Offer.Kind.INTERNSHIP):
    return Offer.objects.create(municipality=citizen.municipality, citizen=citizen, kind=kind, start=start, end=end,
                                ended_on=ended_on, outcome=outcome, created_by=staff)


@pytest.fixture
def small(db):
    m = Municipality.objects.create(code="997", name="Vesterby Kommune")
    nord = OrganisationUnit.objects.create(municipality=m, name="Team Nord", kind=OrganisationUnit.Kind.EMPLOYMENT)
    syd = OrganisationUnit.objects.create(municipality=m, name="Team Syd", kind=OrganisationUnit.Kind.EMPLOYMENT)
    world = Small(m)
    world.staff = {
        "anne": _staff(m, nord, "anne", [Role.CASEWORKER], "Anne", "Andersen"),
        "bo": _staff(m, nord, "bo", [Role.CASEWORKER], "Bo", "Berg"),
        "carl": _staff(m, syd, "carl", [Role.CASEWORKER], "Carl", "Christensen"),
        "leader": _staff(m, nord, "leder", [Role.TEAM_LEADER], "Lise", "Leder"),
        "dpo": _staff(m, nord, "dpo", [Role.DATA_PROTECTION], "Dorte", "Databeskyttelse"),
    }
    anne, bo = world.staff["anne"], world.staff["bo"]
    far = [add_citizen(m, anne, "3", first="Aktiv") for _ in range(7)]
    close = [add_citizen(m, anne, "2", first="Jobparat") for _ in range(3)]
    bos = [add_citizen(m, bo, "2", first="Bos") for _ in range(3)]
    new = add_citizen(m, anne, "4", opened_days_ago=10, first="Ny")
    world.citizens = {"far": far, "close": close, "bo": bos, "new": [new]}
    # Seen in the last three months: a held appointment, a running offer, a held coordination meeting.
    held_appointment(far[0], anne, 30)
    offer(far[1], anne, start=timezone.localdate() - datetime.timedelta(days=20),
          end=timezone.localdate() + datetime.timedelta(days=60))
    Meeting.objects.create(municipality=m, citizen=far[2], held_on=timezone.localdate() - datetime.timedelta(days=40),
                           organiser=anne, minutes="Vi talte om boligen.")
    # Not seen: held only five months ago; booked but not held.
    held_appointment(far[3], anne, 150)
    held_appointment(far[4], anne, 10, status=Appointment.Status.BOOKED)
    # Another municipality: never counted.
    m2 = Municipality.objects.create(code="996", name="Østerby Kommune")
    stranger = _staff(m2, OrganisationUnit.objects.create(municipality=m2, name="Jobcenter",
                                                          kind=OrganisationUnit.Kind.EMPLOYMENT),
                      "fremmed", [Role.CASEWORKER], "Frede", "Fremmed")
    add_citizen(m2, stranger, "3")
    return world
