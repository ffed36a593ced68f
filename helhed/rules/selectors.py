import datetime

from helhed.rules.engine import evaluate
from helhed.rules.facts import load_facts
from helhed.rules.registry import REGISTRY


def citizen_obligations(citizen, as_of: datetime.date) -> dict:
    """The citizen's obligations as of a date, under the rule set in force on that date."""
    facts = load_facts([citizen.pk])[citizen.pk]
    return {"as_of": as_of, "rule_set": REGISTRY.rule_set_on(as_of), "obligations": evaluate(facts, as_of)}
