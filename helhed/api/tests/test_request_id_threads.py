"""A repeated x-requestId never makes a second row, also when the retries arrive at the same moment: eight threads
send the same write with one request id; one gets 201, the others 412, and there is one new ReferralEvent.

transactional_db: each thread has its own database connection, and sees the world only when it is committed."""

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client

from helhed.api.tests.conftest import Api, token_for
from helhed.offers.models import Referral, ReferralEvent

THREADS = 8


@pytest.fixture
def started(caseworker, citizen, provider):
    from helhed.api.tests.conftest import make_referral

    return make_referral(caseworker, citizen, provider, state=Referral.State.STARTED)


def _at_once(send):
    """`send()` in THREADS threads released together; the statuses, or the exceptions raised."""
    barrier = threading.Barrier(THREADS)
    results = [None] * THREADS

    def worker(index):
        try:
            barrier.wait(timeout=30)
            results[index] = send()
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True)
def test_one_request_id_sent_by_eight_threads_at_once_writes_one_row(started, provider_client):
    token = token_for(provider_client)
    request_id = uuid.uuid4().hex
    before = ReferralEvent.objects.filter(referral=started).count()

    def send():
        response = Api(Client(), token).post(f"/henvisninger/{started.pk}/fremdrift",
                                              {"note": "Mødte op og var i gang."}, request_id=request_id)
        return response.status_code, response.get("Content-Type", "")

    results = _at_once(send)
    statuses = sorted(r[0] if isinstance(r, tuple) else repr(r) for r in results)
    assert statuses == [201] + [412] * (THREADS - 1), statuses
    assert all(r[1].startswith("application/problem+json") for r in results if r[0] == 412)
    assert ReferralEvent.objects.filter(referral=started).count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_different_request_ids_at_once_each_write_their_row(started, provider_client):
    token = token_for(provider_client)
    before = ReferralEvent.objects.filter(referral=started).count()

    def send():
        return Api(Client(), token).post(f"/henvisninger/{started.pk}/fremdrift", {"note": "Fremdrift."}).status_code

    results = _at_once(send)
    assert sorted(map(repr, results)) == ["201"] * THREADS, results
    assert ReferralEvent.objects.filter(referral=started).count() == before + THREADS
