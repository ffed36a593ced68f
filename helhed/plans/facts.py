"""What the rules read about plans: when the citizen's plan was made and last followed up."""

from helhed.plans.models import Plan
from helhed.rules.facts import PlanFact


def plans_for(citizen_ids):
    return {
        citizen_id: [PlanFact(created_on=created_at.date(), followed_up_on=followed_up)]
        for citizen_id, created_at, followed_up in Plan.objects.filter(
            citizen_id__in=citizen_ids, version__gt=0
        ).values_list("citizen_id", "created_at", "last_followed_up_on")
    }
