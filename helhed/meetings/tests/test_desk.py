"""The coordinating caseworker's desk: coordinated citizens apart from those carried, a page at a time."""

import datetime

from django.urls import reverse

from helhed.coordination.models import CaseTeamMember
from helhed.coordination.services import add_team_member
from helhed.core.models import Role
from helhed.meetings.desk import PAGE_SIZE


def test_the_desk_pages_the_coordinated_citizens_and_sets_apart_those_carried(client, caseworker, make_citizen,
                                                                               make_staff, municipality):
    coordinator = make_staff(municipality, "karin", role=Role.COORDINATING_CASEWORKER, first="Karin", last="Kolding")
    for i in range(PAGE_SIZE + 2):
        citizen = make_citizen(caseworker, cpr=f"01019{i:05d}"[:10], first="Borger", last=f"Nr{i:03d}")
        add_team_member(staff=caseworker, citizen=citizen, member=coordinator,
                        role=CaseTeamMember.TeamRole.COORDINATING_CASEWORKER, valid_from=datetime.date(2025, 3, 1))
    make_citizen(coordinator, cpr="0202904321", first="Egen", last="Sag")
    client.force_login(coordinator.user)
    first = client.get(reverse("meetings:desk")).content.decode()
    assert f"Du koordinerer for {PAGE_SIZE + 2} borgere" in first
    assert "Nr000, Borger" in first and f"Nr{PAGE_SIZE:03d}, Borger" not in first
    assert "Ikke tilbudt" in first  # no § 36 offer recorded yet
    second = client.get(reverse("meetings:desk"), {"page": 2}).content.decode()
    assert f"Nr{PAGE_SIZE:03d}, Borger" in second
    assert "Borgere, du har som sagsbehandler" in first and "Sag, Egen" in first
