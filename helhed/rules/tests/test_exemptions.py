"""§ 106 exemptions: a closed list of grounds, each with its longest duration, naming what they cover."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from helhed.citizens.models import TargetGroupPeriod
from helhed.rules.models import ObligationExemption
from helhed.rules.services import exempt

D = datetime.date


def _exempt(caseworker, citizen, **overrides):
    values = {"ground": "job", "covers": ["kontaktforloeb"], "reason": "Kontrakt på fuldtidsjob fra 1. marts",
              "valid_from": D(2026, 2, 1), "valid_to": D(2026, 2, 28)}
    return exempt(staff=caseworker, citizen=citizen, **{**values, **overrides})


def _errors(caseworker, citizen, **overrides):
    with pytest.raises(ValidationError) as error:
        _exempt(caseworker, citizen, **overrides)
    assert not ObligationExemption.objects.filter(citizen=citizen).exists()
    return error.value.message_dict


def test_an_exemption_on_a_listed_ground_names_what_it_covers(caseworker, citizen):
    exemption = _exempt(caseworker, citizen, covers=["kontaktforloeb", "first_jobsamtale"])
    assert (exemption.ground, exemption.covers) == ("job", ["first_jobsamtale", "kontaktforloeb"])


def test_an_exemption_must_have_an_end_date(caseworker, citizen):
    assert "valid_to" in _errors(caseworker, citizen, valid_to=None)


def test_an_exemption_cannot_outlast_its_grounds_longest_duration(caseworker, citizen):
    message = _errors(caseworker, citizen, valid_to=D(2026, 3, 15))["valid_to"][0]
    assert "42" in message and "§ 106, stk. 1, nr. 1" in message


def test_an_unlisted_ground_is_refused(caseworker, citizen):
    assert "ground" in _errors(caseworker, citizen, ground="sick")
    assert "ground" in _errors(caseworker, citizen, ground="unlisted")  # kept for old rows, never chosen


@pytest.mark.parametrize("rule_id", ["coordinating_caseworker", "plan"])
def test_the_coordinating_caseworker_and_the_plan_can_never_be_exempted(caseworker, citizen, rule_id):
    assert "covers" in _errors(caseworker, citizen, covers=["kontaktforloeb", rule_id])


def test_an_exemption_must_name_what_it_covers(caseworker, citizen):
    assert "covers" in _errors(caseworker, citizen, covers=[])
    assert "covers" in _errors(caseworker, citizen, covers=["first_jobsamtal"])


def test_the_education_ground_is_not_for_target_groups_4_and_5(caseworker, citizen):
    TargetGroupPeriod.objects.filter(citizen=citizen).update(group="4")
    message = _errors(caseworker, citizen, ground="education")["ground"][0]
    assert "nr. 4" in message


def test_a_rule_that_can_never_be_exempted_is_refused_on_the_page(caseworker_client, citizen):
    url = reverse("helhed_rules:exemption_add", args=[citizen.pk]) + "?regel=coordinating_caseworker"
    response = caseworker_client.get(url)
    assert response.status_code == 404 and "§ 36" in response.content.decode()


def test_the_page_records_an_exemption_and_keeps_the_input_on_an_error(caseworker_client, citizen):
    url = reverse("helhed_rules:exemption_add", args=[citizen.pk]) + "?regel=kontaktforloeb"
    page = caseworker_client.get(url).content.decode()
    assert 'value="kontaktforloeb"' in page and "nr. 4" in page
    data = {"ground": "job", "covers": ["kontaktforloeb"], "reason": "Kontrakt på fuldtidsjob",
            "valid_from": "2026-12-01", "valid_to": "2027-03-01"}
    response = caseworker_client.post(url, data)
    assert response.status_code == 200 and "Kontrakt på fuldtidsjob" in response.content.decode()
    assert not ObligationExemption.objects.filter(citizen=citizen).exists()
    response = caseworker_client.post(url, {**data, "valid_to": "2026-12-31"})
    assert response.status_code == 302
    assert ObligationExemption.objects.get(citizen=citizen).covers == ["kontaktforloeb"]
