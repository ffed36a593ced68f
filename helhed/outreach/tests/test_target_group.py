"""The local target group: residents of the office's area on benefit, a count for everyone, names only for the
residents the viewer has a reason to see, and the consent to share with the housing social plan."""

import pytest
from django.urls import reverse

from helhed.citizens.models import Consent
from helhed.outreach import selectors

pytestmark = pytest.mark.django_db


def test_the_target_group_is_the_areas_residents_on_benefit(caseworker, office, make_resident):
    inside = make_resident(caseworker)
    make_resident(caseworker, first="Uden", last="Ydelse", benefit=False)
    make_resident(caseworker, first="Anden", last="By", postal_code="8000")
    assert list(selectors.area_residents(office)) == [inside]
    office.area_streets = "Skolevej"
    office.save()
    assert not selectors.area_residents(office).exists()  # narrowed to streets: Østparken is not one of them
    office.area_streets = "Skolevej\nØstparken"
    office.save()
    assert list(selectors.area_residents(office)) == [inside]


def test_names_only_for_the_residents_one_has_a_reason_to_see(client, caseworker, other_caseworker, office,
                                                              make_resident):
    make_resident(caseworker, first="Karim", last="Ahmadi")
    make_resident(other_caseworker, first="Mette", last="Holm")
    client.force_login(caseworker.user)
    page = client.get(reverse("outreach:target_group", args=[office.pk])).content.decode()
    assert "Karim Ahmadi" in page and "Mette" not in page


def test_the_residents_consent_to_share_with_the_housing_plan_is_recorded(client, caseworker, office, housing_plan,
                                                                          make_resident):
    resident = make_resident(caseworker)
    client.force_login(caseworker.user)
    client.post(reverse("outreach:housing_consent", args=[office.pk, resident.pk]))
    consent = Consent.objects.get(citizen=resident)
    assert consent.recipient_unit == housing_plan and consent.legal_basis == Consent.LegalBasis.FORVALTNINGSLOVEN_28
    assert selectors.housing_consents(office, [resident.pk]) == {resident.pk}
