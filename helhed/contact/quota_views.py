"""The 25 % decisions on the citizen's overview, and the team leader's figures for the contact course for at least
75 % (reform 2026, lov nr. 1750 af 29/12/2025)."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from helhed.citizens.access import get_access
from helhed.contact import selectors
from helhed.contact.forms import QuotaDecisionForm
from helhed.contact.services import quota as services
from helhed.core.forms import perform
from helhed.core.models import Role
from helhed.core.views import role_required, staff_required
from helhed.rules.catalogue import SOURCES

QUOTA_PREFIX = "quota"  # the overview has other forms: keep the field's id and name its own


def quota_visible(access) -> bool:
    """The section is for citizens in target group 1, 2 or 9 today, from 1 July 2026."""
    return selectors.in_quota_population(access.citizen, timezone.localdate())


def quota_context(request, access) -> dict:
    """The case-file section "Exempted from the 75 %?": the decision in force and the earlier ones."""
    today = timezone.localdate()
    decisions = selectors.quota_decisions(access.citizen)
    in_force = next((d for d in decisions if d.covers(today)), None)
    return {
        "quota_in_force": in_force,
        "quota_ahead": next((d for d in decisions if d.valid_from > today), None),
        "quota_earlier": [d for d in decisions if d.valid_to is not None and d.valid_to < today],
        # A refused decision comes back with the reason as it was typed (kept in the session, never in the URL).
        "quota_form": QuotaDecisionForm(prefix=QUOTA_PREFIX, initial={
            "reason": request.session.pop(_draft_key(access.citizen.pk), "")}),
        "quota_source": SOURCES["75pct"],
    }


def _draft_key(pk) -> str:
    return f"quota-draft-{pk}"


def _back(pk):
    return redirect(reverse("casefile:overview", kwargs={"pk": pk}) + "#quota")


@staff_required
@require_POST
def quota_decision_add(request, pk):
    access = get_access(request.staff, pk, write=True)
    form = QuotaDecisionForm(request.POST, prefix=QUOTA_PREFIX)
    try:
        if not form.is_valid():
            raise ValidationError([message for errors in form.errors.values() for message in errors])
        services.record_quota_decision(staff=request.staff, citizen=access.citizen, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        request.session[_draft_key(pk)] = request.POST.get(f"{QUOTA_PREFIX}-reason", "")[:5000]
    else:
        messages.success(request, _("The decision was recorded: the citizen is among those exempted (up to 25 %)."))
    return _back(pk)


@staff_required
@require_POST
def quota_decision_end(request, pk):
    access = get_access(request.staff, pk, write=True)
    perform(request, partial(services.end_quota_decision, staff=request.staff, citizen=access.citizen),
            _("The decision was ended: from tomorrow the citizen is again among the 75 %."))
    return _back(pk)


@role_required(Role.TEAM_LEADER)
@require_GET
def contact_quota(request):
    """The team leader's figures for their municipality, per unit and in all: counts only, no citizen named (so
    nothing is written to the read log)."""
    today = timezone.localdate()
    units, total = selectors.contact_quota(request.staff.municipality_id, today)
    unit_id = request.staff.unit_id
    own = next((u for u in units if u.unit_id == unit_id), None)
    if unit_id and own is None:  # no citizen counts in the team leader's own unit
        own = selectors.QuotaFigures(request.staff.unit.name, 0, 0, unit_id)
    return render(request, "contact/contact_quota.html", {
        "units": units, "total": total, "own": own, "today": today, "applies": selectors.quota_applies_on(today),
        "starts": selectors.quota_starts(), "required": selectors.QUOTA_SHARE, "source": SOURCES["75pct"],
    })
