import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.audit.models import AccessLogEntry, StatedReasonAccess
from helhed.citizens.cpr import normalise_cpr
from helhed.citizens.models import Citizen


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


def grant_stated_access(*, staff, cpr: str, reason: str, kind: str) -> StatedReasonAccess:
    """Open one citizen to a team leader or data-protection officer on a stated reason, for a limited time."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("State the reason in a sentence (at least 10 characters).")})
    citizen = Citizen.objects.filter(municipality=staff.municipality, cpr=normalise_cpr(cpr)).first()
    if citizen is None:
        raise ValidationError({"cpr": _("No citizen with this CPR number in the municipality.")})
    now = timezone.now()
    return StatedReasonAccess.objects.create(
        municipality=staff.municipality, staff=staff, citizen=citizen, kind=kind, reason=reason, granted_at=now,
        expires_at=now + datetime.timedelta(minutes=StatedReasonAccess.DURATION_MINUTES),
    )


def review_stated_access(*, staff, access: StatedReasonAccess, note: str = "") -> StatedReasonAccess:
    if access.staff_id == staff.pk:
        raise ValidationError(_("Someone else must review your own access."))
    if access.reviewed_at:
        raise ValidationError(_("This access has already been reviewed."))
    access.reviewed_by = staff
    access.reviewed_at = timezone.now()
    access.review_note = note.strip()
    access.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    return access
