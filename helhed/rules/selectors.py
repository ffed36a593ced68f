import datetime

from django.db.models import Q

from helhed.citizens.access import visible_citizens
from helhed.rules.engine import evaluate
from helhed.rules.facts import load_facts
from helhed.rules.models import ObligationRecord
from helhed.rules.registry import REGISTRY, Status


def citizen_obligations(citizen, as_of: datetime.date) -> dict:
    """The citizen's obligations as of a date, under the rule set in force on that date."""
    facts = load_facts([citizen.pk])[citizen.pk]
    return {"as_of": as_of, "rule_set": REGISTRY.rule_set_on(as_of), "obligations": evaluate(facts, as_of)}


def worklist(staff, today: datetime.date):
    """"Det skal ske": due and overdue obligations this week for the citizens the staff member holds the case for."""
    end_of_week = today + datetime.timedelta(days=6 - today.weekday())
    own = visible_citizens(staff, write=True)
    return (
        ObligationRecord.objects.filter(citizen__in=own, status__in=[Status.DUE, Status.OVERDUE])
        .filter(Q(due__lte=end_of_week) | Q(status=Status.OVERDUE))
        .select_related("citizen")
        .order_by("due", "citizen__last_name", "pk")
    )


def explain(records, today: datetime.date):
    """Attach the live obligation (title, explanation, source, in the reader's language) to stored records."""
    facts = load_facts(list({r.citizen_id for r in records}))
    live = {
        (citizen_id, o.rule_id, o.due): o for citizen_id, f in facts.items() for o in evaluate(f, today)
    }
    for record in records:
        record.obligation = live.get((record.citizen_id, record.rule_id, record.due))
        record.facts = facts.get(record.citizen_id)
    return [r for r in records if r.obligation is not None]
