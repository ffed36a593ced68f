"""Every row with citizen data carries the municipality, and it always equals its parent's."""

import datetime

import pytest
from django.apps import apps
from django.db.models import F
from django.utils import timezone

from helhed.citizens.models import Citizen
from helhed.citizens.personal_data import declarations
from helhed.contact.services.appointments import book_appointment, record_held
from helhed.core.models import Role
from helhed.plans import content as plan_content
from helhed.plans import services as plan_services
from helhed.plans.selectors import builtin_instrument
from helhed.tests.world import build_world


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def _citizen_models():
    return [d.model for d in declarations() if d.model is not Citizen]


def test_every_model_with_citizen_data_has_a_municipality_key():
    missing = [m._meta.label for m in _citizen_models() if "municipality" not in {f.name for f in m._meta.fields}]
    assert missing == []
    assert {"plans.PlanStep", "plans.PlanVersion", "plans.PlanSignature", "plans.Score", "contact.ConversationRecord",
            "contact.AgreedItem"} <= {m._meta.label for m in _citizen_models()}


def test_the_municipality_key_always_equals_the_citizens(world):
    _fill_every_kind_of_row(world)
    checked = 0
    for declaration in declarations():
        if declaration.model is Citizen:
            continue
        path = declaration.citizen_path
        rows = declaration.model.objects.filter(**{f"{path}__isnull": False})  # a staff feed has no citizen
        mismatched = rows.exclude(**{f"{path}__municipality": F("municipality")})
        assert not mismatched.exists(), declaration.key
        checked += declaration.model.objects.count() > 0
    assert checked >= 15  # most kinds of rows exist in the world, so the check is not vacuous


def _fill_every_kind_of_row(world):
    """Rows that the demo world does not make by itself: a held conversation with agreements, a signed plan, a
    scoring with its scores."""
    caseworker, citizen = world.staff[Role.CASEWORKER], world.own
    appointment = book_appointment(staff=caseworker, citizen=citizen,
                                   starts_at=timezone.now() - datetime.timedelta(minutes=20))
    record_held(staff=caseworker, appointment=appointment, agreed="Søge tre job\nRinge til lægen",
                citizen_words="Jeg vil gerne prøve")
    content = plan_content.empty()
    content.update(own_goal="Arbejde med dyr", job_goal="Dyrepasser")
    version = plan_services.save_plan(staff=caseworker, citizen=citizen, base_version=0, content=content,
                                      involvement="co_creation", citizen_position="agrees")
    plan_services.sign(staff=caseworker, plan=version.plan, number=version.number, method="on_screen")
    instrument = builtin_instrument()
    codes = list(instrument.items.values_list("code", flat=True))
    plan_services.record_scoring(staff=caseworker, citizen=citizen, instrument=instrument,
                                 values={code: 5 for code in codes}, scored_on=timezone.localdate())


def test_no_model_outside_the_declarations_points_at_a_citizen():
    """A new app's model that points at a citizen must be declared (and so gets the tenant-key check)."""
    declared = {d.model for d in declarations()}
    for model in apps.get_models():
        if getattr(model, "instance_type", None):
            continue
        if any(f.is_relation and f.related_model is Citizen for f in model._meta.fields):
            assert model in declared, model._meta.label
