"""Responses that carry personal data are never stored by the browser or a proxy; static files stay cacheable."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from helhed.core.models import Role
from helhed.tests.world import build_world


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


@pytest.fixture
def caseworker_client(client, world):
    client.force_login(world.staff[Role.CASEWORKER].user)
    return client


def _assert_not_stored(response):
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Pragma"] == "no-cache"


def test_citizen_overview_is_not_stored(caseworker_client, world):
    _assert_not_stored(caseworker_client.get(f"/borgere/{world.own.pk}/"))


def test_document_download_is_not_stored(caseworker_client, world):
    document_pk = world.objects[world.own.pk]["document_pk"]
    response = caseworker_client.get(reverse("contact:document_download", args=[world.own.pk, document_pk]))
    _assert_not_stored(response)
    assert response["Content-Disposition"].startswith("attachment")


def test_plan_pdf_is_not_stored(caseworker_client, world):
    response = caseworker_client.get(reverse("plans:plan_pdf", args=[world.own.pk]))
    _assert_not_stored(response)
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("name", ["audit:citizen_export_json", "audit:citizen_export_html", "audit:citizen_export_pdf"])
def test_insight_export_is_not_stored(caseworker_client, world, name):
    _assert_not_stored(caseworker_client.get(reverse(name, args=[world.own.pk])))


def test_calendar_feed_is_not_stored(client, world):
    # No login: the secret address is the key, and the feed names citizens and appointments.
    _assert_not_stored(client.get(reverse("contact:ical_feed", args=[world.objects["token"]])))


def test_login_page_is_not_stored(client):
    _assert_not_stored(client.get("/login/"))


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_static_files_stay_cacheable(db):
    response = Client().get("/static/helhed.css")  # a new client, so WhiteNoise is set up with these settings
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Pragma" not in response
