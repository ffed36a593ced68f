"""Reads for meetings: who may take part (and why others may not), the citizen's meetings, open actions."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.citizens.access import reason_label, reason_subqueries, strongest_reason
from helhed.citizens.models import Case, Citizen
from helhed.coordination.models import CaseTeamMember
from helhed.core.models import Role, StaffMember
from helhed.meetings.models import Action, Meeting


def participants(citizen):
    """The staff who may take part, each with their reason, and those on the team who may not, each with why:
    the team now and the responsible caseworker, each checked against the need-to-know reasons."""
    today = timezone.localdate()
    ids = set(CaseTeamMember.objects.filter(citizen=citizen, valid_from__lte=today)
              .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).values_list("staff_id", flat=True))
    ids |= set(Case.objects.filter(citizen=citizen, status=Case.Status.OPEN).values_list("responsible_id", flat=True))
    allowed, refused = [], []
    for staff in (StaffMember.objects.filter(pk__in=ids).select_related("user", "unit").prefetch_related("roles")
                  .order_by("user__first_name", "user__last_name")):
        row = Citizen.objects.filter(pk=citizen.pk).annotate(
            **{f"has_{code}": q for code, q in reason_subqueries(staff, today).items()}).first()
        code = strongest_reason(row)
        if code:
            allowed.append((staff, reason_label(code)))
        elif staff.has_role(Role.PARTNER):
            refused.append((staff, _("no consent from the citizen covers them")))
        else:
            refused.append((staff, _("no reason to see the citizen")))
    return allowed, refused


def meetings_of(citizen):
    return (Meeting.objects.filter(citizen=citizen).prefetch_related("staff__user", "externals")
            .select_related("organiser__user"))


def open_actions_of(staff: StaffMember):
    return (Action.objects.filter(owner_staff=staff, done_at__isnull=True).select_related("citizen", "meeting")
            .order_by("due", "pk"))


def followed_up_by(staff: StaffMember):
    """Open actions of external participants and citizens at meetings this staff member organised."""
    return (Action.objects.filter(meeting__organiser=staff, done_at__isnull=True, owner_staff__isnull=True)
            .select_related("citizen", "owner_external").order_by("due", "pk"))
