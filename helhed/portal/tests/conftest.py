import pytest

from helhed.portal.tests.helpers import portal_client  # noqa: F401


@pytest.fixture(autouse=True)
def _no_rate_limit_between_tests():
    from django.core.cache import cache
    cache.clear()
