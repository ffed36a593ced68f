"""Signals the base sends, so that apps above it can react without the base importing them."""

from django.dispatch import Signal

# Sent (with `citizen=`) after something the legal rules read about a citizen has changed: target group, team,
# conversations, plan, exemptions. `rules` re-evaluates the citizen once the transaction has committed.
facts_changed = Signal()


def citizen_facts_changed(citizen) -> None:
    facts_changed.send(sender=citizen.__class__, citizen=citizen)

# Sent (with `consent=`) when a consent is withdrawn: apps whose access rested on it end what it carried.
consent_withdrawn = Signal()
