"""'Who has looked at my case' (the read log, staff names only by the kommune's policy) and 'my data' (the insight
export, self-served as PDF and JSON), and the citizen's portal actions in the data-protection officer's history."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helhed.audit.models import StatedReasonAccess
from helhed.audit.selectors import CHANGE_REASONS, citizen_history
from helhed.citizens.access import reason_label
from helhed.citizens.models import AccessLogEntry
from helhed.citizens.pages import page_title
from helhed.core.models import Role, role_label
from helhed.portal.models import PortalEvent, PortalPolicy
from helhed.portal.services.actions import record_action
from helhed.portal.tests.helpers import sign_in_as

STAFF_NAME = "Anne Sørensen"  # the caseworker fixture


@pytest.fixture
def citizen_client(citizen):
    return sign_in_as(Client(), citizen)


@pytest.fixture
def looked_at(caseworker_client, citizen):
    """The caseworker opens the citizen's case file: the read log gets a row."""
    assert caseworker_client.get(reverse("casefile:overview", args=[citizen.pk]), follow=True).status_code == 200
    entry = AccessLogEntry.objects.filter(citizen=citizen).order_by("-at", "-pk").first()
    assert entry is not None and entry.role == Role.CASEWORKER
    return entry


def test_who_looked_lists_a_staff_view_with_role_and_reason_but_no_name(citizen_client, looked_at):
    page = citizen_client.get(reverse("portal:who_looked"))
    assert page.status_code == 200
    look = page.context["looks"][0]
    assert look["role"] == role_label(Role.CASEWORKER) and look["reason"] == reason_label(looked_at.reason)
    assert look["page"] == page_title(looked_at.page) and look["page"] != looked_at.page
    assert look["name"] == "" and page.context["names"] is False
    html = page.content.decode()
    assert str(look["role"]) in html and str(look["reason"]) in html
    assert "Sørensen" not in html


def test_who_looked_shows_the_name_where_the_kommune_allows_it(citizen_client, looked_at, municipality):
    PortalPolicy.objects.create(municipality=municipality, show_staff_names=True)
    page = citizen_client.get(reverse("portal:who_looked"))
    assert page.context["looks"][0]["name"] == STAFF_NAME and STAFF_NAME in page.content.decode()


def test_a_policy_that_says_no_keeps_the_names_hidden(citizen_client, looked_at, municipality):
    PortalPolicy.objects.create(municipality=municipality, show_staff_names=False)
    assert "Sørensen" not in citizen_client.get(reverse("portal:who_looked")).content.decode()


def test_who_looked_shows_only_the_citizens_own_rows_newest_first_fifty_a_page(citizen_client, citizen, caseworker,
                                                                               make_citizen):
    other = make_citizen(caseworker, cpr="0202902345", first="Ida")
    start = timezone.now() - datetime.timedelta(days=30)
    rows = [AccessLogEntry(municipality=citizen.municipality, user=caseworker.user, staff=caseworker, citizen=who,
                           at=start + datetime.timedelta(hours=n), role=Role.CASEWORKER, page="casefile:overview",
                           path=f"/borgere/{who.pk}/", reason="responsible_caseworker")
            for n in range(120) for who in (citizen, other)]
    AccessLogEntry.objects.bulk_create(rows)
    first = citizen_client.get(reverse("portal:who_looked"))
    assert len(first.context["looks"]) == 50 and first.context["page"].paginator.count == 120
    ats = [look["at"] for look in first.context["looks"]]
    assert ats == sorted(ats, reverse=True) and ats[0] == start + datetime.timedelta(hours=119)
    assert 'href="?side=2"' in first.content.decode() and len(first.content) < 100_000
    last = citizen_client.get(reverse("portal:who_looked"), {"side": "3"})
    assert len(last.context["looks"]) == 20 and 'href="?side=2"' in last.content.decode()
    assert last.context["looks"][-1]["at"] == start
    for wrong in ("abc", "0", "-1", "9" * 40):
        assert citizen_client.get(reverse("portal:who_looked"), {"side": wrong}).status_code == 200


def test_who_looked_with_nothing_logged(citizen_client):
    page = citizen_client.get(reverse("portal:who_looked"))
    assert page.status_code == 200 and page.context["looks"] == []


def test_my_data_page_links_both_downloads(citizen_client):
    page = citizen_client.get(reverse("portal:my_data"))
    html = page.content.decode()
    assert page.status_code == 200
    assert reverse("portal:my_data_pdf") in html and reverse("portal:my_data_json") in html


def test_my_data_pdf_is_a_pdf_and_is_recorded(citizen_client, citizen):
    response = citizen_client.get(reverse("portal:my_data_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and response["Content-Disposition"].startswith("attachment")
    event = PortalEvent.objects.get(citizen=citizen, action=PortalEvent.Action.DATA_DOWNLOADED)
    assert event.about == "PDF" and event.history.get().history_change_reason == "portal"


def test_my_data_json_holds_the_citizens_data_and_nothing_about_another(citizen_client, citizen, caseworker,
                                                                         make_citizen, looked_at):
    other = make_citizen(caseworker, cpr="0202902345", first="Ida", last="Østergaard")
    response = citizen_client.get(reverse("portal:my_data_json"))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["citizens.citizen"] == [
        row for row in data["citizens.citizen"] if row["cpr"] == citizen.cpr and row["first_name"] == "Søren"]
    assert len(data["citizens.citizen"]) == 1
    body = response.content.decode()
    assert other.cpr not in body and "Østergaard" not in body and f'"citizen": {other.pk}' not in body
    log = data["citizens.accesslogentry"]
    assert log and all("user" not in row for row in log) and STAFF_NAME not in body  # the policy holds here too
    assert PortalEvent.objects.get(citizen=citizen, action=PortalEvent.Action.DATA_DOWNLOADED).about == "JSON"


def test_my_data_json_names_staff_where_the_kommune_allows_it(citizen_client, municipality, looked_at):
    PortalPolicy.objects.create(municipality=municipality, show_staff_names=True)
    data = json.loads(citizen_client.get(reverse("portal:my_data_json")).content)
    assert data["citizens.accesslogentry"][0]["user"] == STAFF_NAME


def test_the_downloads_need_a_signed_in_citizen(client, db):
    for name in ("portal:who_looked", "portal:my_data", "portal:my_data_pdf", "portal:my_data_json"):
        assert client.get(reverse(name))["Location"] == reverse("portal:front")
    assert not PortalEvent.objects.exists()


def test_the_change_history_names_the_citizens_portal_actions(citizen, make_staff):
    record_action(citizen, PortalEvent.Action.DATA_DOWNLOADED, about="PDF")
    change = next(c for c in citizen_history(citizen) if c["object_id"] == PortalEvent.objects.get().pk)
    assert change["reason"] == str(CHANGE_REASONS["portal"]) and change["reason"]
    assert change["user"] == change["reason"]
    dpo = make_staff(citizen.municipality, "dpo", role=Role.DATA_PROTECTION, first="Dorte")
    StatedReasonAccess.objects.create(
        municipality=citizen.municipality, staff=dpo, citizen=citizen, kind=StatedReasonAccess.Kind.DATA_PROTECTION,
        reason="Indsigtsanmodning fra borgeren.", expires_at=timezone.now() + datetime.timedelta(minutes=60))
    client = Client()
    client.force_login(dpo.user)
    page = client.get(reverse("audit:citizen_history", args=[citizen.pk]))
    assert page.status_code == 200
    assert any(c["reason"] == change["reason"] for c in page.context["changes"])
    assert str(change["reason"]) in page.content.decode()


def test_a_staff_change_keeps_the_staff_members_name_in_the_history(citizen, caseworker):
    changes = citizen_history(citizen)
    assert changes and all(c["user"] != str(CHANGE_REASONS["portal"]) for c in changes)
    assert all(set(c) >= {"reason", "user"} for c in changes)


def test_the_readable_export_leaves_the_read_logs_staff_names_out_unless_allowed(citizen, looked_at, municipality):
    from helhed.portal.views.mydata import _readable

    title = str(AccessLogEntry._meta.verbose_name_plural)
    user_column = str(AccessLogEntry._meta.get_field("user").verbose_name)

    def read_log():
        return next(s for s in _readable(citizen) if str(s["title"]) == title)

    hidden = read_log()
    assert user_column not in [str(c) for c in hidden["columns"]] and hidden["rows"]
    assert all(STAFF_NAME not in row for row in hidden["rows"])
    assert all(len(row) == len(hidden["columns"]) for row in hidden["rows"])
    PortalPolicy.objects.create(municipality=municipality, show_staff_names=True)
    assert any(STAFF_NAME in row for row in read_log()["rows"])


def test_the_self_served_copy_leaves_out_safety_markers_and_the_names_on_stated_accesses(client, citizen, caseworker):
    import datetime

    from django.utils import timezone

    from helhed.audit.models import StatedReasonAccess
    from helhed.citizens import services as citizen_services
    from helhed.portal.tests.helpers import sign_in_as

    citizen_services.set_safety_marker(staff=caseworker, citizen=citizen, reason="Mød borgeren to sammen.",
                                       review_date=timezone.localdate() + datetime.timedelta(days=30))
    StatedReasonAccess.objects.create(municipality=citizen.municipality, citizen=citizen, staff=caseworker,
                                      kind="break_the_glass", reason="Tjek af sagen.",
                                      expires_at=timezone.now() + datetime.timedelta(hours=1))
    sign_in_as(client, citizen)
    data = client.get("/borger/mine-data/json/").json()
    assert "citizens.safetymarker" not in data
    assert data["audit.statedreasonaccess"][0]["reason"] == "Tjek af sagen."
    assert "staff" not in data["audit.statedreasonaccess"][0]
    from helhed.citizens.models import SafetyMarker
    from helhed.portal.views.mydata import _readable

    sections = {str(section["title"]): section for section in _readable(citizen)}
    assert str(SafetyMarker._meta.verbose_name_plural) not in sections
    stated = sections[str(StatedReasonAccess._meta.verbose_name_plural)]
    assert str(StatedReasonAccess._meta.get_field("staff").verbose_name) not in [str(c) for c in stated["columns"]]
