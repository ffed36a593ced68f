"""What the rules read about plans: the local dates of the plan's versions (made, then followed up)."""

from collections import defaultdict

from django.utils import timezone

from helhed.plans.models import PlanVersion
from helhed.rules.facts import PlanFact


def plans_for(citizen_ids):
    dates = defaultdict(set)
    for citizen_id, changed_at in PlanVersion.objects.filter(plan__citizen_id__in=citizen_ids).values_list(
        "plan__citizen_id", "changed_at"
    ):
        dates[citizen_id].add(timezone.localdate(changed_at))
    return {citizen_id: [PlanFact(tuple(sorted(days)))] for citizen_id, days in dates.items()}
