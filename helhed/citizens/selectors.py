"""Reads of citizen data. Access filtering happens here, in the query."""

import datetime

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from helhed.citizens.access import active_on, reason_subqueries, strongest_reason, visible_citizens_with_reasons
from helhed.citizens.models import BenefitPeriod, Case, Citizen, Consent, SafetyMarker, TargetGroupPeriod
from helhed.core.models import StaffMember


def _active_marker():
    return SafetyMarker.objects.filter(citizen=OuterRef("pk"), removed_at__isnull=True)


def my_citizens(staff: StaffMember, *, query: str = "", group: str = "") -> QuerySet[Citizen]:
    """"Mine borgere": every citizen the staff member has a reason to see; search by name or CPR, filter by group."""
    current_period = TargetGroupPeriod.objects.filter(citizen=OuterRef("pk"), valid_to__isnull=True)
    citizens = visible_citizens_with_reasons(staff).annotate(
        current_group=Subquery(current_period.values("group")[:1]),
        has_safety_marker=Exists(_active_marker()),
    )
    query = (query or "").strip()
    if query:
        digits = query.replace("-", "").replace(" ", "")
        if digits.isdigit():
            citizens = citizens.filter(cpr__startswith=digits)
        else:
            for word in query.casefold().split():
                citizens = citizens.filter(search_name__contains=word)
    if group:
        citizens = citizens.filter(Exists(current_period.filter(group=group)))
    return citizens.order_by("last_name", "first_name", "pk")


def active_safety_markers(citizen: Citizen) -> list[SafetyMarker]:
    return list(SafetyMarker.objects.filter(citizen=citizen, removed_at__isnull=True).select_related("set_by__user"))


def target_periods(citizen) -> list[TargetGroupPeriod]:
    return list(TargetGroupPeriod.objects.filter(citizen=citizen).select_related("decided_by__user").order_by("-valid_from"))


def group_on(citizen: Citizen, day: datetime.date) -> str | None:
    """The citizen's target group on `day`, or None. Several sections of a page ask; a citizen read for a request
    (`access.get_access`) keeps the answer for that request."""
    memo = citizen.__dict__.setdefault("_groups_on", {}) if getattr(citizen, "request_scoped", False) else {}
    if day not in memo:
        memo[day] = (TargetGroupPeriod.objects.filter(active_on(day), citizen=citizen)
                     .order_by("-valid_from").values_list("group", flat=True).first())
    return memo[day]


def current_target_period(citizen) -> TargetGroupPeriod | None:
    return TargetGroupPeriod.objects.filter(citizen=citizen, valid_to__isnull=True).first()


def benefit_periods(citizen) -> list[BenefitPeriod]:
    return list(BenefitPeriod.objects.filter(citizen=citizen).order_by("-valid_from"))


def consents(citizen) -> list[Consent]:
    return list(Consent.objects.filter(citizen=citizen).select_related("recipient_unit", "recorded_by__user"))


def reasons_for(staff: StaffMember, citizen_ids) -> dict[int, str]:
    """The strongest reason `staff` has for each citizen, in one query (for the read log of lists)."""
    rows = Citizen.objects.filter(pk__in=citizen_ids).annotate(
        **{f"has_{reason}": subquery for reason, subquery in reason_subqueries(staff).items()}
    )
    return {row.pk: strongest_reason(row) for row in rows}


def open_case(citizen) -> Case | None:
    return (Case.objects.filter(citizen=citizen, status=Case.Status.OPEN)
            .select_related("responsible__user", "responsible__unit").first())
