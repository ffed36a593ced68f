"""Rendering a page about one citizen: every such page logs the view, states the reason and shows safety markers.

Pages are logged under their URL name; `register_page_title(name, title)` gives the name a title that the read-log
search and the insight export show (apps register theirs in their `extensions` module).
"""

from django.shortcuts import render

from helhed.citizens.access import Access
from helhed.citizens.readlog import log_citizen_view
from helhed.citizens.selectors import active_safety_markers

_PAGE_TITLES: dict[str, str] = {}


def register_page_title(name: str, title: str) -> None:
    _PAGE_TITLES[name] = title


def page_title(name: str) -> str:
    return _PAGE_TITLES.get(name, name)


def render_citizen_page(request, template, *, access: Access, context=None, safety_markers=None, status=200):
    citizen = access.citizen
    log_citizen_view(
        request=request, citizen=citizen, page=request.resolver_match.view_name, reason=access.reason, role=access.role
    )
    markers = active_safety_markers(citizen) if safety_markers is None else safety_markers
    return render(
        request, template, {"citizen": citizen, "access": access, "safety_markers": markers, **(context or {})},
        status=status,
    )
