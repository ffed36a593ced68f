"""Thin views for absence cases: one page per case with a form per step; each step posts to its own URL and comes
back to the page (with the form and its input kept when a service says no)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helhed.citizens.access import get_access
from helhed.citizens.models import BenefitPeriod, TargetGroupPeriod
from helhed.citizens.pages import render_citizen_page
from helhed.citizens.readlog import log_citizen_view, log_citizens_shown
from helhed.citizens.situation import situation_of
from helhed.core.figures import MIN_CELL, amount, people, share
from helhed.core.forms import add_service_error, submit
from helhed.core.models import Role
from helhed.core.pdf import pdf_response
from helhed.core.views import staff_required
from helhed.rules import sanctions as rules
from helhed.sanctions import forms, selectors, services
from helhed.sanctions.models import Decision, Hearing, Letter, SanctionCase, SanctionRate, WrittenGuidance

Stage = SanctionCase.Stage
DOCUMENTERS = {Role.CASEWORKER, Role.COORDINATING_CASEWORKER, Role.MENTOR, Role.JOB_BROKER, Role.SANCTION_OFFICER}


def _case(request, pk, case_pk):
    access = get_access(request.staff, pk)
    if not access.works_with_citizen:
        raise Http404
    case = get_object_or_404(SanctionCase.objects.select_related("referred_to__user", "reported_by__user"),
                             pk=case_pk, citizen=access.citizen)
    return access, case


def _checker(case):
    """Each requirement for the decision that would sanction (deduction, or reduction for § 40), met or not."""
    outcome = rules.REDUCTION if case.ground == SanctionCase.Ground.REDUCTION else rules.DEDUCTION
    facts, deduction = services.facts_for(case, outcome=outcome, reasons="x" * rules.MIN_TEXT,
                                          decided_on=timezone.localdate())
    rows = [{"requirement": r, "met": r.met(facts)} for r in rules.REQUIREMENTS
            if r.code != "reasons" and r.applies(facts)]
    return rows, deduction, facts


def _page(request, access, case, *, bound=None, status=200):
    staff = request.staff
    officer = selectors.is_deciding_officer(staff, case)
    documenter = selectors.may_document(staff, access, case)
    open_case = case.stage in services.BEFORE_DECISION
    hearing = Hearing.objects.filter(case=case).first()
    decision = Decision.objects.filter(case=case).select_related("decided_by__user").first()
    checker, deduction, facts = _checker(case) if open_case else ([], None, None)
    forms_ = {}
    if open_case and documenter:
        forms_["context"] = forms.ContextForm(initial={
            "citizen_explanation": case.citizen_explanation, "staff_note": case.staff_note,
            "contact_on": case.contact_on, "self_booked": case.self_booked,
            "seen": services.context_fingerprint(case)})
        forms_["attempt"] = forms.AttemptForm()
        if case.stage == Stage.DOCUMENTING and access.can_write:
            forms_["resolve"] = forms.ResolveForm()
            forms_["refer"] = forms.ReferForm(officers=selectors.officers(case.municipality_id))
        if hearing and not hearing.answered_on:
            forms_["answer"] = forms.AnswerForm()
    if open_case and officer:
        forms_["assess"] = forms.AssessmentForm(initial={
            "reasonable_cause": case.reasonable_cause, "cause_examples": case.cause_examples,
            "reasonable_cause_assessment": case.reasonable_cause_assessment,
            "availability_promoted": {True: "yes", False: "no"}.get(case.availability_promoted, ""),
            "availability_reasoning": case.availability_reasoning,
            "vulnerability_assessment": case.vulnerability_assessment})
        if hearing is None:
            forms_["hearing"] = forms.HearingForm(initial={
                "deadline": timezone.localdate() + datetime.timedelta(days=services.HEARING_DAYS)})
        forms_["decide"] = forms.DecisionForm()
    if bound:
        forms_.update(bound)
    target = (TargetGroupPeriod.objects.filter(citizen=access.citizen, valid_from__lte=case.event_on)
              .order_by("-valid_from").first())
    benefit = (BenefitPeriod.objects.filter(citizen=access.citizen, valid_from__lte=case.event_on)
               .order_by("-valid_from").first())
    return render_citizen_page(request, "sanctions/case.html", access=access, status=status, context={
        "case": case, "forms": forms_, "is_officer": officer, "may_document": documenter,
        "sees_reasoning": selectors.sees_reasoning(staff, access, case), "hearing": hearing, "decision": decision,
        "attempts": case.attempts.select_related("by__user"), "letters": case.letters.all(),
        "checker": checker, "deduction": deduction, "aktivitetsparat": facts.aktivitetsparat if facts else None,
        "guidance": WrittenGuidance.objects.filter(citizen=access.citizen).first(),
        "target_period": target if target and target.covers(case.event_on) else None,
        "benefit_period": benefit if benefit and benefit.covers(case.event_on) else None,
        "cause_examples": rules.REASONABLE_CAUSE_EXAMPLES, "open_case": open_case,
        "last_day_to_decide": rules.last_day_to_decide(case.event_on),
        "situation": situation_of(access.citizen, access),
    })


@staff_required
@require_http_methods(["GET"])
def case(request, pk, case_pk):
    access, found = _case(request, pk, case_pk)
    return _page(request, access, found)


def _step(request, pk, case_pk, *, name, form_class, action, success, allowed, form_kwargs=None):
    access, found = _case(request, pk, case_pk)
    if not allowed(request.staff, access, found):
        raise Http404
    form = form_class(request.POST, **(form_kwargs(found) if form_kwargs else {}))
    try:
        done = submit(request, form, lambda **data: action(staff=request.staff, case=found, **data), success)
    except PermissionDenied:
        raise Http404 from None
    if done is not None:
        return redirect("sanctions:case", pk=pk, case_pk=case_pk)
    found.refresh_from_db()
    if name == "context":  # the page now shows the other person's text: a second save of this form may go through
        form.data = form.data.copy()
        form.data[form.add_prefix("seen")] = services.context_fingerprint(found)
    return _page(request, access, found, bound={name: form}, status=400)


def _documenter(staff, access, case):
    return selectors.may_document(staff, access, case)


def _caseworker(staff, access, case):
    return access.can_write


def _officer(staff, access, case):
    return selectors.is_deciding_officer(staff, case)


@staff_required
@require_POST
def context(request, pk, case_pk):
    return _step(request, pk, case_pk, name="context", form_class=forms.ContextForm, action=services.update_context,
                 success=_("The case's context was saved."), allowed=_documenter)


@staff_required
@require_POST
def attempt(request, pk, case_pk):
    return _step(request, pk, case_pk, name="attempt", form_class=forms.AttemptForm,
                 action=services.record_contact_attempt, success=_("The contact attempt was recorded."),
                 allowed=_documenter)


@staff_required
@require_POST
def resolve(request, pk, case_pk):
    return _step(request, pk, case_pk, name="resolve", form_class=forms.ResolveForm,
                 action=services.resolve_by_contact, success=_("The absence is resolved by contact: no sanction."),
                 allowed=_caseworker)


@staff_required
@require_POST
def refer(request, pk, case_pk):
    return _step(request, pk, case_pk, name="refer", form_class=forms.ReferForm, action=services.refer,
                 success=_("The case was sent to the sanction officer."), allowed=_caseworker,
                 form_kwargs=lambda case: {"officers": selectors.officers(case.municipality_id)})


@staff_required
@require_POST
def assess(request, pk, case_pk):
    return _step(request, pk, case_pk, name="assess", form_class=forms.AssessmentForm, action=services.assess,
                 success=_("The assessment was saved."), allowed=_officer)


@staff_required
@require_POST
def hearing(request, pk, case_pk):
    return _step(request, pk, case_pk, name="hearing", form_class=forms.HearingForm, action=services.send_hearing,
                 success=_("The hearing letter was sent to the citizen's Digital Post."), allowed=_officer)


@staff_required
@require_POST
def answer(request, pk, case_pk):
    return _step(request, pk, case_pk, name="answer", form_class=forms.AnswerForm, action=services.record_answer,
                 success=_("The citizen's answer was recorded."), allowed=_documenter)


@staff_required
@require_POST
def decide(request, pk, case_pk):
    return _step(request, pk, case_pk, name="decide", form_class=forms.DecisionForm, action=services.decide,
                 success=_("The decision was made and the letter sent to the citizen's Digital Post."),
                 allowed=_officer)


@staff_required
@require_http_methods(["GET"])
def letter_pdf(request, pk, case_pk, letter_pk):
    access, found = _case(request, pk, case_pk)
    letter = get_object_or_404(Letter.objects.select_related("created_by__user", "created_by__unit"), pk=letter_pk,
                               case=found)
    if letter.kind == Letter.Kind.DECISION and not selectors.sees_reasoning(request.staff, access, found):
        raise Http404
    log_citizen_view(request=request, citizen=access.citizen, page=request.resolver_match.view_name,
                     reason=access.reason, role=access.role)
    return pdf_response(request, "sanctions/letter_pdf.html", {"letter": letter, "citizen": access.citizen,
                                                               "municipality": request.staff.municipality},
                        filename=f"{letter.kind}-{letter.pk}.pdf")


@staff_required
@require_http_methods(["GET", "POST"])
def guidance_add(request, pk):
    access = get_access(request.staff, pk, write=True)
    form = forms.GuidanceForm(request.POST or None)
    if submit(request, form, lambda **data: services.record_guidance(staff=request.staff, citizen=access.citizen,
                                                                     **data),
              _("The written guidance was recorded.")):
        return redirect("casefile:overview", pk=pk)
    return render_citizen_page(request, "sanctions/guidance_form.html", access=access, context={
        "form": form, "given": WrittenGuidance.objects.filter(citizen=access.citizen)[:10]})


@staff_required
@require_http_methods(["GET", "POST"])
def refusal_add(request, pk):
    access = get_access(request.staff, pk, write=True)
    form = forms.RefusalForm(request.POST or None)
    created = submit(request, form, lambda **data: services.open_refusal_case(staff=request.staff,
                                                                              citizen=access.citizen, **data),
                     _("The case was registered."))
    if created:
        return redirect("sanctions:case", pk=pk, case_pk=created.pk)
    return render_citizen_page(request, "sanctions/refusal_form.html", access=access, context={"form": form})


@staff_required
@require_http_methods(["GET"])
def worklist(request):
    if not set(request.staff.role_codes()) & DOCUMENTERS:
        raise PermissionDenied
    cases = list(selectors.worklist(request.staff)[:200])
    reasons = log_citizens_shown(request=request, citizens={c.citizen for c in cases}, page="sanctions:worklist")
    return render(request, "sanctions/worklist.html", {
        "cases": [c for c in cases if c.citizen_id in reasons],
        "is_officer": request.staff.has_role(Role.SANCTION_OFFICER), "today": timezone.localdate(),
    })


@staff_required
@require_http_methods(["GET"])
def statistics(request):
    if not (request.staff.has_role(Role.TEAM_LEADER) or request.staff.has_role(Role.SANCTION_OFFICER)):
        raise PermissionDenied
    titles = {r.code: r.title for r in rules.REQUIREMENTS}
    rows = selectors.unit_statistics(request.staff.municipality_id)
    for row in rows:
        # Counts of cases are counts of people: 1–4 is shown as "< 5" (core.figures), and so is what depends on them.
        decided = row["sanctions"] + row["no_sanction"]
        row["missing"] = [(titles.get(code, code), people(n)) for code, n in row["missing"]]
        row["resolved_share"] = share(row["resolved"], row["absences"])
        row["median_days"] = (people(decided) if 0 < decided < MIN_CELL else amount(row["median_days"]))
        for key in ("absences", "resolved", "sanctions", "no_sanction", "open", "blocked"):
            row[key] = people(row[key])
    return render(request, "sanctions/statistics.html", {"rows": rows})


@staff_required
@require_http_methods(["GET", "POST"])
def rates(request):
    if not request.staff.has_role(Role.ADMIN):
        raise PermissionDenied
    form = forms.RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_rate_period(staff=request.staff, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The rates were saved with their source."))
            return redirect("sanctions:rates")
    stored = list(SanctionRate.objects.filter(municipality=request.staff.municipality))
    return render(request, "sanctions/rates.html", {
        "form": form, "stored": stored, "defaults": rules.DEFAULT_RATES if not stored else (),
    }, status=400 if request.method == "POST" else 200)
