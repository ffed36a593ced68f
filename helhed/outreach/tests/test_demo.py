"""The demo's outreach office, made on a small generated municipality."""

import datetime

import pytest
from django.db.models import Sum

from helhed.contact.models import Appointment
from helhed.demo.generator import Generator
from helhed.demo.outreach import DemoOutreach
from helhed.outreach import selectors
from helhed.outreach.models import Attendance, DropIn, Group

AS_OF = datetime.date(2026, 11, 1)


@pytest.mark.django_db
def test_the_demo_makes_an_office_its_target_group_groups_sessions_attendance_and_drop_ins():
    generator = Generator(citizens=300, seed=5, as_of=AS_OF, code="931")
    generator.run()
    office = DemoOutreach(generator).run()
    place = office.place
    assert place.name == "Østparkens Jobcafé" and place.opening_days == [1, 3]
    assert generator.caseworkers[0] in place.staff_on_duty.all()
    assert office.housing_plan == generator.housing
    residents = selectors.area_residents(office)
    assert residents.exists()
    assert {g.kind for g in Group.objects.filter(office=office)} == {Group.Kind.DEPRESSION, Group.Kind.WALKING}
    assert Attendance.objects.filter(session__group__office=office).exists()
    assert Attendance.objects.filter(session__group__office=office, to_plan=True, small_step__isnull=False).exists()
    assert DropIn.objects.filter(office=office, citizen__isnull=True).aggregate(n=Sum("count"))["n"] > 0
    assert DropIn.objects.filter(office=office, citizen__isnull=False).exists()
    assert Appointment.objects.filter(meeting_place=place, status="held").exists()
    assert Appointment.objects.filter(meeting_place=place, status="booked",
                                      organiser=generator.caseworkers[0]).exists()
    data = selectors.figures(office, selectors.default_period())
    assert data.sessions > 0 and data.drop_in_total > 0 and data.in_contact
