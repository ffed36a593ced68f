"""What sanctions registers: the sanction officer's need-to-know reason and the referral as personal data."""

from django.utils.translation import gettext_lazy as _

from helhed.citizens.access import FULL, NeedToKnowReason, register_reason
from helhed.citizens.personal_data import DELETE, PersonalData, declare
from helhed.core.models import Role
from helhed.sanctions.models import SanctionCase

SANCTION_CASE = "sanction_case"


def _referred_rows(staff, today):
    if not staff.has_role(Role.SANCTION_OFFICER):
        return None
    return SanctionCase.objects.filter(referred_to=staff, status=SanctionCase.Status.OPEN)


register_reason(NeedToKnowReason(
    code=SANCTION_CASE, label=_("Sanction case referred to you"), level=FULL, rank=30, rows=_referred_rows,
    acting_role=lambda staff: Role.SANCTION_OFFICER,
))
declare(PersonalData(SanctionCase, "citizen", DELETE, order=70))
