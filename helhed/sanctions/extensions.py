"""What sanctions registers: an absence case for every absence registered in contact or offers, the sanction
officer's need-to-know reason, the absence cases on the case file, the menu, personal data and page titles."""

import datetime

from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.access import FULL, TEAM, NeedToKnowReason, register_reason
from helhed.citizens.casefile import MAIN, OVERVIEW, TEAM_VIEW, Section, register_section
from helhed.citizens.pages import register_page_title
from helhed.citizens.personal_data import DELETE, PersonalData, declare
from helhed.contact.models import Absence
from helhed.core.menu import MenuItem, register_menu_item
from helhed.core.models import Role
from helhed.offers.models import Attendance
from helhed.sanctions import selectors, services
from helhed.sanctions.models import (
    BenefitEvent,
    BlockedDecision,
    ContactAttempt,
    Decision,
    Hearing,
    Letter,
    SanctionCase,
    WrittenGuidance,
)

SANCTION_CASE = "sanction_case"
# After the decision the officer keeps the case for the complaint period and the municipality's own review.
KEEPS_DECIDED_CASE = datetime.timedelta(days=90)


def _absence_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.open_case_for_absence(instance)


def _attendance_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and not instance.present:
        services.open_case_for_attendance(instance)


post_save.connect(_absence_saved, sender=Absence, dispatch_uid="sanctions-absence")
post_save.connect(_attendance_saved, sender=Attendance, dispatch_uid="sanctions-attendance")


def _referred_rows(staff, today):
    if not staff.has_role(Role.SANCTION_OFFICER):
        return None
    since = timezone.make_aware(datetime.datetime.combine(today - KEEPS_DECIDED_CASE, datetime.time.min))
    return SanctionCase.objects.filter(referred_to=staff).filter(
        Q(status=SanctionCase.Status.OPEN) | Q(closed_at__gte=since))


register_reason(NeedToKnowReason(
    code=SANCTION_CASE, label=_("Absence case referred to you"), level=FULL, rank=30, rows=_referred_rows,
    acting_role=lambda staff: Role.SANCTION_OFFICER,
    how_to_get=_("An absence case about the citizen is sent to you."),
))


def _cases_context(request, access):
    return {"absence_case_list": selectors.citizen_cases(access.citizen)[:8],
            "may_register_refusal": access.can_write}


register_section(Section("absence_cases", "sanctions/sections/cases.html", OVERVIEW, MAIN, order=32,
                         context=_cases_context))
register_section(Section("absence_cases", "sanctions/sections/cases.html", TEAM_VIEW, MAIN, order=24, level=TEAM,
                         context=_cases_context, visible=lambda access: access.works_with_citizen))

register_menu_item(MenuItem("sanctions:worklist", _("Absence cases"), order=35,
                            roles=frozenset({Role.SANCTION_OFFICER, Role.CASEWORKER, Role.COORDINATING_CASEWORKER,
                                             Role.MENTOR})))
register_menu_item(MenuItem("sanctions:statistics", _("Absence and sanctions"), order=67,
                            roles=frozenset({Role.TEAM_LEADER, Role.SANCTION_OFFICER})))
register_menu_item(MenuItem("sanctions:rates", _("Sanction rates"), order=92, roles=frozenset({Role.ADMIN})))

for order, model in enumerate((SanctionCase, ContactAttempt, WrittenGuidance, Letter, Hearing, Decision,
                               BlockedDecision, BenefitEvent), start=80):
    declare(PersonalData(model, "citizen", DELETE, order=order))

for name, title in {
    "sanctions:case": _("Absence case"),
    "sanctions:letter_pdf": _("Letter (PDF)"),
    "sanctions:refusal_add": _("Register a refusal"),
    "sanctions:guidance_add": _("Written guidance on sanctions"),
}.items():
    register_page_title(name, title)
