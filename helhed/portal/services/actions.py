"""Every portal action is written as a `PortalEvent` with a change history row whose change reason names the
portal; rows the citizen's action creates elsewhere carry the same change reason (`by_citizen`)."""

from helhed.portal.models import PortalEvent
from helhed.portal.models.policy import PORTAL_CHANGE_REASON


def by_citizen(instance):
    """Marks a model instance about to be saved as changed by the citizen in the portal (simple_history)."""
    instance._change_reason = PORTAL_CHANGE_REASON
    return instance


def record_action(citizen, action: str, about: str = "") -> PortalEvent:
    event = by_citizen(PortalEvent(municipality_id=citizen.municipality_id, citizen=citizen, action=action,
                                   about=about[:200]))
    event.save()
    return event
