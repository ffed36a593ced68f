import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.audit.models import StatedReasonAccess
from helhed.citizens.cpr import normalise_cpr
from helhed.citizens.models import Citizen


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
