from functools import partial

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhed.audit.services import log_citizen_list_view
from helhed.citizens.access import get_access, role_for
from helhed.citizens.pages import render_citizen_page
from helhed.citizens.selectors import reasons_for
from helhed.contact.selectors import next_booked_conversations
from helhed.core.forms import submit
from helhed.core.models import Role
from helhed.core.views import role_required, staff_required
from helhed.rules import selectors, services
from helhed.rules.forms import ExemptionForm
from helhed.rules.registry import REGISTRY

# Obligations that a held job conversation meets: book one, or register one that was held without a booking.
CONVERSATION_RULES = {"first_jobsamtale", "first_in_person", "kontaktforloeb"}
# The first conversation is in person (LAB § 33); later the citizen chooses, so the booking form suggests their choice.
IN_PERSON_RULES = {"first_jobsamtale", "first_in_person"}


@role_required(Role.CASEWORKER, Role.COORDINATING_CASEWORKER)
def worklist(request):
    """"Det skal ske": what must happen this week, each with its rule, paragraph and a way to act on it."""
    today = timezone.localdate()
    page = Paginator(selectors.worklist(request.staff, today), 25).get_page(request.GET.get("page"))
    items = selectors.explain(list(page), today)
    reasons = reasons_for(request.staff, {r.citizen_id for r in items})
    log_citizen_list_view(
        request=request, page="helhed_rules:worklist",
        rows=[(r.citizen, reasons[r.citizen_id], role_for(request.staff, reasons[r.citizen_id])) for r in items],
    )
    booked = next_booked_conversations([r.citizen_id for r in items])
    for item in items:
        item.booked = booked.get(item.citizen_id) if item.obligation.rule_id in CONVERSATION_RULES else None
    return render(
        request, "rules/worklist.html",
        {"page": page, "items": items, "today": today, "conversation_rules": CONVERSATION_RULES,
         "in_person_rules": IN_PERSON_RULES},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def exemption_add(request, pk):
    access = get_access(request.staff, pk, write=True)
    rule_id = request.GET.get("regel", "")
    rules = REGISTRY.rules_in(REGISTRY.rule_set_on(timezone.localdate()).id)
    rule = rules.get(rule_id)
    form = ExemptionForm(request.POST or None)
    add = partial(services.exempt, staff=request.staff, citizen=access.citizen, rule_id=rule.id if rule else "")
    if submit(request, form, add, _("The exemption was recorded.")):
        return redirect("helhed_rules:worklist")
    return render_citizen_page(request, "rules/exemption_form.html", access=access, context={"form": form, "rule": rule})
