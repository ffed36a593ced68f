"""Sign a citizen in to the portal in tests without the OpenID Connect dance (that has its own tests)."""

import time
from importlib import import_module

import pytest
from django.conf import settings

from helhed.portal.session import CITIZEN_KEY, LAST_SEEN_KEY


def sign_in_as(client, citizen):
    """Gives the test client a portal session for the citizen (the portal's own cookie, on the portal's path)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[CITIZEN_KEY] = citizen.pk
    store[LAST_SEEN_KEY] = time.time()
    store.save()
    client.cookies[settings.CITIZEN_SESSION_COOKIE_NAME] = store.session_key
    client.cookies[settings.CITIZEN_SESSION_COOKIE_NAME]["path"] = settings.CITIZEN_SESSION_PATH
    return client


@pytest.fixture
def portal_client(client):
    """A function: portal_client(citizen) returns the test client signed in to the portal as that citizen."""
    return lambda citizen: sign_in_as(client, citizen)
