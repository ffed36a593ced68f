import datetime
from functools import partial

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhed.citizens.access import get_access, role_for
from helhed.citizens.pages import render_citizen_page
from helhed.citizens.readlog import log_citizen_list_view
from helhed.citizens.selectors import reasons_for
from helhed.core.forms import submit
from helhed.core.views import back_or, staff_required
from helhed.rules import selectors, services
from helhed.rules.forms import AsOfForm, ExemptionForm, WorklistFilterForm
from helhed.rules.grounds import SOURCE_106, selectable_grounds
from helhed.rules.registry import REGISTRY

# Obligations that a held job conversation meets: book one, or register one that was held without a booking.
CONVERSATION_RULES = {"first_jobsamtale", "first_in_person", "kontaktforloeb", "effort_first_conversation",
                      "effort_conversations"}
# The first conversation is in person (LAB § 33); later the citizen chooses, so the booking form suggests their choice.
IN_PERSON_RULES = {"first_jobsamtale", "first_in_person", "effort_first_conversation"}
# A booking shown on the worklist: from half a day ago (a conversation this morning may still be registered held).
BOOKED_SINCE = datetime.timedelta(hours=12)
# At most this many citizens per part of the day plan; the filters narrow it.
CITIZENS_SHOWN = 40


def worklist_context(request) -> dict:
    """The worklist source "legal deadlines" as a day plan: what is overdue by harm and what falls due this week,
    grouped by citizen, each with its rule, paragraph and the action that meets it. Filters and an "as of" date."""
    today = timezone.localdate()
    form = WorklistFilterForm(request.GET or None, rules=selectors.rule_choices(today))
    chosen = form.cleaned_data if form.is_valid() else {}
    as_of = chosen.get("pr") or today
    plan = selectors.day_plan(request.staff, as_of, today, group=chosen.get("gruppe", ""),
                              kind=chosen.get("type", ""), rule=chosen.get("regel", ""))
    plan_cut = len(plan.overdue) > CITIZENS_SHOWN or len(plan.this_week) > CITIZENS_SHOWN
    plan.overdue, plan.this_week = plan.overdue[:CITIZENS_SHOWN], plan.this_week[:CITIZENS_SHOWN]  # counts stay whole
    shown = {work.citizen.pk: work.citizen for work in [*plan.overdue, *plan.this_week]}
    reasons = reasons_for(request.staff, shown)
    log_citizen_list_view(
        request=request, page="casefile:worklist",
        rows=[(citizen, reasons[pk], role_for(request.staff, reasons[pk])) for pk, citizen in shown.items()],
    )
    since = timezone.now() - BOOKED_SINCE
    for work in [*plan.overdue, *plan.this_week]:
        booked = [c for c in work.facts.conversations if not c.held and c.starts_at and c.starts_at >= since]
        work.booked = min(booked, key=lambda c: c.starts_at) if booked else None
        offers = sorted(work.facts.coordinator_offers, key=lambda o: o.offered_on)
        work.coordinator_offer = offers[-1] if offers else None
    return {"day_plan": plan, "plan_cut": plan_cut, "citizens_shown": CITIZENS_SHOWN, "filter_form": form, "filtered": bool(request.GET), "today": today,
            "conversation_rules": CONVERSATION_RULES, "in_person_rules": IN_PERSON_RULES,
            "exemptable": set(REGISTRY.exemptable_rules())}


def obligations_context(request, access) -> dict:
    """The case-file section "Deadlines and obligations", as of today or a chosen date."""
    as_of_form = AsOfForm(request.GET or None)
    as_of = as_of_form.cleaned_data["pr"] if as_of_form.is_valid() and as_of_form.cleaned_data["pr"] else None
    return {"rules": selectors.citizen_obligations(access.citizen, as_of or timezone.localdate()),
            "as_of_form": as_of_form, "as_of_chosen": as_of is not None}


@staff_required
@require_http_methods(["GET", "POST"])
def exemption_add(request, pk):
    """A § 106 exemption. `?regel=` preselects the obligation it covers; an unknown or misspelt rule, or one that can
    never be exempted (§ 36, the plan), is refused with a message and never turned into a blanket exemption."""
    access = get_access(request.staff, pk, write=True)
    rule_id = request.GET.get("regel", "")
    exemptable = REGISTRY.exemptable_rules()
    if rule_id and rule_id not in exemptable:
        known = any(rule_id in rules for rules in REGISTRY.rules.values())
        return render_citizen_page(request, "rules/exemption_unknown_rule.html", access=access,
                                   context={"rule_id": rule_id[:50], "never": known}, status=404)
    in_force = REGISTRY.rules_in(REGISTRY.rule_set_on(timezone.localdate()).id)
    rules = [rule for rule_id_, rule in exemptable.items() if rule_id_ in in_force or rule_id_ == rule_id]
    form = ExemptionForm(request.POST or None, grounds=selectable_grounds(), rules=rules,
                         initial={"covers": [rule_id] if rule_id else []})
    add = partial(services.exempt, staff=request.staff, citizen=access.citizen)
    if submit(request, form, add, _("The exemption was recorded.")):
        return back_or(request, "casefile:worklist")
    return render_citizen_page(request, "rules/exemption_form.html", access=access,
                               context={"form": form, "rule": exemptable.get(rule_id), "section_106": SOURCE_106})
