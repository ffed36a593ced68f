import datetime
import os

import pytest
from django.contrib.auth import get_user_model

from helhed.citizens import services as citizen_services
from helhed.core.models import Municipality, OrganisationUnit, Role, StaffMember, StaffRole
from helhed.tests.browser import browser, page  # noqa: F401  (one Chromium per test session, for every app's browser tests)

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls in the same test are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "test-password-123"


@pytest.fixture(autouse=True)
def _danish_and_fast(settings):
    settings.LANGUAGE_CODE = "da"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _development_identity_provider(settings):
    """The citizen portal signs in through Helhed's development provider, as under `make run` (HELHED_DEBUG=1)."""
    settings.DEV_IDP = True


@pytest.fixture(autouse=True)
def _nothing_remembered():
    """Leaders' figures are remembered in the cache (core.figures.remembered); a test's rows reuse ids of rolled-back
    ones, so no test may see figures kept by another."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def municipality(db):
    return Municipality.objects.create(code="999", name="Fjordby Kommune")


@pytest.fixture
def other_municipality(db):
    return Municipality.objects.create(code="998", name="Bakkeby Kommune")


@pytest.fixture
def make_staff(db):
    def make(municipality, username, role=Role.CASEWORKER, unit_name="Job & Aktivhuset", first="Anne", last="Sørensen"):
        unit, _ = OrganisationUnit.objects.get_or_create(
            municipality=municipality, name=unit_name, defaults={"kind": OrganisationUnit.Kind.EMPLOYMENT}
        )
        user = get_user_model().objects.create_user(username=username, password=PASSWORD, first_name=first, last_name=last)
        staff = StaffMember.objects.create(user=user, municipality=municipality, unit=unit)
        StaffRole.objects.create(staff=staff, role=role)
        return staff

    return make


@pytest.fixture
def caseworker(municipality, make_staff):
    return make_staff(municipality, "anne")


@pytest.fixture
def other_caseworker(municipality, make_staff):
    return make_staff(municipality, "bo", first="Bo", last="Ærenlund")


@pytest.fixture
def make_citizen():
    def make(staff, cpr="0101901234", first="Søren", last="Ågård", group="3", since=datetime.date(2025, 3, 1)):
        return citizen_services.create_citizen(
            staff=staff, cpr=cpr, first_name=first, last_name=last, target_group=group,
            target_group_from=since, target_group_reason="Visiteret ved første samtale.",
        )

    return make


@pytest.fixture
def citizen(caseworker, make_citizen):
    return make_citizen(caseworker)


@pytest.fixture
def caseworker_client(client, caseworker):
    client.force_login(caseworker.user)
    return client
