"""Retention: after the configured number of years from the last closed case, personal data is removed.

What happens to each kind of row is declared by the app that owns it (`citizens.personal_data`): rows are deleted
with their change history, anonymised (the citizen row, which the read log and statistics refer to), or kept on a
stated legal basis (the read log, the retention records). Each citizen handled gets a RetentionRecord listing what
was removed. This module reads the declarations and imports no app.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from helhed.audit.models import RetentionRecord
from helhed.citizens.extensions import ANONYMISED_NAME
from helhed.citizens.models import Case, Citizen
from helhed.citizens.personal_data import ANONYMISE, DELETE, declarations


def retention_years() -> int:
    return int(getattr(settings, "HELHED_RETENTION_YEARS", 5))


def citizens_due(as_of: datetime.date | None = None):
    """Citizens with no open case whose last case closed more than the retention period ago."""
    as_of = as_of or timezone.localdate()
    years = retention_years()
    try:
        cutoff = as_of.replace(year=as_of.year - years)
    except ValueError:  # 29 February
        cutoff = as_of.replace(year=as_of.year - years, day=28)
    open_case = Case.objects.filter(citizen=OuterRef("pk"), status=Case.Status.OPEN)
    return (
        Citizen.objects.exclude(Exists(open_case))
        .exclude(first_name=ANONYMISED_NAME, last_name="")
        .annotate(last_closed=Max("cases__closed_on"))
        .filter(last_closed__isnull=False, last_closed__lt=cutoff)
    )


def _delete(queryset) -> int:
    """Delete without signals or the collector: append-only models refuse the ordinary delete on purpose."""
    return queryset._raw_delete(queryset.db)


def deletion_order(models) -> list:
    """The models ordered so that a row is deleted before the rows it points at (raw deletes do not cascade)."""
    remaining, ordered = list(models), []

    def points_at(model):
        return {f.related_model for f in model._meta.concrete_fields if f.is_relation} - {model}

    while remaining:
        for model in remaining:
            if not any(model in points_at(other) for other in remaining if other is not model):
                ordered.append(model)
                remaining.remove(model)
                break
        else:
            raise ValueError(f"Circular foreign keys among {remaining}")
    return ordered


@transaction.atomic
def anonymise(citizen: Citizen, *, last_closed: datetime.date) -> RetentionRecord:
    by_model = {d.model: d for d in declarations()}
    to_delete = [d for d in by_model.values() if d.retention == DELETE]
    for declaration in to_delete:
        if declaration.before_delete is not None:
            declaration.before_delete(citizen)
    removed = {}
    for declaration in to_delete:
        history = declaration.history_of(citizen)
        if history is not None:
            removed[f"{declaration.model._meta.model_name}_history"] = _delete(history)
    for model in deletion_order([d.model for d in to_delete]):
        declaration = by_model[model]
        rows = declaration.rows_of(citizen)
        for field in model._meta.many_to_many:  # the join rows first
            field.remote_field.through.objects.filter(**{f"{field.m2m_field_name()}__in": rows}).delete()
        removed[model._meta.model_name] = _delete(rows)
    for declaration in by_model.values():
        if declaration.retention == ANONYMISE:
            history = declaration.history_of(citizen)
            if history is not None:
                removed[f"{declaration.model._meta.model_name}_history"] = _delete(history)
            declaration.anonymise(citizen)
    return RetentionRecord.objects.create(
        municipality_id=citizen.municipality_id, citizen=citizen, last_case_closed_on=last_closed,
        retention_years=retention_years(), removed={k: v for k, v in removed.items() if v},
    )


def apply_retention(*, as_of: datetime.date | None = None, dry_run: bool = False, progress=None) -> list:
    """Anonymise every citizen due; `progress(done, total)` is called after each (helhed.core.progress)."""
    due = list(citizens_due(as_of))
    if dry_run:
        return due
    records = []
    for citizen in due:
        records.append(anonymise(citizen, last_closed=citizen.last_closed))
        if progress is not None:
            progress(len(records), len(due))
    return records
