import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.citizens.models import Citizen
from helhed.citizens.services import check_case_date
from helhed.coordination.models import CaseTeamMember
from helhed.core.models import StaffMember
from helhed.rules.services import refresh_after_change


def add_team_member(
    *, staff: StaffMember, citizen: Citizen, member: StaffMember, role: str, assignment: str = "",
    valid_from: datetime.date | None = None,
) -> CaseTeamMember:
    valid_from = valid_from or timezone.localdate()
    check_case_date(valid_from)
    if member.municipality_id != citizen.municipality_id:
        raise ValidationError({"member": _("The person must work for the same municipality or its providers.")})
    if CaseTeamMember.objects.filter(citizen=citizen, staff=member, role=role, valid_to__isnull=True).exists():
        raise ValidationError({"member": _("The person is already on the team in this role.")})
    membership = CaseTeamMember.objects.create(
        municipality=citizen.municipality, citizen=citizen, staff=member, role=role, organisation=member.unit,
        assignment=assignment.strip(), valid_from=valid_from, added_by=staff,
    )
    refresh_after_change(citizen)  # a coordinating caseworker meets the § 36 obligation
    return membership


def end_team_membership(*, staff: StaffMember, membership: CaseTeamMember, valid_to: datetime.date | None = None):
    """End a membership; access that rests on it ends the day after `valid_to` (today by default)."""
    valid_to = valid_to or timezone.localdate()
    if membership.valid_to is not None:
        raise ValidationError(_("The membership has already ended."))
    if valid_to < membership.valid_from:
        valid_to = membership.valid_from
    membership.valid_to = valid_to
    membership.save(update_fields=["valid_to"])
    return membership
