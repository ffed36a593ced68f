"""Writing the read log: every page that shows a citizen's data calls one of these."""

from helhed.citizens.models import AccessLogEntry


def _entry(request, citizen, page, reason, role=""):
    return AccessLogEntry(
        municipality_id=citizen.municipality_id,
        user=request.user,
        staff=request.staff or None,
        citizen=citizen,
        page=page,
        path=request.get_full_path()[:300],
        reason=reason,
        role=role,
    )


def log_citizen_view(*, request, citizen, page: str, reason: str, role: str = "") -> AccessLogEntry:
    """Write one read-log row for a view of `citizen`'s data: who, in which role, why, when and which page."""
    entry = _entry(request, citizen, page, reason, role)
    entry.save()
    return entry


def log_citizen_list_view(*, request, rows, page: str) -> None:
    """Write one read-log row per citizen shown in a list, in one query. `rows` are (citizen, reason, role)."""
    AccessLogEntry.objects.bulk_create([_entry(request, citizen, page, reason, role) for citizen, reason, role in rows])
