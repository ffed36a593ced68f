"""Reads for data protection: a citizen's full record for insight requests, and change history.

Both read the personal-data declarations that apps register (`citizens.personal_data`) and import no app."""

from django.utils.translation import gettext_lazy as _

from helhed.audit.models import StatedReasonAccess
from helhed.citizens.models import Citizen
from helhed.citizens.personal_data import declarations


def citizen_export(citizen: Citizen) -> dict:
    """Everything Helhed holds about the citizen, for an insight request (GDPR art. 15)."""
    return {d.key: d.export_rows(citizen) for d in declarations() if d.in_export}


def readable_export(citizen: Citizen) -> list[dict]:
    """The same content as `citizen_export`, with the field names and values a person reads (for HTML and PDF)."""
    return [d.readable_section(citizen) for d in declarations() if d.in_export]


HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
# Who made a change that no staff member made, by the change reason on its history row ("portal": the citizen's own
# action in the portal; the portal sets it, and audit names no app).
CHANGE_REASONS = {"portal": _("The citizen, in the portal")}


def change_reason_label(reason: str | None) -> str:
    return str(CHANGE_REASONS.get(reason, reason or ""))


def citizen_history(citizen: Citizen, limit: int = 200) -> list[dict]:
    """Change history of every model holding the citizen's personal data, newest first, with before/after per field."""
    changes = []
    for declaration in declarations():
        records = declaration.history_of(citizen)
        if records is None:
            continue
        model = declaration.model
        records = list(records.select_related("history_user").order_by("-history_date")[:limit])
        by_object = {}
        for record in sorted(records, key=lambda r: r.history_date):
            previous = by_object.get(record.id)
            fields = []
            if previous is not None:
                delta = record.diff_against(previous)
                fields = [
                    {"field": model._meta.get_field(c.field).verbose_name, "old": c.old, "new": c.new}
                    for c in delta.changes
                ]
            changes.append({
                "model": model._meta.verbose_name, "object_id": record.id, "at": record.history_date,
                "type": HISTORY_TYPES.get(record.history_type, record.history_type), "fields": fields,
                "reason": change_reason_label(record.history_change_reason),
                "user": (record.history_user.get_full_name() or record.history_user.username)
                if record.history_user else change_reason_label(record.history_change_reason),
            })
            by_object[record.id] = record
    changes.sort(key=lambda c: c["at"], reverse=True)
    return changes[:limit]


def pending_reviews(staff):
    """Accesses on a stated reason in the municipality that a colleague has not reviewed yet (not the viewer's own)."""
    return (StatedReasonAccess.objects.filter(municipality=staff.municipality, reviewed_at__isnull=True)
            .exclude(staff=staff).select_related("staff__user").order_by("granted_at"))


def stated_accesses_of(staff):
    return StatedReasonAccess.objects.filter(staff=staff).select_related("reviewed_by__user").order_by("-granted_at")
