"""Writes: store evaluation results for worklists, and exemptions. Services elsewhere call
`refresh_after_change(citizen)` when something the rules read has changed."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.rules.engine import evaluate
from helhed.rules.facts import load_facts
from helhed.rules.models import ObligationExemption, ObligationRecord
from helhed.rules.registry import REGISTRY

CHUNK = 2000


def refresh(citizen_ids: list[int], as_of: datetime.date | None = None) -> int:
    """Evaluate the citizens set-wise and replace their stored results. Returns the number of results stored."""
    as_of = as_of or timezone.localdate()
    stored = 0
    for start in range(0, len(citizen_ids), CHUNK):
        chunk = citizen_ids[start : start + CHUNK]
        facts = load_facts(chunk)
        municipality = dict(_municipalities(chunk))
        records = [
            ObligationRecord(
                municipality_id=municipality[citizen_id], citizen_id=citizen_id, rule_id=o.rule_id,
                rule_set=o.rule_set, status=o.status, due=o.due, evaluated_for=as_of,
            )
            for citizen_id, citizen_facts in facts.items()
            for o in evaluate(citizen_facts, as_of)
        ]
        with transaction.atomic():
            ObligationRecord.objects.filter(citizen_id__in=chunk).delete()
            ObligationRecord.objects.bulk_create(records, batch_size=5000)
        stored += len(records)
    return stored


def _municipalities(citizen_ids):
    from helhed.citizens.models import Citizen

    return Citizen.objects.filter(pk__in=citizen_ids).values_list("pk", "municipality_id")


def refresh_after_change(citizen) -> None:
    """Re-evaluate one citizen once the surrounding transaction has committed."""
    transaction.on_commit(lambda: refresh([citizen.pk]))


def exempt(*, staff, citizen, rule_id: str, reason: str, valid_from: datetime.date,
           valid_to: datetime.date | None = None) -> ObligationExemption:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the exemption.")})
    known = {rule for rules in REGISTRY.rules.values() for rule in rules}
    if rule_id and rule_id not in known:
        raise ValidationError({"rule_id": _("Unknown rule.")})
    if valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The exemption cannot end before it starts.")})
    exemption = ObligationExemption.objects.create(
        municipality=citizen.municipality, citizen=citizen, rule_id=rule_id, reason=reason, valid_from=valid_from,
        valid_to=valid_to, decided_by=staff,
    )
    refresh_after_change(citizen)
    return exemption
