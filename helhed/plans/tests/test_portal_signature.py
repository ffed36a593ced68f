"""The citizen's own signature, given in the citizen portal: the newest version only, once, with no staff member."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from helhed.plans import content as plan_content
from helhed.plans import services
from helhed.plans.models import PlanSignature

pytestmark = pytest.mark.django_db


def _save(staff, citizen, base_version=0, job_goal="Gartneri"):
    content = {**plan_content.empty(), "own_goal": "Et arbejde udenfor.", "job_goal": job_goal}
    return services.save_plan(staff=staff, citizen=citizen, base_version=base_version, content=content,
                              involvement="co_creation", citizen_position="agrees")


def test_the_citizen_signs_the_newest_version_in_the_portal_once(caseworker, citizen):
    version = _save(caseworker, citizen)
    signature = services.sign_in_portal(plan=version.plan, number=1)
    assert (signature.version, signature.method, signature.recorded_by) == (version, "portal", None)
    with pytest.raises(ValidationError):
        services.sign_in_portal(plan=version.plan, number=1)
    with pytest.raises(ValidationError):  # nor can staff record a second signature on it
        services.sign(staff=caseworker, plan=version.plan, number=1, method="on_screen")
    assert PlanSignature.objects.count() == 1


def test_an_older_version_cannot_be_signed_in_the_portal(caseworker, citizen):
    first = _save(caseworker, citizen)
    _save(caseworker, citizen, base_version=1, job_goal="Park")
    with pytest.raises(services.StalePlanVersion) as error:
        services.sign_in_portal(plan=first.plan, number=1)
    assert error.value.current == 2
    assert not PlanSignature.objects.exists()


def test_staff_record_every_signature_but_the_citizens_own(caseworker, citizen):
    version = _save(caseworker, citizen)
    with pytest.raises(ValidationError):
        services.sign(staff=caseworker, plan=version.plan, number=1, method="portal")
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanSignature.objects.create(municipality=citizen.municipality, version=version, method="on_screen")
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanSignature.objects.create(municipality=citizen.municipality, version=version, method="portal",
                                     recorded_by=caseworker)
    assert services.sign(staff=caseworker, plan=version.plan, number=1, method="on_paper").recorded_by == caseworker
