from helhed.audit.models import AccessLogEntry


def log_citizen_view(*, request, citizen, page: str, reason: str) -> AccessLogEntry:
    """Write one read-log row for a view of `citizen`'s data."""
    return AccessLogEntry.objects.create(
        municipality_id=citizen.municipality_id,
        user=request.user,
        staff=request.staff or None,
        citizen=citizen,
        page=page,
        path=request.get_full_path()[:300],
        reason=reason,
    )
