"""Every integer that arrives in a request is range-checked: one beyond the database's range is a form error (or
a page not found), never an OverflowError and a 500."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from helhed.contact.models import Appointment
from helhed.core.validation import MAX_ID

pytestmark = pytest.mark.django_db
TOO_BIG = str(MAX_ID + 1)  # 9223372036854775808


@pytest.mark.parametrize("other_staff", [TOO_BIG, "-1", "0", "1e3", "abc"])
def test_a_staff_id_out_of_range_on_the_booking_form_is_a_form_error(caseworker_client, citizen, other_staff):
    day = timezone.localdate() + datetime.timedelta(days=3)
    response = caseworker_client.post(reverse("contact:appointment_book", args=[citizen.pk]), {
        "kind": "jobsamtale", "date": day.isoformat(), "time": "10:00", "duration_minutes": "30", "channel": "office",
        "other_staff": other_staff, "place": "Lokale 4",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "Andre medarbejdere, der deltager" in html and "Marker en gyldig valgmulighed" in html and 'value="Lokale 4"' in html
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("name", [
    "contact:appointment_detail", "contact:appointment_move", "contact:appointment_held", "contact:appointment_not_held",
])
def test_an_appointment_id_out_of_range_in_the_address_is_not_found(caseworker_client, citizen, name):
    caseworker_client.raise_request_exception = False
    url = reverse(name, args=[citizen.pk, 1]).replace("/aftaler/1/", f"/aftaler/{TOO_BIG}/")
    assert caseworker_client.get(url).status_code == 404
    assert caseworker_client.post(url, {"citizen_took_part": "on"}).status_code == 404


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("name", ["contact:appointment_book", "contact:conversation_afterwards"])
def test_a_date_at_the_ends_of_the_calendar_is_a_form_error(caseworker_client, citizen, name, date):
    response = caseworker_client.post(reverse(name, args=[citizen.pk]), {
        "kind": "jobsamtale", "date": date, "time": "10:00", "duration_minutes": "30", "channel": "office",
    })
    assert response.status_code == 200 and not Appointment.objects.exists()
    assert "Datoen kan" in response.content.decode()
