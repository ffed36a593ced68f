"""Reads for absence cases: the case file's list, each role's worklist, who may do what, and the statistics."""

import datetime
import statistics
from collections import Counter, defaultdict

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from helhed.citizens.access import FULL, visible_citizens
from helhed.core.models import Role, StaffMember
from helhed.sanctions.models import BlockedDecision, Decision, Hearing, SanctionCase

Stage = SanctionCase.Stage


def citizen_cases(citizen):
    return (SanctionCase.objects.filter(citizen=citizen).select_related("referred_to__user", "decision")
            .order_by("-event_on", "-pk"))


def worklist(staff: StaffMember):
    """A sanction officer's open cases sent to them; for everyone else, the open cases of the citizens they work for
    (write access) and the absences they registered themselves while they may still see the citizen.

    Each case carries `citizen_answered` (the citizen answered the hearing in the portal) and `answered_late` (after
    the deadline), so the list shows that an answer waits to be read."""
    portal_answer = Hearing.objects.filter(case=OuterRef("pk"), answered_in_portal=True)
    base = (SanctionCase.objects.select_related("citizen").order_by("event_on", "pk")
            .annotate(citizen_answered=Exists(portal_answer),
                      answered_late=Exists(portal_answer.filter(answered_on__gt=F("deadline")))))
    if staff.has_role(Role.SANCTION_OFFICER):
        return base.filter(referred_to=staff, status=SanctionCase.Status.OPEN)
    own = visible_citizens(staff, write=True).values("pk")
    seen = visible_citizens(staff).values("pk")
    return base.filter(status=SanctionCase.Status.OPEN, municipality_id=staff.municipality_id).filter(
        Q(citizen_id__in=own) | Q(reported_by=staff, citizen_id__in=seen))


def is_deciding_officer(staff: StaffMember, case: SanctionCase) -> bool:
    return staff.has_role(Role.SANCTION_OFFICER) and case.referred_to_id == staff.pk


def may_document(staff: StaffMember, access, case: SanctionCase) -> bool:
    """The citizen's caseworkers, the person who registered the absence and the deciding officer may document."""
    return access.can_write or case.reported_by_id == staff.pk or is_deciding_officer(staff, case)


def sees_reasoning(staff: StaffMember, access, case: SanctionCase) -> bool:
    """The assessments and the decision's reasons are for the officer and the citizen's team with the full record
    (the caseworkers); a mentor or partner sees the case's stage and outcome only."""
    return access.level == FULL or is_deciding_officer(staff, case)


def officers(municipality_id: int):
    return (StaffMember.objects.filter(municipality_id=municipality_id, roles__role=Role.SANCTION_OFFICER,
                                       user__is_active=True).select_related("user", "unit").distinct()
            .order_by("user__first_name", "user__last_name"))


def unit_statistics(municipality_id: int, *, since: datetime.date | None = None) -> list[dict]:
    """Per unit where the absences were registered: absences, the share resolved by contact, sanctions decided,
    decisions the checker blocked and what was missing, and the days from absence to decision."""
    since = since or timezone.localdate() - datetime.timedelta(days=365)
    cases = list(SanctionCase.objects.filter(municipality_id=municipality_id, event_on__gte=since)
                 .values("pk", "stage", "event_on", "reported_by__unit__name"))
    decisions = {d["case_id"]: d for d in Decision.objects.filter(case__in=[c["pk"] for c in cases])
                 .values("case_id", "outcome", "decided_on")} if cases else {}
    blocked = defaultdict(list)
    for row in BlockedDecision.objects.filter(case__in=[c["pk"] for c in cases]).values("case_id", "missing"):
        blocked[row["case_id"]].append(row["missing"])
    units: dict[str, dict] = {}
    for case in cases:
        unit = units.setdefault(case["reported_by__unit__name"] or "–", {
            "absences": 0, "resolved": 0, "sanctions": 0, "no_sanction": 0, "open": 0, "blocked": 0,
            "missing": Counter(), "days": []})
        unit["absences"] += 1
        unit["resolved"] += case["stage"] == Stage.RESOLVED
        unit["open"] += case["stage"] in (Stage.DOCUMENTING, Stage.REFERRED, Stage.HEARING)
        decision = decisions.get(case["pk"])
        if decision:
            unit["sanctions" if decision["outcome"] != Decision.Outcome.NONE else "no_sanction"] += 1
            unit["days"].append((decision["decided_on"] - case["event_on"]).days)
        for missing in blocked.get(case["pk"], []):
            unit["blocked"] += 1
            unit["missing"].update(missing)
    rows = []
    for name, unit in sorted(units.items()):
        rows.append({
            "unit": name, **{k: unit[k] for k in ("absences", "resolved", "sanctions", "no_sanction", "open", "blocked")},
            "resolved_share": round(100 * unit["resolved"] / unit["absences"]) if unit["absences"] else 0,
            "missing": unit["missing"].most_common(5),
            "median_days": statistics.median(unit["days"]) if unit["days"] else None,
        })
    return rows
