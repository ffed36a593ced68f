"""What audit registers: access on a stated reason (break the glass) as a need-to-know reason, the reason stated
for data-protection reviews, its own rows as personal data, and the titles of its pages."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.audit.models import RetentionRecord, StatedReasonAccess
from helhed.citizens.access import FULL, NeedToKnowReason, register_log_reason, register_reason
from helhed.citizens.pages import register_page_title
from helhed.citizens.personal_data import DELETE, KEEP, PersonalData, declare
from helhed.core.menu import MenuItem, register_menu_item
from helhed.core.models import Role

STATED_REASON = "stated_reason"
DATA_PROTECTION = "data_protection"


def _stated_rows(staff, today):
    if not set(staff.role_codes()) & {Role.TEAM_LEADER, Role.DATA_PROTECTION}:
        return None
    return StatedReasonAccess.objects.filter(staff=staff, expires_at__gt=timezone.now())


def _stated_role(staff):
    return Role.DATA_PROTECTION if staff.has_role(Role.DATA_PROTECTION) else Role.TEAM_LEADER


register_reason(NeedToKnowReason(
    code=STATED_REASON, label=_("Stated reason (break the glass)"), level=FULL, rank=40, rows=_stated_rows,
    acting_role=_stated_role,
    how_to_get=_("You open the citizen on a stated reason (\"See a citizen on a stated reason\"); the access is "
                 "time-limited and reviewed."),
))
register_log_reason(DATA_PROTECTION, _("Data-protection review"))

declare(PersonalData(StatedReasonAccess, "citizen", DELETE, order=910))
declare(PersonalData(
    RetentionRecord, "citizen", KEEP, order=920, in_export=False,
    legal_basis=_("Kept: documents what retention removed and why it was due (GDPR art. 5(2), accountability). "
                  "Written only when the citizen's data is removed, so never part of an insight export."),
))

for name, title in {
    "audit:access_review": _("Access review"),
    "audit:read_log": _("Read log"),
    "audit:citizen_history": _("Change history"),
    "audit:citizen_export_html": _("Insight export"),
    "audit:citizen_export_json": _("Insight export (JSON)"),
    "audit:citizen_export_pdf": _("Insight export (PDF)"),
}.items():
    register_page_title(name, title)

register_menu_item(MenuItem("audit:stated_access", _("See a citizen on a stated reason"), order=50,
                            roles=frozenset({Role.TEAM_LEADER, Role.DATA_PROTECTION})))
register_menu_item(MenuItem("audit:access_review", _("Access review"), order=60,
                            roles=frozenset({Role.TEAM_LEADER, Role.DATA_PROTECTION})))
register_menu_item(MenuItem("audit:read_log", _("Read log"), order=70, roles=frozenset({Role.DATA_PROTECTION})))
