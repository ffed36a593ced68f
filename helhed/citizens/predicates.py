"""django-rules permissions on one citizen object, built from the registered need-to-know reasons.

They run the same subqueries as the list filters in `access.py`, so a permission check and a list never disagree
(`tests/test_need_to_know.py` checks that for every registered reason, role and citizen).
"""

import rules

from helhed.citizens.access import FULL, reason_subqueries, reasons
from helhed.citizens.models import Citizen


def holds(code: str, user, citizen) -> bool:
    """Does `user` have the reason `code` to see `citizen` now?"""
    staff = getattr(user, "staff", None)
    if staff is None or citizen is None or citizen.municipality_id != staff.municipality_id:
        return False
    subquery = reason_subqueries(staff).get(code)
    return subquery is not None and Citizen.objects.filter(subquery, pk=citizen.pk).exists()


def _any_reason(name, keep):
    def check(user, citizen):
        return any(holds(reason.code, user, citizen) for reason in reasons() if keep(reason))

    return rules.predicate(check, name=name)


may_see_full_record = _any_reason("may_see_full_record", lambda r: r.level == FULL)
may_see_team_view = _any_reason("may_see_team_view", lambda r: True)
may_write_to_case = _any_reason("may_write_to_case", lambda r: r.write)

rules.add_perm("citizens.view_team_view", may_see_team_view)
rules.add_perm("citizens.view_citizen", may_see_full_record)
rules.add_perm("citizens.change_citizen", may_write_to_case)
