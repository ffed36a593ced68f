from django.conf import settings
from django.db.models import Count

from helhed.core.models import OrganisationUnit, StaffMember


def administration(municipality) -> dict:
    """The administrator's start page: staff, units and settings of the municipality (no citizen data)."""
    staff = (StaffMember.objects.filter(municipality=municipality).select_related("user", "unit")
             .prefetch_related("roles").order_by("user__last_name", "user__first_name"))
    units = (OrganisationUnit.objects.filter(municipality=municipality).annotate(staff_count=Count("staff"))
             .order_by("kind", "name"))
    return {
        "staff_members": list(staff[:200]), "staff_total": staff.count(), "units": list(units),
        "settings_shown": [
            ("HELHED_RETENTION_YEARS", getattr(settings, "HELHED_RETENTION_YEARS", 5)),
            ("HELHED_NIGHTLY_AT", settings.HELHED_NIGHTLY_AT),
            ("HELHED_REMINDER_HOURS_CITIZEN", ", ".join(f"{h:g}" for h in settings.HELHED_REMINDER_LEAD_HOURS["citizen"])),
            ("HELHED_REMINDER_HOURS_STAFF", ", ".join(f"{h:g}" for h in settings.HELHED_REMINDER_LEAD_HOURS["staff"])),
            ("HELHED_MESSAGE_BACKEND", settings.HELHED_MESSAGE_BACKEND),
        ],
    }
