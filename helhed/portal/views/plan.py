"""The portal's pages: "My plan" (read it, sign it or say why not) and "How I am doing" (progression and small steps).

Every read is of the signed-in citizen's own plan and progression: the rows are found through the citizen, never
through an id in the URL. The answer form posts the version number the citizen read; if the plan has moved on
meanwhile, nothing is written and the page shows the newest version with their text kept.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from helhed.core.validation import bounded_int
from helhed.plans import selectors as plan_selectors
from helhed.plans.models import Actor, PlanStep
from helhed.portal.models import PlanAnswer
from helhed.portal.services import plan as services
from helhed.portal.session import citizen_required, easy_read

# Who does a step, and whose part of the plan a text is, said to the citizen (the staff labels say "the citizen").
WHO = {
    Actor.CITIZEN: gettext_lazy("You do it"),
    Actor.CASEWORKER: gettext_lazy("Your caseworker does it"),
    Actor.MENTOR: gettext_lazy("Your mentor does it"),
    Actor.JOB_BROKER: gettext_lazy("The one who helps you find a job does it"),
    Actor.EMPLOYER: gettext_lazy("The workplace does it"),
    Actor.PARTNER: gettext_lazy("Others who help you do it"),
}


def _plan_context(citizen, *, easy: bool) -> dict:
    """The newest plan with its steps and each helper's part, its version, and how the citizen answered it."""
    plan = plan_selectors.plan_of(citizen)
    if plan is None or not plan.version:
        return {"plan": None}
    latest = plan_selectors.latest_version(plan)
    steps = [{"step": step, "who": WHO.get(step.owner, step.get_owner_display())} for step in plan.steps.all()]
    done = sum(1 for s in steps if s["step"].status == PlanStep.Status.DONE)
    if easy:  # easy to read: only what is still to be done, and how many steps are done
        steps = [s for s in steps if s["step"].status == PlanStep.Status.OPEN]
    return {
        "plan": plan, "latest": latest, "steps": steps, "steps_done": done,
        "helpers": [(WHO[actor], plan.sections[actor]) for actor in Actor.values if plan.sections.get(actor)],
        "answer": PlanAnswer.objects.filter(citizen=citizen, version=latest).first(),
        "signature": getattr(latest, "signature", None),
    }


def _render_plan(request, *, reason: str = "", reason_error: str = "", problem: str = ""):
    """The plan page; after a refused answer with the citizen's text kept and what went wrong."""
    context = _plan_context(request.citizen, easy=easy_read(request))
    context.update({
        "citizen": request.citizen, "reason": reason, "reason_error": reason_error, "problem": problem,
        "max_reason": services.MAX_REASON, "agree": services.AGREE, "disagree": services.DISAGREE,
    })
    return render(request, "portal/plan/plan.html", context)


@citizen_required
@require_GET
def plan(request):
    return _render_plan(request)


@citizen_required
@require_POST
def plan_answer(request):
    """Sign the newest version ("agree") or say why not ("disagree", with the reason). Then back to the plan."""
    answer = request.POST.get("answer", "")
    reason = request.POST.get("reason", "")
    number = bounded_int(request.POST.get("version"), default=0, low=0, high=2**31 - 1)
    try:
        services.answer_plan(citizen=request.citizen, number=number, answer=answer, reason=reason)
    except services.StalePlanVersion:
        return _render_plan(request, reason=reason, problem=_(
            "Your plan was changed while you read it. Nothing was sent. Read the new version. Then answer again."))
    except services.AlreadyAnswered as error:
        messages.info(request, error.messages[0])
        return redirect("portal:plan")
    except ValidationError as error:
        if hasattr(error, "error_dict") and "reason" in error.message_dict:
            return _render_plan(request, reason=reason, reason_error=error.message_dict["reason"][0])
        messages.error(request, " ".join(error.messages))
        return redirect("portal:plan")
    if answer == services.AGREE:
        messages.success(request, _("Thank you. You have signed your plan."))
    else:
        messages.success(request, _("Thank you. We have got your answer. Your caseworker will talk with you about it."))
    return redirect("portal:plan")


def _newest_scores(chart) -> list[dict]:
    """Each area with its newest score and the one before: a phone shows these; the chart is folded away."""
    rows = []
    for line in chart["lines"]:
        values = [v for v in line.values if v is not None]
        if values:
            rows.append({"area": line.area, "value": values[-1], "before": values[-2] if len(values) > 1 else None})
    return rows


@citizen_required
@require_GET
def progress(request):
    """How I am doing: the progression chart the staff see, the same numbers as a table, and the small steps."""
    chart = plan_selectors.progression(request.citizen, request.LANGUAGE_CODE)
    return render(request, "portal/plan/progress.html", {
        "citizen": request.citizen, "chart": chart, "newest_scores": _newest_scores(chart) if chart else [],
        "newest_on": chart["scorings"][-1].scored_on if chart else None,
        "small_steps": plan_selectors.small_steps(request.citizen),
    })


urlpatterns = [
    path("plan/", plan, name="plan"),
    path("plan/svar/", plan_answer, name="plan_answer"),
    path("fremskridt/", progress, name="progress"),
]

# No staff pages of this area: staff see the citizen's answers in the case
# file (a section on the overview, `portal/extensions/plan.py`) and the portal signature on the plan page.
