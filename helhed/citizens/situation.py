"""The citizen's situation as the other apps know it (health, housing, what stabilises everyday life), for pages
that must weigh a situation without owning its data — an absence case is judged in its context.

An app registers a provider once, in its `AppConfig.ready()`:

    register_situation("plan", plan_situation, order=10)

`provider(citizen, access)` returns `SituationLine`s, and returns none for a viewer who may not see them (the
provider decides from `access`, as a case-file section would).
"""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class SituationLine:
    label: str
    text: str
    source: str = ""  # where it comes from and when, e.g. "Progression scored with the citizen, 12.10.2026"


_PROVIDERS: dict[str, tuple[int, Callable]] = {}


def register_situation(key: str, provider: Callable, *, order: int = 100) -> None:
    _PROVIDERS[key] = (order, provider)


def situation_of(citizen, access) -> list[SituationLine]:
    lines = []
    for _order, provider in sorted(_PROVIDERS.values(), key=lambda item: item[0]):
        lines.extend(provider(citizen, access))
    return lines
