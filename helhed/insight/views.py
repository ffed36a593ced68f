"""The leader's view: aggregates for the team leader (and, read only, the data-protection officer), every table
downloadable, and one drill-down to citizens that shows only those the viewer has a need-to-know reason for."""

import datetime

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from helhed.citizens.access import visible_citizens, ways_to_a_reason
from helhed.citizens.readlog import log_citizens_shown
from helhed.core.figures import DOWNLOAD_FORMATS, people, remembered, table_download
from helhed.core.models import Role, StaffMember
from helhed.core.views import role_required
from helhed.insight import selectors
from helhed.insight.tables import TABLES, Figures, group_label

# The data-protection officer may read the aggregates (to check what leaders see and that small cells are
# suppressed) but not the drill-down to citizens: that is the team leader's, for their own follow-up.
READERS = (Role.TEAM_LEADER, Role.DATA_PROTECTION)
DRILL_DOWN_LIMIT = 200


def _months(request) -> int:
    try:
        months = int(request.GET.get("maaneder", ""))
    except ValueError:
        return selectors.DEFAULT_PARKING_MONTHS
    return months if months in selectors.PARKING_MONTHS else selectors.DEFAULT_PARKING_MONTHS


def _period(request, today) -> tuple[datetime.date, datetime.date]:
    """?fra= and ?til= (ISO dates); a missing or impossible date falls back to the last twelve months."""

    def day(name, default):
        try:
            value = datetime.date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return default
        return value if datetime.date(2000, 1, 1) <= value <= today else default

    start, end = day("fra", today - datetime.timedelta(days=365)), day("til", today)
    return (start, end) if start <= end else (end, start)


ALL_UNITS = "alle"


def _unit(request, units) -> tuple[int | None, str]:
    """?enhed=<unit pk> or "alle"; by default the viewer's own unit, if it has caseworkers, else every unit."""
    chosen = request.GET.get("enhed", "")
    if chosen == ALL_UNITS:
        return None, ""
    by_pk = {unit.pk: unit.name for unit in units}
    pk = int(chosen) if chosen.isdigit() else request.staff.unit_id
    return (pk, by_pk[pk]) if pk in by_pk else (None, "")


def _figures(request) -> tuple[Figures, list]:
    today = timezone.localdate()
    start, end = _period(request, today)
    units = list(selectors.caseworker_units(request.staff.municipality_id))
    unit_id, unit_name = _unit(request, units)
    return Figures(request.staff.municipality_id, today, start, end, _months(request), unit_id, unit_name), units


def _query(figures: Figures) -> str:
    return (f"maaneder={figures.months}&fra={figures.start.isoformat()}&til={figures.end.isoformat()}"
            f"&enhed={figures.unit_id or ALL_UNITS}")


def _computed(request, figures: Figures) -> tuple[dict, object]:
    """Every table, and the drill-down's choices, as computed at most core.figures.REMEMBER_FOR ago for the same
    municipality, unit, period and months (or again on ?frisk=1): at 100,000 citizens they take seconds."""
    def compute():
        return {
            "tables": {key: build(figures) for key, build in TABLES.items()},
            "caseworkers": [(row["responsible_id"], f'{row["responsible__user__first_name"]} '
                             f'{row["responsible__user__last_name"]}'.strip()) for row in figures.parking["by_staff"]],
            "groups": [(row["group"] or selectors.NO_GROUP, group_label(row["group"]))
                       for row in figures.parking["by_group"]],
        }

    key = (f"insight:{figures.municipality_id}:{figures.unit_id}:{figures.start}:{figures.end}:{figures.months}:"
           f"{figures.today}")
    return remembered(key, compute, fresh=request.GET.get("frisk") == "1")


@role_required(*READERS)
@require_GET
def overview(request):
    figures, units = _figures(request)
    computed, computed_at = _computed(request, figures)
    tables = {key.replace("-", "_"): {"key": key, "table": table} for key, table in computed["tables"].items()}
    return render(request, "insight/overview.html", {
        "figures": figures, "tables": tables, "query": _query(figures), "formats": DOWNLOAD_FORMATS,
        "months_choices": selectors.PARKING_MONTHS, "caseworkers": computed["caseworkers"],
        "groups": computed["groups"], "computed_at": computed_at,
        # The tables' HTML is kept as long as the figures (a 150 kB page of tables takes longer to render than to
        # read from the cache): the key names the figures' computation, the viewer's drill-down and the language.
        "fragment_key": f"{_query(figures)}:{computed_at.isoformat()}:{request.staff.has_role(Role.TEAM_LEADER)}:"
                        f"{request.LANGUAGE_CODE}",
        "may_drill_down": request.staff.has_role(Role.TEAM_LEADER),
        "guideline": selectors.CASELOAD_GUIDELINE, "months_text": figures.months_text, "units": units,
        "all_units": ALL_UNITS,
    })


@role_required(*READERS)
@require_GET
def download(request):
    """?tabel=<key> (one of `TABLES`, or none for every table) and ?format=csv|xlsx|pdf."""
    fmt = request.GET.get("format", "csv")
    key = request.GET.get("tabel", "")
    if fmt not in DOWNLOAD_FORMATS or (key and key not in TABLES):
        raise Http404
    figures, _units = _figures(request)
    computed, _computed_at = _computed(request, figures)
    if key:
        return table_download(request, computed["tables"][key], fmt, filename=f"{key}-{figures.today.isoformat()}")
    tables = list(computed["tables"].values())
    return table_download(request, tables[0], fmt, tables=tables, filename=f"ledelsesoverblik-{figures.today.isoformat()}")


@role_required(Role.TEAM_LEADER)
@require_GET
def parked(request):
    """The citizens behind one cell of the parking signal (?medarbejder=<staff pk> and/or ?gruppe=<target group>):
    only those the team leader has a need-to-know reason for, each written to the read log. The others are counted
    (suppressed under 5), with how to get a reason."""
    staff, today, months = request.staff, timezone.localdate(), _months(request)
    responsible = None
    if request.GET.get("medarbejder", "").isdigit():
        responsible = StaffMember.objects.filter(municipality_id=staff.municipality_id,
                                                 pk=int(request.GET["medarbejder"])).select_related("user").first()
        if responsible is None:
            raise Http404
    group = request.GET.get("gruppe", "") or None
    if not responsible and not group:  # no drill-down to every citizen of the municipality at once: choose one
        return redirect(reverse("insight:overview") + "#parkering")
    citizens = selectors.parked_citizens(staff.municipality_id, today, months,
                                         responsible_id=responsible.pk if responsible else None, group=group)
    total = citizens.count()
    with_reason = citizens.filter(pk__in=visible_citizens(staff).values("pk"))
    candidates = list(with_reason.order_by("last_name", "first_name", "pk")[:DRILL_DOWN_LIMIT])
    reasons = log_citizens_shown(request=request, citizens=candidates, page="insight:parked")
    shown = [(c, reasons[c.pk]) for c in candidates if c.pk in reasons]
    hidden = total - (with_reason.count() if len(candidates) == DRILL_DOWN_LIMIT else len(shown))
    return render(request, "insight/parked.html", {
        "responsible": responsible, "group": group_label(group) if group else "", "months": months,
        "cutoff": selectors.parking_cutoff(today, months), "shown": shown, "total": people(total),
        "hidden": people(hidden), "has_hidden": hidden > 0, "ways": ways_to_a_reason(staff, today),
        "limited": len(candidates) == DRILL_DOWN_LIMIT,
    })
