"""Reads for plans and progression, and the progression chart as accessible SVG data."""

from dataclasses import dataclass

from django.db.models import Exists, Prefetch
from django.utils.formats import date_format

from helhed.citizens.models import AccessLogEntry
from helhed.contact.models import AgreedItem
from helhed.plans import content as plan_content
from helhed.plans.instruments import CODE as BUILTIN_CODE
from helhed.plans.instruments import install
from helhed.plans.models import (
    Instrument,
    InstrumentItem,
    MyStory,
    Plan,
    PlanStep,
    PlanVersion,
    Score,
    Scoring,
    SmallStep,
)


def plan_of(citizen) -> Plan | None:
    return (
        Plan.objects.filter(citizen=citizen)
        .prefetch_related(Prefetch("steps", queryset=PlanStep.objects.order_by("position")))
        .first()
    )


def plan_summary(citizen) -> Plan | None:
    """The plan's kind, version and the citizen's own goal, for the overview and the team view (one query)."""
    return Plan.objects.filter(citizen=citizen, version__gt=0).only("kind", "version", "own_goal", "citizen_id").first()


def pending_agreements(citizen, plan: Plan | None, *, also: list[dict] = ()) -> list:
    """What was agreed in conversations and is not taken into the plan yet, oldest conversation first: the plan
    editor lists them, and the ones the worker ticks become steps (issue 5: "these become plan steps once the plan
    exists"). An agreement is taken once a version holds its step (`plan_content.agreement_key`), even if the step
    was removed later; one that is already a step word for word is not offered either. The ones not ticked stay
    pending for the next edit. `also`: steps not saved yet (a combined plan after a conflict), counted as taken."""
    items = (AgreedItem.objects.filter(record__appointment__citizen=citizen).select_related("record__appointment")
             .order_by("record__appointment__starts_at", "record_id", "position"))
    current = plan_content.of_plan(plan)["steps"] if plan else []
    taken = {step["key"] for step in [*current, *also]}
    if plan and plan.version:
        for content in PlanVersion.objects.filter(plan=plan).values_list("content", flat=True):
            taken.update(str(step.get("key")) for step in (content or {}).get("steps") or [])
    texts = {step["text"].strip().casefold() for step in [*current, *also]}
    return [item for item in items
            if plan_content.agreement_key(item.pk) not in taken and item.text.strip().casefold() not in texts]


def latest_version(plan: Plan) -> PlanVersion | None:
    return (PlanVersion.objects.filter(plan=plan).select_related("changed_by__user", "signature__recorded_by__user")
            .defer("content").first())


def versions(plan: Plan) -> list[PlanVersion]:
    return list(PlanVersion.objects.filter(plan=plan).select_related("changed_by__user", "signature__recorded_by__user"))


def version_changes(all_versions: list[PlanVersion]) -> list[tuple[PlanVersion, list]]:
    """Each version with what changed from the one before (newest first)."""
    ordered = sorted(all_versions, key=lambda v: v.number)
    result, previous = [], plan_content.empty()
    for version in ordered:
        current = plan_content.normalise(version.content)
        result.append((version, plan_content.diff(previous, current)))
        previous = current
    return list(reversed(result))


def builtin_instrument() -> Instrument:
    """The newest version of the built-in instrument (installed by migration; installed again if a test database
    was flushed)."""
    instrument = Instrument.objects.filter(code=BUILTIN_CODE).order_by("-version").prefetch_related("items").first()
    if instrument is None:
        install(Instrument, InstrumentItem)
        return builtin_instrument()
    return instrument


def small_steps(citizen, limit=20) -> list[SmallStep]:
    return list(SmallStep.objects.filter(citizen=citizen).select_related("noted_by__user")[:limit])


def story_of(citizen) -> MyStory | None:
    return MyStory.objects.filter(citizen=citizen).select_related("updated_by__user").first()


# Opening the citizen (the names before the case file moved to `casefile` count too, for older read-log rows).
CITIZEN_PAGES = ["casefile:overview", "casefile:team_view", "plans:story", "citizens:overview", "coordination:team_view"]


def story_first(request, citizen) -> bool:
    """Should this page open on "my story"? Yes when the citizen has one and this person has never opened the
    citizen before (asked before the current view is logged), so a new caseworker or mentor reads it first."""
    # Being listed in "Mine borgere" or a calendar is not opening the citizen.
    seen_before = AccessLogEntry.objects.filter(user=request.user, citizen=citizen, page__in=CITIZEN_PAGES)
    return MyStory.objects.filter(citizen=citizen).exclude(Exists(seen_before)).exists()


# --- The progression chart ------------------------------------------------------------------------------------

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 300, 40, 150, 20, 40
# Colours with enough contrast on white, and a dash pattern each, so lines differ without colour too.
STYLES = [("#0059b3", ""), ("#b50000", "8 4"), ("#358000", "2 3"), ("#6b3fa0", "10 3 2 3"), ("#a35200", "4 4"),
          ("#00707a", "12 2"), ("#4d4d4d", "1 2")]


@dataclass
class Line:
    area: str
    colour: str
    dash: str
    points: str
    dots: list
    values: list


def progression(citizen, language: str = "da") -> dict | None:
    """The scorings of the built-in instrument, oldest first, as chart lines and as a table."""
    scorings = list(
        Scoring.objects.filter(citizen=citizen).select_related("instrument", "scored_by__user")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("item")))
    )
    if not scorings:
        return None
    instrument = scorings[-1].instrument
    scorings = [s for s in scorings if s.instrument_id == instrument.pk]
    items = list(instrument.items.all())
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(scorings) - 1)

    def x(i):
        return LEFT + (i * step if len(scorings) > 1 else plot_w / 2)

    def y(value):
        return TOP + plot_h - (value - 1) / 9 * plot_h

    lines = []
    for n, item in enumerate(items):
        colour, dash = STYLES[n % len(STYLES)]
        values = [next((s.value for s in scoring.scores.all() if s.item_id == item.pk), None) for scoring in scorings]
        coords = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        lines.append(Line(
            area=item.text("area", language), colour=colour, dash=dash,
            points=" ".join(f"{px:.1f},{py:.1f}" for px, py in coords),
            dots=[{"x": f"{px:.1f}", "y": f"{py:.1f}"} for px, py in coords], values=values,
        ))
    label_y = sorted(((float(line.dots[-1]["y"]) if line.dots else 0, line) for line in lines), key=lambda t: t[0])
    # Labels at the right end of each line, pushed apart so they do not overlap.
    placed, last = [], -100.0
    for wanted, line in label_y:
        at = max(wanted, last + 14)
        placed.append((line, at))
        last = at
    overflow = max(0.0, last - (HEIGHT - BOTTOM))  # pushed below the plot: move the whole group up
    placed = [(line, at - overflow) for line, at in placed]
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right_edge": WIDTH - RIGHT, "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "grid": [{"value": v, "y": f"{y(v):.1f}"} for v in (1, 4, 7, 10)],
        "columns": [{"x": f"{x(i):.1f}", "label": date_format(s.scored_on, "j.n.Y")} for i, s in enumerate(scorings)],
        "lines": lines, "labels": [{"text": line.area, "y": f"{at + 4:.1f}", "colour": line.colour}
                                   for line, at in placed],
        "scorings": scorings, "instrument": instrument,
    }
