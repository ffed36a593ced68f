"""Writing the read log: every page that shows a citizen's data calls one of these."""

from django.utils import timezone

from helhed.citizens.models import AccessLogEntry
from helhed.core.bulk import insert_rows

_LIST_COLUMNS = ["municipality_id", "user_id", "staff_id", "citizen_id", "at", "role", "page", "path", "reason"]


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
    """Write one read-log row per citizen shown in a list, in one statement. `rows` are (citizen, reason, role).

    Plain rows rather than model instances: building 25 instances cost more than the insert (issue 12)."""
    user_id, staff_id = request.user.pk, (request.staff.pk if request.staff else None)
    at, path = timezone.now(), request.get_full_path()[:300]
    insert_rows(AccessLogEntry, [(citizen.municipality_id, user_id, staff_id, citizen.pk, at, role, page, path, reason)
                                 for citizen, reason, role in rows], columns=_LIST_COLUMNS)
