from django.urls import reverse

from helhed.citizens.models import Case, Citizen

VALID = {
    "cpr": "010190-1234", "first_name": "Åse", "last_name": "Bøgh-Ærø", "preferred_language": "da",
    "group": "3", "valid_from": "2025-10-01", "reason": "Har brug for at få styr på helbredet først.",
}


def test_create_citizen_opens_a_case_with_me_responsible(caseworker_client, caseworker):
    response = caseworker_client.post(reverse("citizens:create"), VALID)
    citizen = Citizen.objects.get(cpr="0101901234")
    assert response.status_code == 302
    assert citizen.full_name == "Åse Bøgh-Ærø"
    assert Case.objects.get(citizen=citizen).responsible == caseworker
    assert citizen.target_periods.get().group == "3"


def test_invalid_cpr_gives_a_clear_message_and_creates_nothing(caseworker_client):
    response = caseworker_client.post(reverse("citizens:create"), {**VALID, "cpr": "320290-1234"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "fødselsdato" in page  # "De første seks cifre er ikke en gyldig fødselsdato ..."
    assert 'value="Åse"' in page  # the rest of the input is kept
    assert Citizen.objects.count() == 0 and Case.objects.count() == 0


def test_duplicate_cpr_in_the_municipality_is_rejected(caseworker_client, citizen):
    response = caseworker_client.post(reverse("citizens:create"), {**VALID, "cpr": citizen.cpr})
    assert response.status_code == 200
    assert Citizen.objects.count() == 1


def test_target_group_date_out_of_range_creates_nothing(caseworker_client):
    response = caseworker_client.post(reverse("citizens:create"), {**VALID, "valid_from": "1900-01-01"})
    assert response.status_code == 200
    assert Citizen.objects.count() == 0
