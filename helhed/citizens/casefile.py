"""The citizen's case file: an extension point where each app contributes its sections.

An app registers a section once, in its `AppConfig.ready()`:

    register_section(Section(key="plan", template="plans/includes/plan_summary.html", context=plan_context,
                             page=OVERVIEW, column=SIDE, order=10))

`context(request, access)` returns the names the template reads (they join the page's context, so choose names
that say whose they are). A section is shown only when the viewer's access level opens it (`level`: FULL, or TEAM
for everyone with a reason), and `visible(access)` may narrow that further (e.g. appointments are not for partners).

An app may also register an entry check, `register_entry(check)`: `check(request, access)` returns a response to
send instead of the page (e.g. "my story" opens first the first time someone opens the citizen), or None.

Pages: OVERVIEW (the full record, `casefile:overview`) and TEAM_VIEW (the narrow team view every team member
gets, `casefile:team_view`). Columns: MAIN (wide) and SIDE (narrow).
"""

from dataclasses import dataclass
from typing import Callable

from django.template.loader import render_to_string
from django.utils import timezone

from helhed.citizens.access import FULL, TEAM, Access
from helhed.citizens.selectors import open_case

OVERVIEW, TEAM_VIEW = "overview", "team_view"
MAIN, SIDE = "main", "side"
_LEVEL_OPENS = {FULL: {FULL, TEAM}, TEAM: {TEAM}}


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    page: str
    column: str = MAIN
    order: int = 100
    level: str = FULL
    context: Callable | None = None
    visible: Callable[[Access], bool] | None = None


@dataclass(frozen=True)
class _Entry:
    check: Callable
    order: int


_SECTIONS: dict[tuple[str, str], Section] = {}
_ENTRIES: list[_Entry] = []


def register_section(section: Section) -> None:
    if section.page not in (OVERVIEW, TEAM_VIEW) or section.column not in (MAIN, SIDE):
        raise ValueError(f"Unknown page or column for section {section.key!r}")
    _SECTIONS[(section.page, section.key)] = section


def register_entry(check: Callable, *, order: int = 100) -> None:
    _ENTRIES.append(_Entry(check, order))


def sections_for(page: str, access: Access) -> list[Section]:
    """The sections of `page` this viewer may see, in order."""
    return sorted(
        (s for s in _SECTIONS.values() if s.page == page and s.level in _LEVEL_OPENS[access.level]
         and (s.visible is None or s.visible(access))),
        key=lambda s: (s.order, s.key),
    )


def entry_response(request, access: Access):
    """The first registered entry check that wants to send another page instead, or None."""
    for entry in sorted(_ENTRIES, key=lambda e: e.order):
        if (response := entry.check(request, access)) is not None:
            return response
    return None


def page_context(page: str, request, access: Access) -> dict:
    """The sections (by column) and the names their templates read: the open case and today, which every section
    may read, and each section's own names."""
    sections = sections_for(page, access)
    context = {"case": open_case(access.citizen), "today": timezone.localdate()}
    for section in sections:
        if section.context is None:
            continue
        for name, value in section.context(request, access).items():
            if name in context:
                raise ValueError(f"Case-file section {section.key!r} reuses the context name {name!r}")
            context[name] = value
    context["main_sections"] = [s for s in sections if s.column == MAIN]
    context["side_sections"] = [s for s in sections if s.column == SIDE]
    return context


def sections_out_of_band(page: str, request, access: Access, *, skip=()) -> str:
    """Every section of `page` rendered for htmx to swap in place (`hx-swap-oob`), so that an inline action on one
    section leaves the rest of the page true (e.g. the journal and the deadlines after "held")."""
    context = {"citizen": access.citizen, "access": access, **page_context(page, request, access)}
    return "".join(
        f'<div id="section-{section.key}" hx-swap-oob="true">'
        + render_to_string(section.template, context, request=request) + "</div>"
        for section in context["side_sections"] + context["main_sections"] if section.key not in skip
    )
