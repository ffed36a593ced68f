"""Group activities: sessions, attendance of registered citizens and an anonymous count, and the small-steps log
and stabilising activities only with the citizen's agreement."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from helhed.citizens.access import get_access
from helhed.citizens.situation import situation_of
from helhed.outreach import services
from helhed.outreach.models import Attendance, Group, GroupSession
from helhed.plans.models import SmallStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def walking_group(caseworker, office, housing_plan):
    return services.create_group(staff=caseworker, office=office, name="Gåholdet", kind=Group.Kind.WALKING,
                                 facilitator=caseworker, partner=housing_plan)


def _session(caseworker, group, days_ago=1):
    start = timezone.now() - datetime.timedelta(days=days_ago)
    return services.add_session(staff=caseworker, group=group, starts_at=start)


def test_attendance_with_the_citizens_agreement_goes_into_the_small_steps_and_stabilising_activities(
        caseworker, walking_group, make_resident):
    resident = make_resident(caseworker)
    attendance = services.register_attendance(staff=caseworker, session=_session(caseworker, walking_group),
                                              citizen=resident, to_plan=True)
    step = SmallStep.objects.get(citizen=resident)
    assert attendance.small_step == step and "Gåholdet" in step.text
    lines = situation_of(resident, get_access(caseworker, resident.pk))
    assert any("Gåholdet" in line.text for line in lines)


def test_agreed_group_activities_show_as_small_steps_on_the_plan_page(client, caseworker, walking_group,
                                                                     make_resident):
    resident = make_resident(caseworker)
    services.register_attendance(staff=caseworker, session=_session(caseworker, walking_group), citizen=resident,
                                 to_plan=True)
    client.force_login(caseworker.user)
    page = client.get(reverse("plans:plan", args=[resident.pk]), follow=True).content.decode()
    assert "Deltog i Gåholdet" in page or "Took part in Gåholdet" in page


def test_attendance_without_agreement_stays_with_the_group(caseworker, walking_group, make_resident):
    resident = make_resident(caseworker)
    attendance = services.register_attendance(staff=caseworker, session=_session(caseworker, walking_group),
                                              citizen=resident, to_plan=False)
    assert attendance.small_step is None and not SmallStep.objects.exists()
    assert not any("Gåholdet" in line.text for line in situation_of(resident, get_access(caseworker, resident.pk)))


def test_a_citizen_one_has_no_reason_to_see_cannot_be_registered(caseworker, other_caseworker, walking_group,
                                                                make_resident):
    theirs = make_resident(other_caseworker, first="Mette", last="Holm")
    with pytest.raises(ValidationError):
        services.register_attendance(staff=caseworker, session=_session(caseworker, walking_group), citizen=theirs)


def test_a_citizen_is_registered_once_per_session(caseworker, walking_group, make_resident):
    resident = make_resident(caseworker)
    session = _session(caseworker, walking_group)
    services.register_attendance(staff=caseworker, session=session, citizen=resident)
    with pytest.raises(ValidationError):
        services.register_attendance(staff=caseworker, session=session, citizen=resident)


def test_the_session_page_registers_attendance_and_the_anonymous_count(client, caseworker, walking_group,
                                                                       make_resident):
    resident = make_resident(caseworker)
    session = _session(caseworker, walking_group)
    client.force_login(caseworker.user)
    url = reverse("outreach:session", args=[walking_group.pk, session.pk])
    client.post(url, {"citizen": resident.pk, "to_plan": "on"})
    client.post(url, {"anonymous_count": 4})
    assert Attendance.objects.get().to_plan is True
    assert GroupSession.objects.get().anonymous_count == 4
    page = client.get(url).content.decode()
    assert "Søren Ågård" in page


def test_sessions_are_added_on_the_group_page(client, caseworker, walking_group):
    client.force_login(caseworker.user)
    day = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(reverse("outreach:group", args=[walking_group.pk]),
                           {"date": day.isoformat(), "time": "10:00", "duration_minutes": 90, "note": "Rundt om søen"})
    session = GroupSession.objects.get()
    assert response.status_code == 302 and session.day == day and session.note == "Rundt om søen"


def test_the_housing_plan_leader_sees_the_groups_figures_but_no_participant(client, caseworker, plan_leader,
                                                                           walking_group, make_resident):
    session = _session(caseworker, walking_group)
    for i in range(2):
        services.register_attendance(staff=caseworker, session=session,
                                     citizen=make_resident(caseworker, first=f"Yrsa{i}"))
    client.force_login(plan_leader.user)
    page = client.get(reverse("outreach:group", args=[walking_group.pk])).content.decode()
    assert "Gåholdet" in page and "Yrsa" not in page and "&lt; 5" in page
    assert client.get(reverse("outreach:session", args=[walking_group.pk, session.pk])).status_code == 403


def test_the_group_form_creates_a_group(client, caseworker, office, housing_plan):
    client.force_login(caseworker.user)
    response = client.post(reverse("outreach:group_add"), {
        "name": "Depressionsgruppen", "kind": "depression", "office": office.pk, "facilitator": caseworker.pk,
        "partner": housing_plan.pk, "description": "Vi mødes og taler om hverdagen."})
    group = Group.objects.get()
    assert response.status_code == 302 and (group.kind, group.partner) == ("depression", housing_plan)
