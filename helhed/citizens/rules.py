"""`rules` predicates, one per need-to-know reason, for checks on a single citizen object.

They run the same subqueries as the list filters in `access.py`, so a predicate and a list never disagree
(`tests/test_need_to_know.py` checks that for every role and citizen).
"""

import rules

from helhed.citizens.access import Reason, reason_subqueries
from helhed.citizens.models import Citizen


def _holds(reason):
    def check(user, citizen):
        staff = getattr(user, "staff", None)
        if staff is None or citizen is None or citizen.municipality_id != staff.municipality_id:
            return False
        subquery = reason_subqueries(staff).get(reason)
        return subquery is not None and Citizen.objects.filter(subquery, pk=citizen.pk).exists()

    return rules.predicate(check, name=f"is_{reason}")


is_responsible_caseworker = _holds(Reason.RESPONSIBLE)
is_coordinating_caseworker = _holds(Reason.COORDINATING)
has_sanction_case = _holds(Reason.SANCTION_CASE)
has_stated_reason = _holds(Reason.STATED_REASON)
is_team_member = _holds(Reason.TEAM_MEMBER)
is_partner_with_consent = _holds(Reason.PARTNER_WITH_CONSENT)

may_see_full_record = is_responsible_caseworker | is_coordinating_caseworker | has_sanction_case | has_stated_reason
may_see_team_view = may_see_full_record | is_team_member | is_partner_with_consent
may_write_to_case = is_responsible_caseworker | is_coordinating_caseworker

rules.add_perm("citizens.view_team_view", may_see_team_view)
rules.add_perm("citizens.view_citizen", may_see_full_record)
rules.add_perm("citizens.change_citizen", may_write_to_case)
