"""Which citizens a programme's criterion selects, and what the selected group looks like in aggregate.

Facts read: the open case, the target group on the day, time on benefit, age (from the CPR number) and the postal
code. Time on benefit is counted from the first day of the earliest benefit period, for a citizen who has a benefit
on the day; a gap between periods is not subtracted (the generated and migrated data have none; a kommune whose
data has gaps should know that this counts the whole span).
"""

import datetime
from collections import Counter
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from helhed.citizens import cpr as cpr_numbers
from helhed.citizens.models import BenefitPeriod, Case, Citizen, TargetGroup, TargetGroupPeriod
from helhed.core.figures import Table, people

DAYS_PER_YEAR = Decimal("365.25")


def _covering(model, day):
    return model.objects.filter(citizen=OuterRef("pk"), valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def candidates(criterion, day: datetime.date):
    """The citizens the criterion selects on `day` before the age test (which needs the CPR number), in SQL."""
    citizens = Citizen.objects.filter(municipality_id=criterion.municipality_id).filter(
        Exists(Case.objects.filter(citizen=OuterRef("pk"), status=Case.Status.OPEN)))
    if criterion.target_groups:
        citizens = citizens.filter(Exists(_covering(TargetGroupPeriod, day).filter(group__in=criterion.target_groups)))
    if criterion.min_years_on_benefit is not None:
        since = day - datetime.timedelta(days=int(criterion.min_years_on_benefit * DAYS_PER_YEAR))
        citizens = citizens.filter(
            Exists(_covering(BenefitPeriod, day)),
            Exists(BenefitPeriod.objects.filter(citizen=OuterRef("pk"), valid_from__lte=since)),
        )
    if criterion.postal_codes:
        citizens = citizens.filter(postal_code__in=criterion.postal_codes)
    return citizens


def _age(cpr: str, day: datetime.date) -> int | None:
    try:
        return cpr_numbers.age_on(cpr_numbers.birth_date(cpr), day)
    except ValueError:
        return None


def selected_ids(criterion, day: datetime.date) -> list[int]:
    """The ids of the citizens the criterion selects on `day`, in id order."""
    rows = candidates(criterion, day).order_by("pk").values_list("pk", "cpr")
    if criterion.min_age is None and criterion.max_age is None:
        return [pk for pk, _cpr in rows]
    low, high = criterion.min_age or 0, criterion.max_age if criterion.max_age is not None else 200
    chosen = []
    for pk, cpr in rows:
        age = _age(cpr, day)
        if age is not None and low <= age <= high:
            chosen.append(pk)
    return chosen


def group_profile(criterion, ids: list[int], day: datetime.date) -> list[Table]:
    """The selected group (`ids`, from `selected_ids`) in aggregate, for anyone defining the programme: by target
    group and by years on benefit. Counts under 5 are suppressed; no names. The rows are read through the
    criterion's SQL (a list of tens of thousands of ids would pass SQLite's limit on parameters)."""
    chosen, pool = set(ids), candidates(criterion, day).values("pk")
    groups = Counter(group for citizen_id, group in TargetGroupPeriod.objects.filter(
        citizen_id__in=pool, valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .values_list("citizen_id", "group") if citizen_id in chosen)
    by_group = Table(_("The selected group by target group"), [_("Target group"), _("Citizens")])
    labels = dict(TargetGroup.choices)
    for code, n in sorted(groups.items(), key=lambda item: -item[1]):
        by_group.add(labels.get(code, code), people(n))
    firsts = {}
    for citizen_id, start in BenefitPeriod.objects.filter(citizen_id__in=pool).values_list("citizen_id", "valid_from"):
        if citizen_id not in chosen:
            continue
        firsts[citizen_id] = min(start, firsts.get(citizen_id, start))
    bands = Counter()
    for start in firsts.values():
        years = (day - start).days / float(DAYS_PER_YEAR)
        bands[_band(years)] += 1
    by_years = Table(_("The selected group by years on benefit"), [_("Years on benefit"), _("Citizens")])
    for label in BANDS:
        by_years.add(label, people(bands.get(label, 0)))
    return [by_group, by_years]


BANDS = ["0–1", "1–3", "3–5", "5–8", "8+"]


def _band(years: float) -> str:
    for limit, label in ((1, "0–1"), (3, "1–3"), (5, "3–5"), (8, "5–8")):
        if years < limit:
            return label
    return "8+"
