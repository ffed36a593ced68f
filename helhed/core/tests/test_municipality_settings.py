"""The administrator sets the day the municipality took Helhed into use (the legal rules show nothing before it as
overdue)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from helhed.core.models import Municipality, Role
from helhed.core.services import update_municipality_settings

D = datetime.date


@pytest.fixture
def administrator(municipality, make_staff):
    return make_staff(municipality, "admin", role=Role.ADMIN)


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator.user)
    return client


def test_the_administrator_sets_the_takeover_date(admin_client, municipality):
    url = reverse("core:municipality_settings")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"takeover_on": "2026-09-01"})
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.takeover_on == D(2026, 9, 1)
    assert 'value="2026-09-01"' in admin_client.get(url).content.decode()


def test_the_takeover_date_can_be_cleared(admin_client, administrator, municipality):
    update_municipality_settings(staff=administrator, takeover_on=D(2026, 9, 1))
    admin_client.post(reverse("core:municipality_settings"), {"takeover_on": ""})
    municipality.refresh_from_db()
    assert municipality.takeover_on is None


def test_the_administrator_changes_only_their_own_municipality(admin_client, municipality, other_municipality):
    admin_client.post(reverse("core:municipality_settings"), {"takeover_on": "2026-09-01"})
    other_municipality.refresh_from_db()
    assert other_municipality.takeover_on is None


@pytest.mark.parametrize("day", [D(1999, 12, 31), timezone.localdate() + datetime.timedelta(days=400)],
                         ids=["before-2000", "over-a-year-ahead"])
def test_a_takeover_date_out_of_range_is_refused_and_nothing_is_saved(admin_client, administrator, municipality, day):
    update_municipality_settings(staff=administrator, takeover_on=D(2026, 9, 1))
    response = admin_client.post(reverse("core:municipality_settings"), {"takeover_on": day.isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors["takeover_on"]
    assert f'value="{day.isoformat()}"' in response.content.decode()
    municipality.refresh_from_db()
    assert municipality.takeover_on == D(2026, 9, 1)
    with pytest.raises(ValidationError):
        update_municipality_settings(staff=administrator, takeover_on=day)


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMIN])
def test_only_the_administrator_may_change_the_settings(client, municipality, make_staff, role):
    staff = make_staff(municipality, f"user-{role}", role=role)
    client.force_login(staff.user)
    url = reverse("core:municipality_settings")
    assert client.get(url).status_code == 403
    assert client.post(url, {"takeover_on": "2026-09-01"}).status_code == 403
    assert Municipality.objects.get(pk=municipality.pk).takeover_on is None


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    response = client.get(reverse("core:municipality_settings"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
