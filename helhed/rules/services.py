"""Writes: store evaluation results for worklists, and exemptions. Services elsewhere send
`citizens.signals.facts_changed` when something the rules read has changed; `refresh_after_change` receives it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.citizens.models import Case
from helhed.core.bulk import insert_rows
from helhed.rules.engine import evaluate, rules_on
from helhed.rules.facts import load_facts
from helhed.rules.models import ObligationExemption, ObligationRecord
from helhed.rules.registry import REGISTRY

CHUNK = 2000
RECORD_COLUMNS = ["municipality_id", "citizen_id", "rule_id", "rule_set", "status", "due", "evaluated_for",
                  "evaluated_at"]


def refresh(citizen_ids: list[int], as_of: datetime.date | None = None, *, everyone: bool = False) -> int:
    """Evaluate the citizens set-wise and replace their stored results. Returns the number of results stored.

    `everyone=True` (the nightly scan) clears every stored result in one statement instead of per chunk; worklists
    are incomplete for the minute the scan takes, so run it at night.
    """
    as_of = as_of or timezone.localdate()
    rules = rules_on(as_of)
    if everyone:
        ObligationRecord.objects.all()._raw_delete(ObligationRecord.objects.db)
    now = timezone.now()
    stored = 0
    for start in range(0, len(citizen_ids), CHUNK):
        chunk = citizen_ids[start : start + CHUNK]
        rows = [
            (citizen_facts.municipality_id, citizen_id, o.rule_id, o.rule_set, str(o.status), o.due, as_of, now)
            for citizen_id, citizen_facts in load_facts(chunk).items()
            for o in evaluate(citizen_facts, as_of, rules)
        ]
        # Plain rows: they are rewritten nightly for every citizen, and building model instances for them cost
        # more than the evaluation (bench/README.md).
        with transaction.atomic():
            if not everyone:
                ObligationRecord.objects.filter(citizen_id__in=chunk).delete()
            insert_rows(ObligationRecord, rows, columns=RECORD_COLUMNS)
        stored += len(rows)
    return stored


def refresh_everyone(as_of: datetime.date | None = None) -> tuple[int, int]:
    """The nightly scan: every citizen with an open case. Returns (citizens, obligations stored)."""
    citizen_ids = list(
        Case.objects.filter(status=Case.Status.OPEN).order_by("citizen_id").values_list("citizen_id", flat=True)
    )
    return len(citizen_ids), refresh(citizen_ids, as_of, everyone=True)


def refresh_after_change(citizen, **signal_kwargs) -> None:
    """Re-evaluate one citizen once the surrounding transaction has committed (receives `facts_changed`)."""
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
