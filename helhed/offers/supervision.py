"""Reads for the kommune's supervision (tilsyn) of a provider: for a period, its referrals, attendance, time
registered and the deviations to look into at the annual visit. Counts only: no citizen is named."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.db.models.functions import TruncWeek

from helhed.core.models import OrganisationUnit
from helhed.offers.models import Attendance, MentorTime, Referral


@dataclass
class SupervisionReport:
    provider: object
    start: datetime.date
    end: datetime.date
    referrals_by_state: dict = field(default_factory=dict)
    referrals: int = 0
    days_present: int = 0
    days_absent: int = 0
    absences_by_reason: dict = field(default_factory=dict)
    minutes_by_kind: dict = field(default_factory=dict)
    minutes: int = 0
    weeks_over_grant: int = 0
    absences_reason_unknown: int = 0

    @property
    def attendance_share(self) -> float | None:
        days = self.days_present + self.days_absent
        return round(100 * self.days_present / days, 1) if days else None

    def rows(self) -> list[tuple[str, str, int]]:
        """The figures as (section, key, value) rows, for the CSV."""
        rows = [("referrals", state, n) for state, n in sorted(self.referrals_by_state.items())]
        rows += [("attendance", "present", self.days_present), ("attendance", "absent", self.days_absent)]
        rows += [("absence_reason", reason or "none", n) for reason, n in sorted(self.absences_by_reason.items())]
        rows += [("minutes", kind, n) for kind, n in sorted(self.minutes_by_kind.items())]
        rows += [("deviations", "weeks_over_grant", self.weeks_over_grant),
                 ("deviations", "absences_reason_unknown", self.absences_reason_unknown)]
        return rows


def supervision_report(provider, start: datetime.date, end: datetime.date) -> SupervisionReport:
    """Referrals to `provider` (its subcontractors report on their own) that overlap the period, and what was
    registered on them within it."""
    referrals = Referral.objects.filter(provider=provider, valid_from__lte=end, valid_to__gte=start).exclude(
        state=Referral.State.DRAFT)
    report = SupervisionReport(provider, start, end)
    report.referrals_by_state = dict(Counter(referrals.values_list("state", flat=True)))
    report.referrals = sum(report.referrals_by_state.values())
    attendance = Attendance.objects.filter(referral__in=referrals, on__range=(start, end))
    report.days_present = attendance.filter(present=True).count()
    absent = list(attendance.filter(present=False).values_list("reason", flat=True))
    report.days_absent = len(absent)
    report.absences_by_reason = dict(Counter(absent))
    report.absences_reason_unknown = report.absences_by_reason.get(Attendance.Reason.UNKNOWN, 0)
    time = MentorTime.objects.filter(referral__in=referrals, on__range=(start, end))
    report.minutes_by_kind = dict(time.values_list("kind").annotate(total=Sum("minutes")).order_by())
    report.minutes = sum(report.minutes_by_kind.values())
    weekly = (time.annotate(week=TruncWeek("on")).values("referral_id", "week", "referral__granted_minutes_per_week")
              .annotate(total=Sum("minutes")).order_by())
    report.weeks_over_grant = sum(1 for row in weekly if row["total"] > row["referral__granted_minutes_per_week"])
    return report


def providers_supervised(municipality_id):
    return OrganisationUnit.objects.filter(
        Q(kind=OrganisationUnit.Kind.PROVIDER) | Q(kind=OrganisationUnit.Kind.SUBCONTRACTOR),
        municipality_id=municipality_id).order_by("name")
