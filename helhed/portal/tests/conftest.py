import pytest
from django.test import Client

from helhed.portal.tests.helpers import portal_client, sign_in_as  # noqa: F401


@pytest.fixture
def citizen_client(client, citizen):
    """The test client, signed in to the portal as `citizen`."""
    return sign_in_as(client, citizen)


@pytest.fixture
def staff_client(caseworker):
    """A second client, logged in as the caseworker, beside the citizen's."""
    staff = Client()
    staff.force_login(caseworker.user)
    return staff
