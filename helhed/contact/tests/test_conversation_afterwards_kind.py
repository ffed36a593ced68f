"""A conversation registered afterwards has no kind until someone chooses it: only a job conversation counts toward
the contact course, so a phone call must not become one by default."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from helhed.contact.models import Appointment
from helhed.coordination.services import add_team_member
from helhed.core.models import Role

pytestmark = pytest.mark.django_db


def _url(citizen, query=""):
    return reverse("contact:conversation_afterwards", args=[citizen.pk]) + query


def _post(client, citizen, **changes):
    when = timezone.localtime() - datetime.timedelta(hours=1)
    return client.post(_url(citizen), {"channel": "phone", "date": when.date().isoformat(),
                                       "time": when.strftime("%H:%M"), "duration_minutes": "15",
                                       "agreed": "Søren ringer til lægen", **changes})


def test_the_kind_has_no_default_and_the_form_says_why_it_matters(caseworker_client, citizen):
    html = caseworker_client.get(_url(citizen)).content.decode()
    assert '<option value="" selected>Vælg typen</option>' in html
    assert 'value="jobsamtale" selected' not in html
    assert "Kun en jobsamtale tæller med i kontaktforløbet" in html


def test_registering_without_choosing_the_kind_asks_for_it_and_keeps_the_input(caseworker_client, citizen):
    response = _post(caseworker_client, citizen)
    html = response.content.decode()
    assert response.status_code == 200 and not Appointment.objects.exists()
    assert "Vælg samtalens type" in html and "Søren ringer til lægen" in html
    assert _post(caseworker_client, citizen, kind="mentor_meeting").status_code == 302
    assert Appointment.objects.get().kind == "mentor_meeting"


def test_the_worklist_link_asks_for_a_job_conversation_deliberately(caseworker_client, citizen):
    html = caseworker_client.get(_url(citizen, "?kind=jobsamtale")).content.decode()
    assert 'value="jobsamtale" selected' in html


def test_a_mentor_also_chooses_the_kind(client, caseworker, citizen, make_staff):
    mentor = make_staff(citizen.municipality, "mentor", role=Role.MENTOR, unit_name="Brobyg Mentorhus")
    add_team_member(staff=caseworker, citizen=citizen, member=mentor, role="mentor", valid_from=timezone.localdate())
    client.force_login(mentor.user)
    assert '<option value="" selected>Vælg typen</option>' in client.get(_url(citizen)).content.decode()
