"""The colleagues a staff member sees free and busy times for in the week calendar: added and removed one at a time,
kept for the staff member (not the session) until removed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helhed.contact.models import CalendarColleague
from helhed.contact.models.calendar import MAX_CALENDAR_COLLEAGUES
from helhed.contact.selectors import colleague_scope
from helhed.core.models import StaffMember


def add_colleague(*, staff: StaffMember, colleague_id: int) -> CalendarColleague:
    """Show `colleague_id`'s free and busy times to `staff`: a colleague of the same organisation
    (`selectors.colleague_scope`), at most MAX_CALENDAR_COLLEAGUES of them. Adding one twice changes nothing."""
    if not StaffMember.objects.filter(colleague_scope(staff), pk=colleague_id).exists():
        raise ValidationError(_("You can only add an active colleague from your own organisation."))
    with transaction.atomic():
        existing = CalendarColleague.objects.filter(staff=staff, colleague_id=colleague_id).first()
        if existing:
            return existing
        if CalendarColleague.objects.filter(staff=staff).count() >= MAX_CALENDAR_COLLEAGUES:
            raise ValidationError(_("You see the most colleagues there is room for (%(n)s). Remove one to add "
                                    "another.") % {"n": MAX_CALENDAR_COLLEAGUES})
        return CalendarColleague.objects.create(municipality_id=staff.municipality_id, staff=staff,
                                                colleague_id=colleague_id)


def remove_colleague(*, staff: StaffMember, colleague_id: int) -> None:
    CalendarColleague.objects.filter(staff=staff, colleague_id=colleague_id).delete()
