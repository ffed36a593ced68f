from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q

from helhed.core.models import OrganisationUnit, StaffMember

ADMIN_PAGE_SIZE = 25
UNITS_SHOWN = 50


def administration(municipality, *, query: str = "", page: str | None = None) -> dict:
    """The administrator's start page: staff, units and settings of the municipality (no citizen data).

    A large kommune has thousands of staff and hundreds of units, so the staff list is searched (name, username or
    unit) and paged, and the units list shows the first matches."""
    staff = (StaffMember.objects.filter(municipality=municipality).select_related("user", "unit")
             .prefetch_related("roles").order_by("user__last_name", "user__first_name", "pk"))
    units = (OrganisationUnit.objects.filter(municipality=municipality).annotate(staff_count=Count("staff"))
             .order_by("kind", "name"))
    for word in query.split():
        staff = staff.filter(Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word)
                             | Q(user__username__icontains=word) | Q(unit__name__icontains=word))
        units = units.filter(name__icontains=word)
    units_total = units.count()
    return {
        "staff_page": Paginator(staff, ADMIN_PAGE_SIZE).get_page(page),
        "units": list(units[:UNITS_SHOWN]), "units_total": units_total, "units_shown": UNITS_SHOWN,
        "settings_shown": [
            ("HELHED_RETENTION_YEARS", getattr(settings, "HELHED_RETENTION_YEARS", 5)),
            ("HELHED_NIGHTLY_AT", settings.HELHED_NIGHTLY_AT),
            ("HELHED_REMINDER_HOURS_CITIZEN", ", ".join(f"{h:g}" for h in settings.HELHED_REMINDER_LEAD_HOURS["citizen"])),
            ("HELHED_REMINDER_HOURS_STAFF", ", ".join(f"{h:g}" for h in settings.HELHED_REMINDER_LEAD_HOURS["staff"])),
            ("HELHED_MESSAGE_BACKEND", settings.HELHED_MESSAGE_BACKEND),
        ],
    }
