from unittest import mock

from django.db import DatabaseError
from django.urls import reverse

from helhed.core import views


def test_liveness_answers_without_login(client):
    response = client.get(reverse("healthz"))
    assert (response.status_code, response.content) == (200, b"ok")


def test_readiness_checks_the_database_and_the_migrations(client, db):
    views._migrated = False
    response = client.get(reverse("readyz"))
    assert (response.status_code, response.content) == (200, b"ready")


def test_readiness_fails_while_migrations_are_pending(client, db):
    views._migrated = False
    with mock.patch.object(views.MigrationExecutor, "migration_plan", return_value=[("app", False)]):
        response = client.get(reverse("readyz"))
    assert response.status_code == 503 and b"1 migrations not applied" in response.content


def test_readiness_fails_when_the_database_does_not_answer(client, db):
    with mock.patch.object(views.connection, "cursor", side_effect=DatabaseError("down")):
        response = client.get(reverse("readyz"))
    assert response.status_code == 503 and b"database unavailable" in response.content
