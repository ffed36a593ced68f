import datetime
from functools import partial

from django.core.paginator import Paginator
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
from helhed.rules.grounds import SOURCE_106, selectable_grounds
from helhed.rules.forms import AsOfForm, ExemptionForm
from helhed.rules.registry import REGISTRY

# Obligations that a held job conversation meets: book one, or register one that was held without a booking.
CONVERSATION_RULES = {"first_jobsamtale", "first_in_person", "kontaktforloeb"}
# The first conversation is in person (LAB § 33); later the citizen chooses, so the booking form suggests their choice.
IN_PERSON_RULES = {"first_jobsamtale", "first_in_person"}
# A booking shown on the worklist: from half a day ago (a conversation this morning may still be registered held).
BOOKED_SINCE = datetime.timedelta(hours=12)


def worklist_context(request) -> dict:
    """The worklist source "legal deadlines": what must happen this week, each with its rule, paragraph and a way
    to act on it, for the citizens whose case the staff member holds."""
    today = timezone.localdate()
    page = Paginator(selectors.worklist(request.staff, today), 25).get_page(request.GET.get("page"))
    items = selectors.explain(list(page), today)
    reasons = reasons_for(request.staff, {r.citizen_id for r in items})
    log_citizen_list_view(
        request=request, page="casefile:worklist",
        rows=[(r.citizen, reasons[r.citizen_id], role_for(request.staff, reasons[r.citizen_id])) for r in items],
    )
    since = timezone.now() - BOOKED_SINCE
    for item in items:
        item.booked = None
        if item.obligation.rule_id in CONVERSATION_RULES:
            booked = [c for c in item.facts.conversations if not c.held and c.starts_at and c.starts_at >= since]
            item.booked = min(booked, key=lambda c: c.starts_at) if booked else None
    return {"obligation_page": page, "obligation_items": items, "today": today,
            "conversation_rules": CONVERSATION_RULES, "in_person_rules": IN_PERSON_RULES}


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
