import datetime

import pytest
from django.contrib.auth import get_user_model

from helhed.citizens.models import BenefitPeriod
from helhed.conftest import PASSWORD
from helhed.core.models import OrganisationUnit, Role, StaffMember, StaffRole
from helhed.outreach import services


@pytest.fixture
def housing_plan(municipality):
    return OrganisationUnit.objects.create(municipality=municipality, name="Boligsocialt Hus Østparken",
                                           kind=OrganisationUnit.Kind.SOCIAL_HOUSING_PLAN)


@pytest.fixture
def plan_leader(municipality, housing_plan):
    """The housing social plan's leader: a partner in the plan's unit."""
    user = get_user_model().objects.create_user(username="lise", password=PASSWORD, first_name="Lise",
                                                last_name="Boligsocial")
    staff = StaffMember.objects.create(user=user, municipality=municipality, unit=housing_plan,
                                       title="Projektleder")
    StaffRole.objects.create(staff=staff, role=Role.PARTNER)
    return staff


@pytest.fixture
def office(municipality, caseworker, housing_plan):
    return services.create_office(
        municipality=municipality, name="Østparkens Jobcafé", address="Østparken 12, st.", postal_code="8220",
        city="Brabrand", opening_days=[1, 3], opens_at=datetime.time(9), closes_at=datetime.time(15),
        staff_on_duty=[caseworker], housing_plan=housing_plan, area_postal_codes="8220",
    )


@pytest.fixture
def make_resident(make_citizen):
    """A citizen living in the office's area (postal code 8220) on cash benefit."""
    counter = iter(range(10, 99))

    def make(staff, first="Søren", last="Ågård", postal_code="8220", benefit=True):
        citizen = make_citizen(staff, cpr=f"010190{next(counter):04d}", first=first, last=last)
        citizen.postal_code, citizen.address, citizen.city = postal_code, "Østparken 14, 2. tv.", "Brabrand"
        citizen.save()
        if benefit:
            BenefitPeriod.objects.create(municipality=citizen.municipality, citizen=citizen, kind="kontanthjaelp",
                                         monthly_amount=12000, valid_from=datetime.date(2025, 3, 1))
        return citizen

    return make
