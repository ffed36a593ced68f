"""The plan page, editing with involvement and conflict handling, history with diffs, signing, progression, small
steps, "my story", and the plan as PDF."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helhed.citizens.access import get_access
from helhed.citizens.pages import render_citizen_page
from helhed.citizens.readlog import log_citizen_view
from helhed.core.forms import add_service_error, submit
from helhed.core.models import Role
from helhed.core.pdf import pdf_response
from helhed.core.views import staff_required
from helhed.offers.selectors import offers_in_plan
from helhed.plans import content as plan_content
from helhed.plans import selectors, services
from helhed.plans.forms import (
    PlanForm,
    PlanPartForm,
    ScoringForm,
    SignForm,
    SmallStepForm,
    StepFormSet,
    StoryForm,
    steps_initial,
)
from helhed.plans.models import Actor, PlanStep

FIELD_LABELS = {**plan_content.TEXT_FIELDS}


def _plan_context(citizen, language, *, detail=True, progression=True):
    """`detail`: progression, small steps and the story, for the full record and the team members who meet the
    citizen; a partner on the team sees the plan itself (every helper's part) but not those."""
    plan = selectors.plan_of(citizen)
    steps = list(plan.steps.all()) if plan else []
    by_owner = {actor: [s for s in steps if s.owner == actor] for actor in Actor.values}
    return {
        "plan": plan if plan and plan.version else None, "steps": steps,
        "steps_by_owner": [(label, by_owner[actor], (plan.sections.get(actor, "") if plan else ""))
                           for actor, label in Actor.choices],
        "latest": selectors.latest_version(plan) if plan and plan.version else None,
        "small_steps": selectors.small_steps(citizen) if detail else [],
        "chart": selectors.progression(citizen, language) if detail and progression else None,
        "story": selectors.story_of(citizen) if detail else None, "open_status": PlanStep.Status.OPEN,
        "detail": detail,
    }


def _detail_access(request, pk):
    access = get_access(request.staff, pk)
    if not access.works_with_citizen:
        raise Http404
    return access


@staff_required
def plan_page(request, pk):
    access = get_access(request.staff, pk)
    context = _plan_context(access.citizen, request.LANGUAGE_CODE, detail=access.works_with_citizen)
    latest = context["latest"]
    context["sign_form"] = SignForm(initial={"number": latest.number}) if latest else None
    context["small_step_form"] = SmallStepForm()
    context["plan_offers"] = offers_in_plan(access.citizen, timezone.localdate())
    return render_citizen_page(request, "plans/plan.html", access=access, context=context)


@staff_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    access = get_access(request.staff, pk, write=True)
    citizen = access.citizen
    plan = selectors.plan_of(citizen)
    current = plan_content.of_plan(plan)
    version = plan.version if plan else 0
    conflict = None
    # Agreements from conversations not in the plan yet: a list to tick, not step rows (180 of them as rows were more
    # fields than Django takes in one request). The ticked ones become steps on save; the rest stay pending.
    agreements = selectors.pending_agreements(citizen, plan)
    if request.method == "POST":
        form = PlanForm(request.POST, agreements=agreements)
        steps = StepFormSet(request.POST, prefix="steps")
        if form.is_valid() and steps.is_valid():
            content = form.content([s for s in (f.step() for f in steps.forms) if s])
            data = form.cleaned_data
            try:
                services.save_plan(
                    staff=request.staff, citizen=citizen, base_version=data["base_version"], content=content,
                    involvement=data["involvement"], citizen_position=data["citizen_position"],
                    citizen_reason=data["citizen_reason"], change_note=data["change_note"],
                )
            except services.PlanConflict as error:
                if error.merged == error.theirs:  # a second click on Save, or the same change made twice
                    messages.info(request, _("These changes are already saved."))
                    return redirect("plans:plan", pk=pk)
                conflict = error
                # The citizen's position is asked again: the combined plan holds changes they may not have heard.
                keep = {f: data[f] for f in ("involvement", "citizen_reason", "change_note")}
                # The ticked agreements are steps in the combined plan now; the others are listed again.
                agreements = selectors.pending_agreements(citizen, selectors.plan_of(citizen),
                                                          also=error.merged["steps"])
                form = PlanForm(initial=PlanForm.initial_from(error.merged, base_version=error.current, **keep),
                                agreements=agreements)
                steps = StepFormSet(prefix="steps", initial=steps_initial(error.merged))
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The plan was saved as a new version."))
                return redirect("plans:plan", pk=pk)
    else:
        form = PlanForm(initial=PlanForm.initial_from(current, base_version=version), agreements=agreements)
        steps = StepFormSet(prefix="steps", initial=steps_initial(current))
    their_values = {}
    if conflict:
        for field in conflict.conflicts:
            if field in FIELD_LABELS:
                their_values[field] = (FIELD_LABELS[field], conflict.theirs[field])
            elif field.startswith("section:"):
                actor = field.split(":", 1)[1]
                their_values[f"section_{actor}"] = (dict(Actor.choices)[actor], conflict.theirs["sections"].get(actor, ""))
            elif field.startswith("step:"):
                key = field.split(":", 1)[1]
                step = next((s for s in conflict.theirs["steps"] if s["key"] == key), None)
                their_values[field] = (_("Step"), plan_content._step_text(step) if step else _("(removed)"))
    return render_citizen_page(request, "plans/plan_form.html", access=access, context={
        "form": form, "steps": steps, "conflict": conflict, "their_values": their_values,
        "their_changes": plan_content.diff(conflict.base, conflict.theirs) if conflict else [],
    })


ACTOR_FOR_ROLE = {Role.MENTOR: Actor.MENTOR, Role.JOB_BROKER: Actor.JOB_BROKER}


@staff_required
@require_http_methods(["GET", "POST"])
def plan_part(request, pk):
    """A mentor's or job broker's own part of the plan ("where can I see myself and my efforts in your plan?").
    Saved as a new version of the whole plan, with the citizen's involvement, like any other change."""
    access = get_access(request.staff, pk, meet=True)
    actor = ACTOR_FOR_ROLE.get(access.role, Actor.CASEWORKER)
    plan = selectors.plan_of(access.citizen)
    if plan is None or not plan.version:
        messages.info(request, _("There is no plan yet. The caseworker writes it with the citizen first."))
        return redirect("plans:plan", pk=pk)
    current = plan_content.of_plan(plan)
    form = PlanPartForm(request.POST or None, initial={
        "base_version": plan.version, "text": current["sections"].get(actor, "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content = {**current, "sections": {**current["sections"], actor: data["text"]}}
        try:
            services.save_plan(staff=request.staff, citizen=access.citizen, base_version=data["base_version"],
                               content=content, involvement=data["involvement"],
                               citizen_position=data["citizen_position"], citizen_reason=data["citizen_reason"],
                               change_note=_("%(actor)s's part changed.") % {"actor": dict(Actor.choices)[actor]})
        except services.PlanConflict as conflict:
            # Someone saved meanwhile: keep the text and save it on top of the newest version next time.
            form = PlanPartForm({**request.POST.dict(), "base_version": conflict.current})
            form.is_valid()
            form.add_error(None, _("Someone else saved the plan meanwhile. Your text is kept: save again to add it "
                                   "to the newest version."))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your part of the plan was saved as a new version."))
            return redirect("plans:plan", pk=pk)
    return render_citizen_page(request, "plans/plan_part_form.html", access=access,
                               context={"form": form, "actor_label": dict(Actor.choices)[actor]})


@staff_required
def plan_history(request, pk):
    access = _detail_access(request, pk)
    plan = selectors.plan_of(access.citizen)
    history = selectors.version_changes(selectors.versions(plan)) if plan else []
    return render_citizen_page(request, "plans/plan_history.html", access=access, context={"history": history})


@staff_required
@require_POST
def plan_sign(request, pk):
    access = get_access(request.staff, pk, write=True)
    plan = selectors.plan_of(access.citizen)
    form = SignForm(request.POST)
    if plan is None or not form.is_valid():
        messages.error(request, _("Say how the citizen approved the plan."))
    else:
        try:
            services.sign(staff=request.staff, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The citizen's approval of the plan is recorded."))
    return redirect("plans:plan", pk=pk)


EDITIONS = {"fuld": "plans/pdf/full.html", "let": "plans/pdf/easy_read.html", "print": "plans/pdf/print.html"}


@staff_required
def plan_pdf(request, pk):
    """The plan as PDF: the full plan, an easy-read version, or a print layout for a meeting with pen and paper;
    in Danish or English (`?sprog=en`)."""
    access = get_access(request.staff, pk)
    edition = request.GET.get("udgave", "fuld")
    edition = edition if edition in EDITIONS else "fuld"
    template = EDITIONS[edition]
    language = "en" if request.GET.get("sprog") == "en" else "da"
    log_citizen_view(request=request, citizen=access.citizen, page="plans:plan_pdf", reason=access.reason,
                     role=access.role)
    with translation.override(language):
        context = {
            "citizen": access.citizen, "today": timezone.localdate(), "language": language,
            **_plan_context(access.citizen, language, detail=access.works_with_citizen, progression=edition == "fuld"),
        }
        return pdf_response(request, template, context, filename=f"plan-{edition}-{language}.pdf")


@staff_required
@require_http_methods(["GET", "POST"])
def scoring_add(request, pk):
    access = get_access(request.staff, pk, meet=True)
    instrument = selectors.builtin_instrument()
    form = ScoringForm(request.POST or None, instrument=instrument, language=request.LANGUAGE_CODE)

    def record(**data):
        return services.record_scoring(
            staff=request.staff, citizen=access.citizen, instrument=instrument, values=form.values(),
            scored_on=data["scored_on"], together_with_citizen=data["together_with_citizen"], note=data["note"],
        )

    if submit(request, form, record, _("The scoring was saved.")):
        return redirect(reverse("plans:plan", args=[pk]) + "#progression")
    return render_citizen_page(request, "plans/scoring_form.html", access=access,
                               context={"form": form, "instrument": instrument})


@staff_required
@require_http_methods(["GET", "POST"])
def small_step_add(request, pk):
    access = get_access(request.staff, pk, meet=True)
    form = SmallStepForm(request.POST or None)
    if submit(request, form, partial(services.add_small_step, staff=request.staff, citizen=access.citizen),
              _("The small step was noted.")):
        return redirect(reverse("plans:plan", args=[pk]) + "#small-steps")
    return render_citizen_page(request, "plans/small_step_form.html", access=access, context={"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def story(request, pk):
    """My story. On a person's first view of the citizen, the overview and the team view open here instead."""
    access = _detail_access(request, pk)
    current = selectors.story_of(access.citizen)
    form = None
    if access.can_meet:
        form = StoryForm(request.POST or None, initial={
            "text": current.text, "written_with_citizen": current.written_with_citizen} if current else None)
        save = partial(services.save_story, staff=request.staff, citizen=access.citizen)
        if submit(request, form, save, _("The story was saved.")):
            return redirect("plans:story", pk=pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render_citizen_page(request, "plans/story.html", access=access, context={
        "story": current, "form": form, "first_view": request.GET.get("foerste") == "1",
    })
