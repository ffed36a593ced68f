"""Rendering a page about one citizen: every such page logs the view, states the reason and shows safety markers."""

from django.shortcuts import render

from helhed.audit.services import log_citizen_view
from helhed.citizens.access import Access
from helhed.citizens.selectors import active_safety_markers


def render_citizen_page(request, template, *, access: Access, context=None, safety_markers=None):
    citizen = access.citizen
    log_citizen_view(
        request=request, citizen=citizen, page=request.resolver_match.view_name, reason=access.reason, role=access.role
    )
    markers = active_safety_markers(citizen) if safety_markers is None else safety_markers
    return render(
        request, template, {"citizen": citizen, "access": access, "safety_markers": markers, **(context or {})}
    )
