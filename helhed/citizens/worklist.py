"""The worklist ("Det skal ske"): an extension point where each app contributes what its users must do.

An app registers a source once, in its `AppConfig.ready()`:

    register_source(WorklistSource(key="obligations", template="rules/worklist_obligations.html",
                                   context=obligations_context, roles={Role.CASEWORKER}, order=10))

`context(request)` returns the names the template reads; it selects only what the staff member has a
need-to-know reason for, and writes the read-log rows for the citizens it shows (`citizens.readlog`). A source is
shown to staff holding one of its `roles`. Legal obligations are the first source; meeting actions, referral
answers and absences awaiting assessment plug in the same way.
"""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class WorklistSource:
    key: str
    template: str
    context: Callable
    roles: frozenset
    order: int = 100


_SOURCES: dict[str, WorklistSource] = {}


def register_source(source: WorklistSource) -> None:
    _SOURCES[source.key] = source


def all_sources() -> list[WorklistSource]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.key))


def sources_for(staff) -> list[WorklistSource]:
    held = set(staff.role_codes())
    return [source for source in all_sources() if held & set(source.roles)]
