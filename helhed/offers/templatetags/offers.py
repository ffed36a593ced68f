from django import template
from django.utils.translation import gettext as _

from helhed.offers.models import Attendance, MentorTime, Referral

register = template.Library()


@register.filter
def time_per_week(minutes):
    """Minutes per week as hours: "12 hours" or "12 hours 30 min"."""
    if minutes in (None, ""):
        return "–"
    hours, rest = divmod(int(minutes), 60)
    if rest:
        return _("%(hours)s h %(minutes)s min a week") % {"hours": hours, "minutes": rest}
    return _("%(hours)s hours a week") % {"hours": hours}


@register.filter
def duration(minutes):
    """Minutes as hours and minutes: "25 min", "1 h 30 min", "3 hours"."""
    hours, rest = divmod(int(minutes or 0), 60)
    if not hours:
        return _("%(minutes)s min") % {"minutes": rest}
    if rest:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}
    return _("%(hours)s hours") % {"hours": hours}


@register.filter
def referral_state(value):
    return Referral.State(value).label if value in Referral.State.values else value


@register.filter
def absence_reason(value):
    return Attendance.Reason(value).label if value in Attendance.Reason.values else value


@register.filter
def time_kind(value):
    return MentorTime.Kind(value).label if value in MentorTime.Kind.values else value
