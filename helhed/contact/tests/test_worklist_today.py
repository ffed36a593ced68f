"""The worklist source "Today's appointments": the staff member's own appointments today, by time, first on the page;
each citizen shown is written to the read log."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from helhed.citizens.models import AccessLogEntry
from helhed.citizens.worklist import sources_for
from helhed.contact.calendar_views import today_context
from helhed.contact.models import Appointment
from helhed.core.models import Role

pytestmark = pytest.mark.django_db


def at(days, hour, minute=0):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def appointment(citizen, organiser, starts_at, **fields):
    return Appointment.objects.create(
        municipality=citizen.municipality, citizen=citizen, organiser=organiser, booked_by=organiser,
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(minutes=45), **fields,
    )


@pytest.fixture
def day(caseworker, other_caseworker, citizen, make_citizen):
    """Anne's day with Søren, whose case she holds: 13:00 by phone, 08:30 in a meeting room, 10:00 a home visit Bo
    holds and Anne takes part in; a moved one, yesterday's and tomorrow's. And Bo's citizen Mette, whom Anne has no
    reason to see: Bo's own appointment with her, and one Anne was invited to."""
    mette = make_citizen(other_caseworker, cpr="0202902345", first="Mette", last="Holm")
    afternoon = appointment(citizen, caseworker, at(0, 13), channel=Appointment.Channel.PHONE)
    morning = appointment(citizen, caseworker, at(0, 8, 30), place="Mødelokale 2")
    visit = appointment(citizen, other_caseworker, at(0, 10), channel=Appointment.Channel.HOME_VISIT)
    visit.other_staff.add(caseworker)
    appointment(citizen, caseworker, at(0, 15), status=Appointment.Status.NOT_HELD,
                not_held_reason=Appointment.NotHeldReason.MOVED)
    appointment(citizen, caseworker, at(-1, 23, 30))
    appointment(citizen, caseworker, at(1, 0, 15))
    appointment(mette, other_caseworker, at(0, 11))
    appointment(mette, other_caseworker, at(0, 12)).other_staff.add(caseworker)
    return {"morning": morning, "visit": visit, "afternoon": afternoon, "mette": mette}


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_only_todays_own_appointments_are_shown_by_time(english, caseworker, day, citizen):
    english.force_login(caseworker.user)
    response = english.get(reverse("casefile:worklist"))
    assert response.status_code == 200
    assert response.context["appointments_today"] == [day["morning"], day["visit"], day["afternoon"]]
    page = response.content.decode()
    assert page.index("Today's appointments") < page.index("Legal deadlines")  # first on the page
    assert reverse("contact:appointment_detail", args=[citizen.pk, day["morning"].pk]) in page
    assert "08:30" in page and "Mødelokale 2" in page and "By phone" in page and "Home visit" in page


def test_each_citizen_shown_is_written_to_the_read_log_once(rf, caseworker, day, citizen):
    request = rf.get(reverse("casefile:worklist"))
    request.user, request.staff = caseworker.user, caseworker
    today_context(request)
    rows = AccessLogEntry.objects.filter(page="casefile:worklist")
    assert [(r.citizen_id, r.reason, r.role, r.staff) for r in rows] == [
        (citizen.pk, "responsible_caseworker", Role.CASEWORKER, caseworker)]


def test_a_day_without_appointments_says_so(english, make_staff, municipality):
    english.force_login(make_staff(municipality, "cecilie", first="Cecilie").user)
    response = english.get(reverse("casefile:worklist"))
    assert response.context["appointments_today"] == []
    assert "No appointments today." in response.content.decode()


@pytest.mark.parametrize("role, shown", [(Role.CASEWORKER, True), (Role.COORDINATING_CASEWORKER, True),
                                         (Role.MENTOR, False), (Role.TEAM_LEADER, False)])
def test_the_source_is_for_caseworkers_and_coordinating_caseworkers(municipality, make_staff, role, shown):
    staff = make_staff(municipality, "someone", role=role)
    assert ("appointments_today" in [s.key for s in sources_for(staff)]) is shown


def test_the_source_comes_before_the_legal_deadlines(caseworker):
    assert [s.key for s in sources_for(caseworker)][:2] == ["appointments_today", "obligations"]
