"""Crawl the application as each role and check that every response showing a citizen's data left a read-log row."""

import re

import pytest

from helhed.citizens.models import AccessLogEntry, Citizen
from helhed.tests.world import ROLES, build_world

LINK = re.compile(r'href="(/[^"#]*)')
SKIP = ("/logout/", "/sprog/", "/static/")
MAX_PAGES = 80


def _markers(citizen):
    """Strings that only appear on a page if the citizen's data is shown."""
    return [citizen.cpr_display, citizen.full_name, f"{citizen.last_name}, {citizen.first_name}"]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_showing_citizen_data_was_logged(client, db, settings, tmp_path, role):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    citizens = list(Citizen.objects.all())
    client.force_login(world.staff[role].user)
    queue, seen, checked = ["/"], set(), 0
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        before = set(AccessLogEntry.objects.values_list("pk", flat=True))
        response = client.get(url, follow=True)
        if response.status_code != 200:
            continue
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode("utf-8", errors="replace")
        logged = set(
            AccessLogEntry.objects.exclude(pk__in=before).values_list("citizen_id", flat=True)
        )
        for citizen in citizens:
            if any(marker in body for marker in _markers(citizen)):
                checked += 1
                assert citizen.pk in logged, f"{role}: {url} showed {citizen.full_name} without a read-log row"
        if response.get("Content-Type", "").startswith("text/html"):
            queue += [link for link in LINK.findall(body) if not link.startswith(SKIP)]
    if role != "admin":
        assert checked > 0, f"{role} reached no page with citizen data"
