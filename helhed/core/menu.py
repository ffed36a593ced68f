"""The main menu: an extension point where each app registers its pages for the roles that use them.

    register_menu_item(MenuItem("casefile:worklist", _("What must happen"), order=30,
                                roles=frozenset({Role.CASEWORKER, Role.COORDINATING_CASEWORKER})))

`roles` None means every staff member. The base template shows the items of the signed-in staff member's roles,
in order (`core.context_processors.menu`).
"""

from dataclasses import dataclass

from django.urls import get_script_prefix, reverse


@dataclass(frozen=True)
class MenuItem:
    url_name: str
    label: str
    order: int = 100
    roles: frozenset | None = None


_ITEMS: dict[str, MenuItem] = {}


def register_menu_item(item: MenuItem) -> None:
    _ITEMS[item.url_name] = item


_URLS: dict[tuple[str, str], str] = {}


def _url(url_name: str) -> str:
    """The items' URLs take no arguments: reversed once per script prefix, not on every page."""
    key = (url_name, get_script_prefix())
    if key not in _URLS:
        _URLS[key] = reverse(url_name)
    return _URLS[key]


def menu_for(staff) -> list[dict]:
    held = set(staff.role_codes())
    return [{"url": _url(item.url_name), "label": item.label}
            for item in sorted(_ITEMS.values(), key=lambda i: (i.order, i.url_name))
            if item.roles is None or held & set(item.roles)]
