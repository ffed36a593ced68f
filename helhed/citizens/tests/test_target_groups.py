import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from helhed.citizens.models import TargetGroupPeriod
from helhed.citizens.services import add_closed_target_group_period, change_target_group

D = datetime.date


def test_change_closes_the_open_period_the_day_before(citizen, caseworker):
    change_target_group(staff=caseworker, citizen=citizen, group="2", valid_from=D(2025, 6, 1), reason="Klar til job.")
    periods = list(citizen.target_periods.order_by("valid_from"))
    assert [(p.group, p.valid_from, p.valid_to) for p in periods] == [
        ("3", D(2025, 3, 1), D(2025, 5, 31)),
        ("2", D(2025, 6, 1), None),
    ]


def test_change_starting_before_the_current_period_is_rejected_and_changes_nothing(citizen, caseworker):
    with pytest.raises(ValidationError) as error:
        change_target_group(staff=caseworker, citizen=citizen, group="2", valid_from=D(2025, 2, 1), reason="x")
    assert "valid_from" in error.value.message_dict
    assert list(citizen.target_periods.values_list("group", "valid_to")) == [("3", None)]


def test_change_overlapping_a_closed_period_is_rejected(citizen, caseworker):
    add_closed_target_group_period(
        staff=caseworker, citizen=citizen, group="2", valid_from=D(2024, 1, 1), valid_to=D(2024, 12, 31), reason="Tidligere"
    )
    with pytest.raises(ValidationError):
        add_closed_target_group_period(
            staff=caseworker, citizen=citizen, group="8", valid_from=D(2024, 6, 1), valid_to=D(2025, 1, 15), reason="x"
        )
    assert citizen.target_periods.count() == 2


def test_change_without_reason_is_rejected(citizen, caseworker):
    with pytest.raises(ValidationError) as error:
        change_target_group(staff=caseworker, citizen=citizen, group="2", valid_from=D(2025, 6, 1), reason="  ")
    assert "reason" in error.value.message_dict


def test_change_to_the_same_group_is_rejected(citizen, caseworker):
    with pytest.raises(ValidationError):
        change_target_group(staff=caseworker, citizen=citizen, group="3", valid_from=D(2025, 6, 1), reason="x")


@pytest.mark.parametrize("valid_from", [D(1989, 12, 31), D.today() + datetime.timedelta(days=400)])
def test_change_with_date_out_of_range_is_rejected(citizen, caseworker, valid_from):
    with pytest.raises(ValidationError) as error:
        change_target_group(staff=caseworker, citizen=citizen, group="2", valid_from=valid_from, reason="x")
    assert "valid_from" in error.value.message_dict


def test_overlapping_change_through_the_form_shows_the_error_and_keeps_the_input(caseworker_client, citizen):
    url = reverse("citizens:target_group_change", args=[citizen.pk])
    response = caseworker_client.post(url, {"group": "2", "valid_from": "2025-01-01", "reason": "Min begrundelse"})
    assert response.status_code == 200
    assert "Den nye periode skal begynde efter starten på den nuværende periode (01.03.2025)" in response.content.decode()
    assert "Min begrundelse" in response.content.decode()
    assert TargetGroupPeriod.objects.filter(citizen=citizen).count() == 1


def test_change_through_the_form_records_the_new_group(caseworker_client, citizen):
    url = reverse("citizens:target_group_change", args=[citizen.pk])
    response = caseworker_client.post(url, {"group": "8", "valid_from": "2025-09-01", "reason": "Indstillet af rehabiliteringsteamet."})
    assert response.status_code == 302
    assert citizen.target_periods.get(valid_to__isnull=True).group == "8"


# LAB § 6 nr. 4–5 are for people under 30. Born 15 March 1995: 30 on 15 March 2025.
BORN_1995 = "1503952345"


@pytest.fixture
def young_citizen(caseworker, make_citizen):
    return make_citizen(caseworker, cpr=BORN_1995, first="Ida", last="Holm", group="3", since=D(2024, 6, 1))


@pytest.mark.parametrize("group", ["4", "5"])
def test_group_4_or_5_is_refused_from_the_30th_birthday_and_the_message_cites_the_paragraph(
    caseworker, young_citizen, group
):
    with pytest.raises(ValidationError) as error:
        change_target_group(staff=caseworker, citizen=young_citizen, group=group, valid_from=D(2025, 3, 15), reason="x")
    message = " ".join(error.value.message_dict["group"])
    assert "§ 6" in message and "Ida Holm" in message and "30" in message
    assert list(young_citizen.target_periods.values_list("group", "valid_to")) == [("3", None)]


@pytest.mark.parametrize("group", ["4", "5"])
def test_group_4_or_5_is_allowed_the_day_before_the_30th_birthday(caseworker, young_citizen, group):
    period = change_target_group(
        staff=caseworker, citizen=young_citizen, group=group, valid_from=D(2025, 3, 14), reason="Uddannelse først."
    )
    assert period.group == group


def test_other_groups_are_open_at_30(caseworker, young_citizen):
    assert change_target_group(
        staff=caseworker, citizen=young_citizen, group="2", valid_from=D(2025, 3, 15), reason="Klar til job."
    ).group == "2"


def test_a_past_period_in_group_4_after_the_30th_birthday_is_refused(caseworker, young_citizen):
    with pytest.raises(ValidationError) as error:
        add_closed_target_group_period(
            staff=caseworker, citizen=young_citizen, group="4", valid_from=D(2025, 3, 20), valid_to=D(2025, 4, 30),
            reason="x",
        )
    assert "§ 6" in " ".join(error.value.message_dict["group"])


def test_a_citizen_of_30_is_not_created_in_group_5(caseworker, make_citizen):
    with pytest.raises(ValidationError):
        make_citizen(caseworker, cpr=BORN_1995, group="5", since=D(2025, 3, 15))
    assert not TargetGroupPeriod.objects.exists()


def test_the_form_shows_the_age_refusal_on_the_target_group_and_keeps_the_input(caseworker_client, young_citizen):
    url = reverse("citizens:target_group_change", args=[young_citizen.pk])
    response = caseworker_client.post(url, {"group": "5", "valid_from": "2025-06-01", "reason": "Min begrundelse"})
    assert response.status_code == 200
    assert any("§ 6" in e for e in response.context["form"].errors["group"])
    assert "Min begrundelse" in response.content.decode()
    assert TargetGroupPeriod.objects.filter(citizen=young_citizen).count() == 1
