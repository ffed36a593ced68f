import datetime

from django.urls import reverse

from helhed.citizens.models import SafetyMarker

IN_90_DAYS = (datetime.date.today() + datetime.timedelta(days=90)).isoformat()


def test_set_marker_through_the_form_records_who_and_review_date(caseworker_client, citizen, caseworker):
    response = caseworker_client.post(
        reverse("citizens:safety_marker_add", args=[citizen.pk]),
        {"reason": "Har truet en medarbejder. Mød kun to sammen.", "review_date": IN_90_DAYS},
    )
    assert response.status_code == 302
    marker = SafetyMarker.objects.get()
    assert (marker.set_by, marker.review_date.isoformat()) == (caseworker, IN_90_DAYS)


def test_marker_without_reason_or_with_past_review_date_is_rejected(caseworker_client, citizen):
    url = reverse("citizens:safety_marker_add", args=[citizen.pk])
    assert caseworker_client.post(url, {"reason": " ", "review_date": IN_90_DAYS}).status_code == 200
    assert caseworker_client.post(url, {"reason": "Trussel", "review_date": "2020-01-01"}).status_code == 200
    assert SafetyMarker.objects.count() == 0


def test_removed_marker_is_kept_with_who_removed_it_and_no_longer_shown(caseworker_client, citizen, caseworker):
    caseworker_client.post(reverse("citizens:safety_marker_add", args=[citizen.pk]),
                           {"reason": "Trussel mod personale", "review_date": IN_90_DAYS})
    marker = SafetyMarker.objects.get()
    caseworker_client.post(reverse("citizens:safety_marker_remove", args=[citizen.pk, marker.pk]))
    marker.refresh_from_db()
    assert marker.removed_at is not None and marker.removed_by == caseworker
    assert "Trussel mod personale" not in caseworker_client.get(reverse("casefile:overview", args=[citizen.pk])).content.decode()


def test_other_caseworker_cannot_remove_a_marker(client, citizen, caseworker, other_caseworker):
    from helhed.citizens.services import set_safety_marker

    marker = set_safety_marker(staff=caseworker, citizen=citizen, reason="Trussel",
                               review_date=datetime.date.today() + datetime.timedelta(days=30))
    client.force_login(other_caseworker.user)
    assert client.post(reverse("citizens:safety_marker_remove", args=[citizen.pk, marker.pk])).status_code == 404
    marker.refresh_from_db()
    assert marker.removed_at is None
