"""What the base registers with its own extension points: the person's sections of the case file and the
personal data held in the citizen record. (Its need-to-know reason, the responsible caseworker, is in `access`.)"""

from django.utils.translation import gettext_lazy as _

from helhed.citizens import selectors
from helhed.citizens.access import TEAM, reason_label
from helhed.citizens.casefile import OVERVIEW, SIDE, TEAM_VIEW, Section, register_section
from helhed.citizens.models import (
    AccessLogEntry,
    BenefitPeriod,
    Case,
    Citizen,
    Consent,
    SafetyMarker,
    TargetGroupPeriod,
)
from helhed.citizens.pages import page_title, register_page_title
from helhed.citizens.personal_data import ANONYMISE, DELETE, KEEP, PersonalData, declare
from helhed.core.menu import MenuItem, register_menu_item
from helhed.core.models import Role, role_label

register_section(Section("person", "citizens/sections/person.html", OVERVIEW, SIDE, order=10))
register_section(Section(
    "target_groups", "citizens/sections/target_groups.html", OVERVIEW, SIDE, order=20,
    context=lambda request, access: {"target_periods": selectors.target_periods(access.citizen)},
))
register_section(Section(
    "consents", "citizens/sections/consents.html", OVERVIEW, SIDE, order=30,
    context=lambda request, access: {"consents": selectors.consents(access.citizen)},
))
register_section(Section(
    "benefits", "citizens/sections/benefits.html", OVERVIEW, SIDE, order=50,
    context=lambda request, access: {"benefit_periods": selectors.benefit_periods(access.citizen)},
))
register_section(Section(
    "reach", "citizens/sections/reach.html", TEAM_VIEW, SIDE, order=10, level=TEAM,
    context=lambda request, access: {"current": selectors.current_target_period(access.citizen)},
))

ANONYMISED_NAME = "Anonymiseret"


def anonymise_citizen(citizen) -> None:
    """The citizen row stays (the read log and statistics point at it) with nothing that identifies the person."""
    Citizen.objects.filter(pk=citizen.pk).update(
        cpr=f"X{citizen.pk:09d}", first_name=ANONYMISED_NAME, last_name="", search_name="", address="",
        postal_code="", city="", phone="", email="", reachability_notes="", interpreter_needed=False,
    )


declare(PersonalData(Citizen, "", ANONYMISE, order=0, anonymise=anonymise_citizen, exclude=("search_name",)))
declare(PersonalData(Case, "citizen", DELETE, order=10))
declare(PersonalData(TargetGroupPeriod, "citizen", DELETE, order=20))
declare(PersonalData(BenefitPeriod, "citizen", DELETE, order=30))
declare(PersonalData(SafetyMarker, "citizen", DELETE, order=40))
declare(PersonalData(Consent, "citizen", DELETE, order=50))


def _read_log_rows(citizen):
    return [
        {"at": e.at, "user": e.user.get_full_name() or e.user.username, "role": e.role, "reason": e.reason,
         "page": e.page}
        for e in AccessLogEntry.objects.filter(citizen=citizen).select_related("user").order_by("at")
    ]


def _read_log_section(citizen):
    names = ["at", "user", "role", "reason", "page"]
    return {
        "title": AccessLogEntry._meta.verbose_name_plural,
        "columns": [AccessLogEntry._meta.get_field(name).verbose_name for name in names],
        "rows": [[e.at, e.user.get_full_name() or e.user.username, role_label(e.role), reason_label(e.reason),
                  page_title(e.page)]
                 for e in AccessLogEntry.objects.filter(citizen=citizen).select_related("user").order_by("at")],
    }


declare(PersonalData(
    AccessLogEntry, "citizen", KEEP, order=900, export=_read_log_rows, readable=_read_log_section,
    legal_basis=_("Kept: the read log documents who saw the citizen's data while it existed (GDPR art. 5(2), "
                  "accountability). It holds nothing but the link to the anonymised citizen."),
))

register_menu_item(MenuItem("citizens:my_citizens", _("My citizens"), order=10,
                            roles=frozenset(Role.values) - {Role.ADMIN}))
register_menu_item(MenuItem("citizens:create", _("New citizen"), order=40,
                            roles=frozenset({Role.CASEWORKER, Role.COORDINATING_CASEWORKER})))
for name, title in {
    "citizens:my_citizens": _("My citizens"),
    "citizens:create": _("New citizen"),
    "citizens:case_edit": _("Edit case"),
    "citizens:target_group_change": _("Change target group"),
    "citizens:safety_marker_add": _("Set safety marker"),
    "citizens:consent_add": _("Record consent"),
}.items():
    register_page_title(name, title)
