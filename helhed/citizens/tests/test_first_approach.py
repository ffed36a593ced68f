"""The citizen's first approach to the kommune for help (første henvendelse, LAB § 31 stk. 5), on the case."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from helhed.citizens.models import Case, Citizen
from helhed.citizens.services import update_case
from helhed.citizens.signals import facts_changed

D = datetime.date
VALID = {
    "cpr": "010190-1234", "first_name": "Åse", "last_name": "Bøgh-Ærø", "preferred_language": "da",
    "group": "3", "valid_from": "2025-10-01", "reason": "Har brug for at få styr på helbredet først.",
}


def _tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def test_creating_a_citizen_records_the_first_approach_on_the_new_case(caseworker_client):
    response = caseworker_client.post(reverse("citizens:create"), {**VALID, "first_approach_on": "2025-09-24"})
    assert response.status_code == 302
    assert Case.objects.get(citizen__cpr="0101901234").first_approach_on == D(2025, 9, 24)


def test_creating_a_citizen_without_a_first_approach_leaves_it_empty(caseworker_client):
    caseworker_client.post(reverse("citizens:create"), VALID)
    assert Case.objects.get(citizen__cpr="0101901234").first_approach_on is None


@pytest.mark.parametrize("day", [_tomorrow(), D(1999, 12, 31)], ids=["future", "before-2000"])
def test_creating_a_citizen_with_a_first_approach_out_of_range_creates_nothing_and_keeps_the_input(
    caseworker_client, day
):
    response = caseworker_client.post(reverse("citizens:create"), {**VALID, "first_approach_on": day.isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors["first_approach_on"]
    page = response.content.decode()
    assert f'value="{day.isoformat()}"' in page and 'value="Åse"' in page and "Har brug for at få styr" in page
    assert Citizen.objects.count() == 0 and Case.objects.count() == 0


def test_the_first_approach_is_recorded_on_the_open_case_afterwards(caseworker_client, citizen):
    url = reverse("citizens:case_edit", args=[citizen.pk])
    assert caseworker_client.get(url).status_code == 200
    response = caseworker_client.post(url, {"first_approach_on": "2025-02-24"})
    assert response.status_code == 302
    assert Case.objects.get(citizen=citizen).first_approach_on == D(2025, 2, 24)


def test_the_overview_shows_the_first_approach_beside_the_opening_of_the_case(caseworker_client, caseworker, citizen):
    overview = reverse("casefile:overview", args=[citizen.pk])
    page = caseworker_client.get(overview).content.decode()
    assert reverse("citizens:case_edit", args=[citizen.pk]) in page
    assert "24.02.2025" not in page
    update_case(staff=caseworker, citizen=citizen, first_approach_on=D(2025, 2, 24))
    assert "24.02.2025" in caseworker_client.get(overview).content.decode()


@pytest.mark.parametrize("day", [_tomorrow(), D(1999, 12, 31)], ids=["future", "before-2000"])
def test_editing_the_case_with_a_first_approach_out_of_range_changes_nothing_and_keeps_the_input(
    caseworker_client, caseworker, citizen, day
):
    update_case(staff=caseworker, citizen=citizen, first_approach_on=D(2025, 2, 24))
    response = caseworker_client.post(
        reverse("citizens:case_edit", args=[citizen.pk]), {"first_approach_on": day.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["first_approach_on"]
    assert f'value="{day.isoformat()}"' in response.content.decode()
    assert Case.objects.get(citizen=citizen).first_approach_on == D(2025, 2, 24)


@pytest.mark.parametrize("day", [_tomorrow(), D(1999, 12, 31)], ids=["future", "before-2000"])
def test_the_service_refuses_a_first_approach_out_of_range(caseworker, citizen, day):
    with pytest.raises(ValidationError) as error:
        update_case(staff=caseworker, citizen=citizen, first_approach_on=day)
    assert "first_approach_on" in error.value.message_dict


def test_the_first_approach_may_be_today_or_1_january_2000(caseworker, citizen):
    for day in (timezone.localdate(), D(2000, 1, 1)):
        assert update_case(staff=caseworker, citizen=citizen, first_approach_on=day).first_approach_on == day


def test_a_recorded_first_approach_can_be_cleared(caseworker_client, caseworker, citizen):
    update_case(staff=caseworker, citizen=citizen, first_approach_on=D(2025, 2, 24))
    caseworker_client.post(reverse("citizens:case_edit", args=[citizen.pk]), {"first_approach_on": ""})
    assert Case.objects.get(citizen=citizen).first_approach_on is None


def test_changing_the_first_approach_tells_the_rules(caseworker, citizen):
    received = []

    def receiver(citizen, **kwargs):
        received.append(citizen.pk)

    facts_changed.connect(receiver)
    try:
        update_case(staff=caseworker, citizen=citizen, first_approach_on=D(2025, 2, 24))
        update_case(staff=caseworker, citizen=citizen, first_approach_on=D(2025, 2, 24))  # unchanged: no signal
    finally:
        facts_changed.disconnect(receiver)
    assert received == [citizen.pk]


def test_only_a_writer_on_the_citizen_edits_the_case(client, citizen, other_caseworker):
    client.force_login(other_caseworker.user)
    url = reverse("citizens:case_edit", args=[citizen.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"first_approach_on": "2025-02-24"}).status_code == 404
    assert Case.objects.get(citizen=citizen).first_approach_on is None
