import pytest

from helhed.citizens.models import AccessLogEntry
from helhed.offers.models import Referral, ReferralEvent


def test_the_provider_reads_the_referrals_addressed_to_it_and_each_read_is_logged(provider_api, referral,
                                                                                  other_referral, provider_client):
    response = provider_api.get("/henvisninger")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [r["id"] for r in body["items"]] == [referral.pk]
    assert body["items"][0]["citizen"]["cpr"] == "0101901234"
    log = AccessLogEntry.objects.get(citizen=referral.citizen)
    assert log.staff_id == provider_client.staff_id and log.reason == "api_referred" and log.path.startswith("/api/v1/")
    assert not AccessLogEntry.objects.filter(citizen=other_referral.citizen).exists()


def test_a_referral_to_another_provider_is_not_found(provider_api, other_referral):
    response = provider_api.get(f"/henvisninger/{other_referral.pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("/not-found")


def test_the_provider_accepts_a_referral_without_taking_it_from_its_mentors(provider_api, referral):
    response = provider_api.post(f"/henvisninger/{referral.pk}/status", {"state": "accepted"})
    assert response.status_code == 200, response.content
    referral.refresh_from_db()
    assert referral.state == Referral.State.ACCEPTED and referral.mentor_id is None


def test_a_rejection_without_a_reason_is_a_problem_in_danish_or_english(provider_api, referral):
    danish = provider_api.post(f"/henvisninger/{referral.pk}/status", {"state": "rejected"})
    assert danish.status_code == 422 and "note" in danish.json()["errors"]
    assert danish.json()["title"] == "Indholdet er ikke gyldigt"
    english = provider_api.post(f"/henvisninger/{referral.pk}/status", {"state": "rejected"}, language="en")
    assert english.json()["title"] == "The content is not valid"
    assert english.json()["errors"]["note"] == ["Give the reason the referral is rejected."]


def test_a_repeated_request_id_is_refused_and_writes_nothing(provider_api, referral):
    provider_api.post(f"/henvisninger/{referral.pk}/status", {"state": "accepted"}, request_id="r-1")
    first = provider_api.post(f"/henvisninger/{referral.pk}/fremdrift", {"note": "Første møde holdt."},
                              request_id="r-2")
    assert first.status_code == 201
    again = provider_api.post(f"/henvisninger/{referral.pk}/fremdrift", {"note": "Første møde holdt."},
                              request_id="r-2")
    assert again.status_code == 412 and again.json()["code"] == "request_id_used"
    assert ReferralEvent.objects.filter(referral=referral, note="Første møde holdt.").count() == 1


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nonsense"}])
def test_without_a_valid_token_the_api_answers_401_with_a_problem(client, referral, headers):
    response = client.get("/api/v1/henvisninger", headers=headers)
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"


def test_a_referral_read_costs_a_fixed_number_of_queries(provider_api, referral, caseworker, make_citizen, provider):
    """Token, client (with the account's roles), the referral, the citizen's access, the read log, the answer."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from helhed.api.tests.conftest import make_referral

    for i in range(5):
        make_referral(caseworker, make_citizen(caseworker, cpr=f"03039{i}1234", first=f"Borger{i}"), provider)
    for path, most in [("/henvisninger", 6), (f"/henvisninger/{referral.pk}", 8)]:
        with CaptureQueriesContext(connection) as queries:
            assert provider_api.get(path).status_code == 200
        assert len(queries) <= most, (path, [q["sql"][:120] for q in queries.captured_queries])
