"""The plan editor with many agreements from conversations: a list to tick, 20 in view and the rest behind "show
more"; the ticked ones become steps and the rest stay offered."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from helhed.conftest import PASSWORD
from helhed.plans import content as plan_content
from helhed.plans import services
from helhed.plans.models import Plan
from helhed.tests.browser import assert_accessible, assert_controls_visible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ticking_agreements_in_the_plan_editor(page, live_server, caseworker, citizen):
    from helhed.contact.services.appointments import register_afterwards

    services.save_plan(staff=caseworker, citizen=citizen, base_version=0, involvement="co_creation",
                       citizen_position="agrees",
                       content={**plan_content.empty(), "own_goal": "Jeg vil arbejde udenfor.", "steps": []})
    for n in range(3):
        register_afterwards(staff=caseworker, citizen=citizen, channel="office",
                            started_at=timezone.now() - datetime.timedelta(hours=5 - n),
                            agreed="\n".join(f"Aftale {n * 10 + i + 1}" for i in range(10)))
    log_in(page, live_server, "anne", PASSWORD)
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/plan/ret/")
    expect(page.get_by_role("group", name="30 aftaler fra samtaler er ikke med i planen endnu")).to_be_visible()
    assert_accessible(page)
    assert_controls_visible(page)
    page.get_by_role("checkbox", name=re.compile(r"^Aftale 2 \(")).check()
    page.get_by_text("Vis 10 aftaler mere").click()
    page.get_by_role("checkbox", name=re.compile(r"^Aftale 25 \(")).check()
    page.get_by_label("Hvad 1").fill("Besøge Café Kanten")
    page.get_by_label("Hvordan var borgeren involveret?").select_option("co_creation")
    page.get_by_label("Borgerens holdning").select_option("agrees")
    screenshot(page, "da-39-plan-aftaler")
    page.get_by_role("button", name="Gem planen").click()
    expect(page.get_by_text("Planen er gemt som en ny version")).to_be_visible()
    assert [s.text for s in Plan.objects.get().steps.all()] == ["Besøge Café Kanten", "Aftale 2", "Aftale 25"]
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/plan/ret/")
    expect(page.get_by_role("group", name="28 aftaler fra samtaler er ikke med i planen endnu")).to_be_visible()
