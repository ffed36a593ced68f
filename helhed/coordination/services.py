import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.citizens.models import Citizen
from helhed.citizens.services import check_case_date
from helhed.citizens.signals import citizen_facts_changed
from helhed.coordination.models import CaseTeamMember
from helhed.core.models import StaffMember


def add_team_member(
    *, staff: StaffMember, citizen: Citizen, member: StaffMember, role: str, assignment: str = "",
    valid_from: datetime.date | None = None,
) -> CaseTeamMember:
    valid_from = valid_from or timezone.localdate()
    check_case_date(valid_from)
    if member.municipality_id != citizen.municipality_id:
        raise ValidationError({"member": _("The person must work for the same municipality or its providers.")})
    if CaseTeamMember.objects.filter(citizen=citizen, staff=member, role=role, ended_at__isnull=True,
                                     valid_to__isnull=True).exists():
        raise ValidationError({"member": _("The person is already on the team in this role.")})
    membership = CaseTeamMember.objects.create(
        municipality=citizen.municipality, citizen=citizen, staff=member, role=role, organisation=member.unit,
        assignment=assignment.strip(), valid_from=valid_from, added_by=staff,
    )
    citizen_facts_changed(citizen)  # a coordinating caseworker meets the § 36 obligation
    return membership


def end_team_membership(*, staff: StaffMember, membership: CaseTeamMember):
    """End a membership now: the access that rests on it ends at once, as a consent withdrawal does."""
    if membership.ended_at is not None or (membership.valid_to and membership.valid_to < timezone.localdate()):
        raise ValidationError(_("The membership has already ended."))
    membership.ended_at = timezone.now()
    membership.valid_to = max(timezone.localdate(), membership.valid_from)
    membership.save(update_fields=["ended_at", "valid_to"])
    citizen_facts_changed(membership.citizen)
    return membership
