"""A staff member without a reason to see a citizen gets a page that says so and what would give them one, for
their roles, and nothing that tells whether the citizen exists. No bare 404."""

import re

from django.urls import reverse

from helhed.core.models import Role
from helhed.tests.world import build_world


def _get(client, staff, url):
    client.force_login(staff.user)
    return client.get(url)


def test_a_partner_without_consent_is_told_what_would_give_a_reason(client, db):
    world = build_world()
    partner = world.staff[Role.PARTNER]
    response = _get(client, partner, reverse("casefile:team_view", args=[world.other.pk]))
    page = response.content.decode()
    assert response.status_code == 404
    assert "Ingen grund til at se denne borger" in page and "samtykke fra borgeren" in page
    assert world.other.last_name not in page and world.other.cpr_display not in page
    missing = _get(client, partner, reverse("casefile:team_view", args=[999_999])).content.decode()
    def same(text, pk):  # the CSRF token differs per response
        return re.sub(r'value="[A-Za-z0-9]{64}"', "", text).replace(f"/borgere/{pk}/", "/borgere/N/")
    assert same(missing, 999_999) == same(page, world.other.pk)  # existence is not revealed


def test_each_role_is_told_only_the_ways_its_roles_can_have(client, db):
    world = build_world()
    mentor_page = _get(client, world.staff[Role.MENTOR], reverse("casefile:team_view", args=[world.other.pk]))
    text = mentor_page.content.decode()
    assert "henvist til din leverandør" in text and "samtykke fra borgeren" not in text
    leader_page = _get(client, world.staff[Role.TEAM_LEADER], reverse("casefile:overview", args=[world.other.pk]))
    assert "begrundelse" in leader_page.content.decode()


def test_a_reason_that_does_not_cover_the_page_says_so(client, db):
    world = build_world()
    response = _get(client, world.staff[Role.MENTOR], reverse("citizens:case_edit", args=[world.own.pk]))
    page = response.content.decode()
    assert response.status_code == 404 and "dækker ikke denne side" in page


def test_a_page_that_does_not_exist_is_plainly_not_found(client, db):
    world = build_world()
    page = _get(client, world.staff[Role.CASEWORKER], "/findes-ikke/").content.decode()
    assert "blev ikke fundet" in page and "Ingen grund" not in page
