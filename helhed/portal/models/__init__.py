"""The portal's own rows: what the citizen asks, reports and writes from the portal, and the kommune's policy.

Each area has a module. Every row that a citizen's action creates keeps a change history (simple_history), whose
change reason names the portal, so the data-protection officer's change history shows what the citizen did."""

from helhed.portal.models.appointments import AbsenceNotice, MoveRequest
from helhed.portal.models.events import PortalEvent
from helhed.portal.models.messages import Attachment, Message, Thread
from helhed.portal.models.plan import PlanAnswer
from helhed.portal.models.policy import PortalPolicy

__all__ = ["AbsenceNotice", "Attachment", "Message", "MoveRequest", "PlanAnswer", "PortalEvent", "PortalPolicy", "Thread"]
