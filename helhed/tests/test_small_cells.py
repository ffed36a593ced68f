"""No aggregate page shows a count of 1 to 4 (core.figures.MIN_CELL): not the programmes, the leader's overview,
the absence statistics, the outreach office's figures for the housing plan, nor the relational-coordination survey.
A small world (three citizens) makes every count small, so any figure that escapes suppression shows here, on the page
and in the downloads."""

import csv
import io
import re

import pytest
from django.urls import reverse

from helhed.core.figures import MIN_CELL
from helhed.core.models import Role
from helhed.tests.world import build_world

CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
TAG = re.compile(r"<[^>]+>")


def small_counts_in_html(html: str) -> list[str]:
    cells = [TAG.sub("", cell).strip() for cell in CELL.findall(html)]
    return [cell for cell in cells if cell.isdigit() and 0 < int(cell) < MIN_CELL]


def small_counts_in_csv(text: str) -> list[str]:
    found = []
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"):
        found += [value for value in row[1:] if value.isdigit() and 0 < int(value) < MIN_CELL]
    return found


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def _pages(world):
    programme = {"programme_pk": world.objects["programme_pk"]}
    pages = [
        (Role.TEAM_LEADER, reverse("programmes:programme", kwargs=programme), "html"),
        (Role.TEAM_LEADER, reverse("programmes:figures", kwargs={**programme, "fmt": "csv"}), "csv"),
        (Role.TEAM_LEADER, reverse("insight:overview") + "?enhed=alle", "html"),
        (Role.TEAM_LEADER, reverse("insight:download") + "?format=csv&enhed=alle", "csv"),
        (Role.TEAM_LEADER, reverse("sanctions:statistics"), "html"),
        (Role.TEAM_LEADER, reverse("coordination:rc_results"), "html"),
    ]
    if "office_pk" in world.objects:
        office = {"office_pk": world.objects["office_pk"]}
        pages += [(Role.PARTNER, reverse("outreach:office", kwargs=office), "html"),
                  (Role.PARTNER, reverse("outreach:report", kwargs=office), "html"),
                  (Role.PARTNER, reverse("outreach:report", kwargs=office) + "?format=csv", "csv")]
    return pages


def test_no_aggregate_page_shows_a_count_under_five(world, client):
    found = {}
    for role, url, kind in _pages(world):
        client.force_login(world.staff[role].user)
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8")
        small = small_counts_in_csv(body) if kind == "csv" else small_counts_in_html(body)
        if small:
            found[url] = small
    assert not found
