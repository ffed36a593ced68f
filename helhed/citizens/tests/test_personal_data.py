"""Every model that holds data about a citizen declares how retention treats it and how the export shows it."""

from django.apps import apps

from helhed.citizens.models import Citizen
from helhed.citizens.personal_data import declaration_for, declarations


def _reaches_citizen(model, seen=()) -> bool:
    """Does `model` reach Citizen through a chain of foreign keys (or one-to-one keys)?"""
    if model is Citizen:
        return True
    for field in model._meta.concrete_fields:
        target = field.related_model if field.is_relation else None
        if target is not None and target not in seen and target is not model:
            if _reaches_citizen(target, (*seen, model)):
                return True
    return False


def _history_of(model):
    """The model a django-simple-history table records, or None."""
    return getattr(model, "instance_type", None)


def test_every_model_that_reaches_a_citizen_declares_its_personal_data():
    undeclared = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.auto_created:  # many-to-many join rows go with the model that declares the relation
            continue
        if not _reaches_citizen(model):
            continue
        covered = _history_of(model) or model
        if declaration_for(covered) is None:
            undeclared.append(model._meta.label)
    assert undeclared == [], f"Declare these in the owning app's extensions module: {undeclared}"


def test_the_walk_finds_chains_of_foreign_keys():
    from helhed.contact.models import AgreedItem
    from helhed.plans.models import Score

    assert _reaches_citizen(AgreedItem) and _reaches_citizen(Score)  # record -> appointment -> citizen


def test_each_declared_path_leads_to_the_citizen():
    for declaration in declarations():
        if declaration.citizen_path:
            field = declaration.model._meta.get_field(declaration.citizen_path.split("__")[0])
            assert field.is_relation, declaration.key


def test_obligation_exemption_is_declared_for_retention_and_export():
    from helhed.citizens.personal_data import DELETE
    from helhed.rules.models import ObligationExemption

    declaration = declaration_for(ObligationExemption)
    assert declaration is not None and declaration.retention == DELETE and declaration.in_export
