"""What rules registers: the legal deadlines on the worklist and in the case file, the nightly scan, its rows as
personal data, and the receiver that re-evaluates a citizen when their facts change."""

from django.utils.translation import gettext_lazy as _

from helhed.citizens.casefile import MAIN, OVERVIEW, Section, register_section
from helhed.citizens.pages import register_page_title
from helhed.citizens.personal_data import DELETE, PersonalData, declare
from helhed.citizens.signals import facts_changed
from helhed.citizens.worklist import WorklistSource, register_source
from helhed.core.models import Role
from helhed.core.schedule import register_periodic
from helhed.core.signals import municipality_settings_changed
from helhed.rules.models import EvaluationStamp, ObligationExemption, ObligationRecord
from helhed.rules.services import forget_evaluations, refresh_after_change
from helhed.rules.tasks import evaluate_obligations_nightly
from helhed.rules.views import obligations_context, worklist_context

register_source(WorklistSource(
    key="obligations", template="rules/worklist_obligations.html", context=worklist_context,
    roles=frozenset({Role.CASEWORKER, Role.COORDINATING_CASEWORKER}), order=10,
))
register_section(Section("obligations", "rules/obligations.html", OVERVIEW, MAIN, order=20,
                         context=obligations_context))
register_periodic(evaluate_obligations_nightly, nightly=True)
facts_changed.connect(refresh_after_change, dispatch_uid="rules.refresh_after_change")
municipality_settings_changed.connect(lambda municipality, **kwargs: forget_evaluations(municipality), weak=False,
                                      dispatch_uid="rules.forget_evaluations")

declare(PersonalData(ObligationExemption, "citizen", DELETE, order=80))
declare(PersonalData(
    ObligationRecord, "citizen", DELETE, order=85, in_export=False,
    legal_basis=_("Left out of the insight export: stored results of the legal rules, computed again from the "
                  "records above (the citizen's obligations are shown on the overview)."),
))
declare(PersonalData(
    EvaluationStamp, "citizen", DELETE, order=86, in_export=False,
    legal_basis=_("Left out of the insight export: when the legal rules were last evaluated for the citizen, and "
                  "when their results can next change."),
))
register_page_title("casefile:worklist", _("What must happen"))
register_page_title("helhed_rules:exemption_add", _("Exempt with a reason"))
