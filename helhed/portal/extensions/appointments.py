"""Registrations for the portal area: appointments.

- A worklist source: the citizens' wishes to move a meeting, and their word that they cannot come, on the worklist of
  the caseworkers who may write to the case (the responsible and the coordinating caseworker).
- A case-file section on the overview: the same, for one citizen, with "Mark as handled" and "Mark as seen".
- A situation provider: what the citizen reported in the portal about being ill or unable to come, as context on
  any absence case (never an absence or a sanction by itself).
- Personal data: the two kinds of row.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from helhed.citizens.access import visible_citizens
from helhed.citizens.casefile import MAIN, OVERVIEW, Section, register_section
from helhed.citizens.personal_data import DELETE, PersonalData, declare
from helhed.citizens.readlog import log_citizens_shown
from helhed.citizens.situation import SituationLine, register_situation
from helhed.citizens.worklist import WorklistSource, register_source
from helhed.core.models import Role
from helhed.portal.models import AbsenceNotice, MoveRequest
from helhed.portal.services import appointments as services

WORKLIST_ROWS = 100


def worklist_context(request) -> dict:
    """Open wishes to move a meeting, and word from citizens who cannot come that no one has seen yet, for the
    citizens this staff member may write to; one read-log row per citizen shown."""
    writable = visible_citizens(request.staff, write=True)
    moves = list(services.open_move_requests(writable)[:WORKLIST_ROWS])
    notices = list(services.recent_notices(writable, unseen_only=True)[:WORKLIST_ROWS])
    reasons = log_citizens_shown(request=request, citizens={row.citizen for row in moves + notices},
                                 page="casefile:worklist")
    return {"portal_worklist_moves": [row for row in moves if row.citizen_id in reasons],
            "portal_worklist_notices": [row for row in notices if row.citizen_id in reasons]}


register_source(WorklistSource(
    key="portal_appointments", template="portal/appointments/staff_worklist.html", context=worklist_context,
    roles=frozenset({Role.CASEWORKER, Role.COORDINATING_CASEWORKER}), order=18,
))


def _section_context(request, access) -> dict:
    citizens = [access.citizen.pk]
    return {"portal_move_requests": list(services.open_move_requests(citizens)),
            "portal_absence_notices": list(services.recent_notices(citizens))}


register_section(Section("portal_appointments", "portal/appointments/staff_casefile_section.html", OVERVIEW, MAIN,
                         order=31, context=_section_context, visible=lambda access: access.works_with_citizen))


def _situation(citizen, access) -> list[SituationLine]:
    """Each notice of the last 90 days: "Reported ill in the portal for the meeting on 3.12.2026: '…'"."""
    if not access.works_with_citizen:
        return []
    lines = []
    for notice in services.notices_for_situation(citizen):
        day = date_format(timezone.localtime(notice.appointment.starts_at), "SHORT_DATE_FORMAT")
        if notice.kind == AbsenceNotice.Kind.ILL:
            text = _("Reported ill in the portal for the meeting on %(day)s") % {"day": day}
        else:
            text = _("Reported in the portal that they cannot come to the meeting on %(day)s") % {"day": day}
        if notice.text:
            text = f"{text}: \u201c{notice.text}\u201d"
        source = _("the citizen in the portal, %(day)s") % {
            "day": date_format(timezone.localtime(notice.created_at), "SHORT_DATE_FORMAT")}
        lines.append(SituationLine(str(_("Absence reported by the citizen")), text, source))
    return lines


register_situation("portal_absence_notices", _situation, order=50)

declare(PersonalData(MoveRequest, "citizen", DELETE, order=910))
declare(PersonalData(AbsenceNotice, "citizen", DELETE, order=911))

