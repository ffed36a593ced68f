"""What plans registers: the plan as a rule fact, the plan's summary in the case file and the team view, "my
story" first on a person's first visit, and the plan, progression, small steps and story as personal data."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from helhed.citizens.access import TEAM
from helhed.citizens.casefile import MAIN, OVERVIEW, SIDE, TEAM_VIEW, Section, register_entry, register_section
from helhed.citizens.pages import register_page_title
from helhed.citizens.personal_data import DELETE, PersonalData, declare
from helhed.citizens.situation import SituationLine, register_situation
from helhed.plans.facts import plans_for
from helhed.plans.models import MyStory, Plan, PlanSignature, PlanStep, PlanVersion, Score, Scoring, SmallStep
from helhed.plans.selectors import plan_summary, story_first
from helhed.rules.facts import register_provider

register_provider("plans", plans_for)


def _plan_context(request, access):
    return {"plan": plan_summary(access.citizen)}


register_section(Section("plan", "plans/includes/plan_summary.html", OVERVIEW, MAIN, order=10, context=_plan_context))
register_section(Section("plan", "plans/includes/plan_summary.html", TEAM_VIEW, SIDE, order=20, level=TEAM,
                         context=_plan_context))


def _story_first(request, access):
    """A person opening the citizen for the first time reads "my story" first, if they may see it (a partner on
    the team may not: the plan itself, nothing more)."""
    if access.works_with_citizen and story_first(request, access.citizen):
        return redirect(reverse("plans:story", args=[access.citizen.pk]) + "?foerste=1")
    return None


register_entry(_story_first, order=10)


def _version_rows(citizen):
    return [
        {"number": v.number, "changed_at": v.changed_at, "content": v.content, "involvement": v.involvement,
         "citizen_position": v.citizen_position, "citizen_reason": v.citizen_reason, "change_note": v.change_note,
         "signed_at": v.signature.signed_at if hasattr(v, "signature") else None}
        for v in PlanVersion.objects.filter(plan__citizen=citizen).select_related("signature").order_by("number")
    ]


def _version_section(citizen):
    versions = (PlanVersion.objects.filter(plan__citizen=citizen).select_related("changed_by__user", "signature")
                .order_by("number"))
    return {
        "title": _("The plan, version by version"),
        "columns": [_("Version"), _("Saved"), _("By"), _("The citizen's own goal"), _("Job or education goal"),
                    _("Steps"), _("How the citizen was involved"), _("The citizen's position"), _("Approved")],
        "rows": [[v.number, v.changed_at, v.changed_by.full_name, v.content.get("own_goal", ""),
                  v.content.get("job_goal", ""), "; ".join(step["text"] for step in v.content.get("steps", [])),
                  v.get_involvement_display(),
                  v.get_citizen_position_display() + (f": {v.citizen_reason}" if v.citizen_reason else ""),
                  v.signature.signed_at if hasattr(v, "signature") else ""] for v in versions],
    }


def _scorings(citizen):
    return (Scoring.objects.filter(citizen=citizen).select_related("instrument", "scored_by__user")
            .prefetch_related("scores__item"))


def _scoring_rows(citizen):
    return [{"scored_on": s.scored_on, "instrument": str(s.instrument), "together_with_citizen": s.together_with_citizen,
             "scores": {score.item.code: score.value for score in s.scores.all()}, "note": s.note}
            for s in _scorings(citizen)]


def _scoring_section(citizen):
    return {
        "title": _("Progression"),
        "columns": [_("Date"), _("By"), _("Scores")],
        "rows": [[s.scored_on, s.scored_by.full_name,
                  ", ".join(f"{score.item.area} {score.value}" for score in s.scores.all())] for s in _scorings(citizen)],
    }


IN_VERSIONS = _("The current plan is the newest of its versions, which are shown in full.")
declare(PersonalData(Plan, "citizen", DELETE, order=200, in_export=False, legal_basis=IN_VERSIONS))
declare(PersonalData(PlanStep, "plan__citizen", DELETE, order=201, in_export=False, legal_basis=IN_VERSIONS))
declare(PersonalData(PlanVersion, "plan__citizen", DELETE, order=202, export=_version_rows,
                     readable=_version_section))
declare(PersonalData(PlanSignature, "version__plan__citizen", DELETE, order=203, in_export=False,
                     legal_basis=_("Shown with the version that was signed.")))
declare(PersonalData(Scoring, "citizen", DELETE, order=210, export=_scoring_rows, readable=_scoring_section))
declare(PersonalData(Score, "scoring__citizen", DELETE, order=211, in_export=False,
                     legal_basis=_("Shown with the scoring it belongs to.")))
declare(PersonalData(SmallStep, "citizen", DELETE, order=220))
declare(PersonalData(MyStory, "citizen", DELETE, order=230))

for name, title in {
    "plans:plan": _("The plan"), "plans:plan_edit": _("Edit the plan"), "plans:plan_part": _("My part of the plan"),
    "plans:plan_history": _("The plan's history"), "plans:plan_pdf": _("The plan as PDF"),
    "plans:scoring_add": _("Progression"), "plans:small_step_add": _("Small steps"), "plans:story": _("My story"),
}.items():
    register_page_title(name, title)


SITUATION_AREAS = ("health", "housing", "finances")


def _situation(citizen, access):
    """The latest progression scores for health, housing and finances, and the plan's stabilising activities, for
    those who work with the citizen (the same viewers the plan and the progression are shown to)."""
    if not access.works_with_citizen:
        return []
    lines = []
    scoring = Scoring.objects.filter(citizen=citizen).order_by("-scored_on", "-pk").first()
    if scoring:
        scored = (_("scored with the citizen on %(day)s") if scoring.together_with_citizen
                  else _("scored on %(day)s")) % {"day": date_format(scoring.scored_on, "SHORT_DATE_FORMAT")}
        for score in (Score.objects.filter(scoring=scoring, item__code__in=SITUATION_AREAS)
                      .select_related("item").order_by("item__position")):
            lines.append(SituationLine(score.item.area, _("%(value)s of 10") % {"value": score.value}, scored))
    plan = Plan.objects.filter(citizen=citizen).only("stabilising").first()
    if plan and plan.stabilising:
        lines.append(SituationLine(str(_("Stabilising activities")), plan.stabilising, str(_("the plan"))))
    return lines


register_situation("plan", _situation, order=10)
