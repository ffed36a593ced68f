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


def log_citizens_shown(*, request, citizens, page: str) -> dict[int, str]:
    """For a list of citizens a page is about to show: the staff member's strongest reason for each, and one read-log
    row per citizen that has one. Citizens without a reason are left out of the answer and must not be shown."""
    from helhed.citizens.access import role_for, strongest_reason, visible_citizens_with_reasons

    staff, by_pk = request.staff, {citizen.pk: citizen for citizen in citizens}
    reasons = {row.pk: strongest_reason(row) for row in visible_citizens_with_reasons(staff).filter(pk__in=by_pk)}
    log_citizen_list_view(request=request, page=page, rows=[
        (by_pk[pk], code, role_for(staff, code)) for pk, code in reasons.items()])
    return reasons
