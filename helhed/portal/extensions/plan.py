"""Registrations for the portal area: plan.

Staff with the full record see the citizen's answers to the plan on the overview, right below the plan ("The
citizen's answers to the plan": signed in the portal, or disagrees and why). Plans itself shows a signature made in
the portal by its method, without knowing the portal. The answers are the citizen's personal data."""

from django.utils.translation import gettext_lazy as _

from helhed.citizens.access import FULL
from helhed.citizens.casefile import MAIN, OVERVIEW, Section, register_section
from helhed.citizens.personal_data import DELETE, PersonalData, declare
from helhed.portal.models import PlanAnswer

ANSWERS_SHOWN = 5


def _answers(citizen):
    return PlanAnswer.objects.filter(citizen=citizen).select_related("version__plan").order_by("-answered_at", "-pk")


def _answers_context(request, access):
    return {"portal_plan_answers": list(_answers(access.citizen)[:ANSWERS_SHOWN])}


# Right after the plan's own summary (plans registers it on the overview with order 10).
register_section(Section("portal_plan_answers", "portal/plan/staff_answers.html", OVERVIEW, MAIN, order=11,
                         level=FULL, context=_answers_context))


def _answer_rows(citizen):
    return [{"version": a.version.number, "agrees": a.agrees, "reason": a.reason, "answered_at": a.answered_at}
            for a in _answers(citizen).order_by("answered_at", "pk")]


def _answer_section(citizen):
    field = PlanAnswer._meta.get_field
    return {
        "title": PlanAnswer._meta.verbose_name_plural,
        "columns": [_("Version"), field("answered_at").verbose_name, field("agrees").verbose_name,
                    field("reason").verbose_name],
        "rows": [[a.version.number, a.answered_at, _("Yes") if a.agrees else _("No"), a.reason]
                 for a in _answers(citizen).order_by("answered_at", "pk")],
    }


declare(PersonalData(PlanAnswer, "citizen", DELETE, order=905, export=_answer_rows, readable=_answer_section))
