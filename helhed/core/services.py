"""Writes to the municipality's own settings. The administrator's settings page calls these."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.core.models import Municipality, StaffMember
from helhed.core.signals import municipality_settings_changed

EARLIEST_TAKEOVER = datetime.date(2000, 1, 1)
# A kommune may set the day ahead of going live, but not further than a year.
MAX_TAKEOVER_DAYS_AHEAD = 366


def update_municipality_settings(*, staff: StaffMember, takeover_on: datetime.date | None) -> Municipality:
    """Set the day the staff member's municipality took Helhed into use (None: not set). The legal rules show no
    deadline before it as overdue; stored worklist results follow at the next nightly evaluation."""
    if takeover_on is not None:
        if takeover_on < EARLIEST_TAKEOVER:
            raise ValidationError({"takeover_on": _("The date cannot be before 1 January 2000.")})
        if takeover_on > timezone.localdate() + datetime.timedelta(days=MAX_TAKEOVER_DAYS_AHEAD):
            raise ValidationError({"takeover_on": _("The date cannot be more than one year ahead.")})
    municipality = staff.municipality
    municipality.takeover_on = takeover_on
    municipality.save(update_fields=["takeover_on"])
    municipality_settings_changed.send(sender=Municipality, municipality=municipality)
    return municipality
