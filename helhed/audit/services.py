from helhed.audit.models import AccessLogEntry


def _entry(request, citizen, page, reason):
    return AccessLogEntry(
        municipality_id=citizen.municipality_id,
        user=request.user,
        staff=request.staff or None,
        citizen=citizen,
        page=page,
        path=request.get_full_path()[:300],
        reason=reason,
    )


def log_citizen_view(*, request, citizen, page: str, reason: str) -> AccessLogEntry:
    """Write one read-log row for a view of `citizen`'s data."""
    entry = _entry(request, citizen, page, reason)
    entry.save()
    return entry


def log_citizen_list_view(*, request, citizens, page: str, reason: str) -> None:
    """Write one read-log row per citizen shown in a list, in one query."""
    AccessLogEntry.objects.bulk_create([_entry(request, citizen, page, reason) for citizen in citizens])
