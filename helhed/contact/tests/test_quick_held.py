"""The quick "Held" in the appointment list: with htmx the answer is just the updated line; without JavaScript the
same form posts and the page loads again."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from helhed.contact.models import Appointment, JournalNote

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def started(caseworker, citizen):
    start = timezone.now() - datetime.timedelta(minutes=5)
    return Appointment.objects.create(municipality=citizen.municipality, citizen=citizen, organiser=caseworker,
                                      booked_by=caseworker, starts_at=start, ends_at=start + datetime.timedelta(minutes=30))


def _url(appointment):
    return reverse("contact:appointment_held", args=[appointment.citizen_id, appointment.pk])


def test_the_list_offers_a_quick_held_that_posts_with_htmx_and_without(caseworker_client, citizen, started):
    html = caseworker_client.get(reverse("casefile:overview", args=[citizen.pk])).content.decode()
    assert f'<form class="d-inline" method="post" action="{_url(started)}" hx-post="{_url(started)}"' in html
    assert 'hx-target="closest .appointment-line" hx-swap="outerHTML"' in html


def test_with_htmx_quick_held_answers_with_just_the_updated_line(caseworker_client, citizen, started):
    response = caseworker_client.post(_url(started), {"citizen_took_part": "on"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    assert html.startswith(f'<li class="appointment-line" id="appointment-{started.pk}">') and "<html" not in html
    assert '<span class="badge badge-success">Afholdt</span>' in html
    assert "Samtalen er registreret som afholdt" in html and "<form" not in html
    started.refresh_from_db()
    assert started.status == "held" and started.record.citizen_took_part
    assert "Søren Ågård" in JournalNote.objects.get(citizen=citizen).text  # written from the appointment
    # The message was shown in the line; the next page does not repeat it.
    page = caseworker_client.get(reverse("casefile:overview", args=[citizen.pk])).content.decode()
    assert "Samtalen er registreret som afholdt" not in page


def test_without_javascript_quick_held_loads_the_citizen_page(caseworker_client, citizen, started):
    response = caseworker_client.post(_url(started), {"citizen_took_part": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("casefile:overview", args=[citizen.pk])
    started.refresh_from_db()
    assert started.status == "held"


def test_quick_held_on_an_appointment_a_colleague_already_settled_says_so_in_the_line(caseworker_client, started):
    caseworker_client.post(_url(started), {"citizen_took_part": "on"}, **HTMX)
    response = caseworker_client.post(_url(started), {"citizen_took_part": "on"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith('<li class="appointment-line"')
    assert "allerede markeret som afholdt" in html
    assert JournalNote.objects.count() == 1


def test_quick_held_that_the_service_refuses_shows_why_in_the_line(caseworker_client, started):
    later = timezone.now() + datetime.timedelta(hours=2)
    Appointment.objects.filter(pk=started.pk).update(starts_at=later, ends_at=later + datetime.timedelta(minutes=30))
    html = caseworker_client.post(_url(started), {"citizen_took_part": "on"}, **HTMX).content.decode()
    assert html.startswith('<li class="appointment-line"') and "ikke begyndt" in html
    started.refresh_from_db()
    assert started.status == "booked"
