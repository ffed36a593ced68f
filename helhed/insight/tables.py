"""The leader's figures as `core.figures.Table`s: what the page shows and what every download writes.

A `Figures` object holds the choices of one request (period, months for parking) and reads each selector at most
once. `TABLES` names each table for the download route (`?tabel=<key>`). Counts of people and of rows about people
go through `people()`/`share()` (suppressed from 1 to 4); a figure per citizen is suppressed with its group.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helhed.citizens.models import TargetGroup
from helhed.contact import selectors as contact_selectors
from helhed.core.figures import MIN_CELL, Cell, Table, amount, people, share
from helhed.insight import selectors
from helhed.plans.models import Involvement
from helhed.programmes.models import Enrolment, Programme
from helhed.sanctions import selectors as sanction_selectors

SUPPRESSED = Cell(None, suppressed=True)
# The heaviest groups of the weighted caseload, for the note under the table.
GROUP_LABELS = dict(TargetGroup.choices)


def per_citizen(total, citizens) -> Cell:
    """A mean per citizen, suppressed with the group it is about."""
    if 0 < citizens < MIN_CELL:
        return SUPPRESSED
    return amount(total / citizens) if citizens else Cell(None)


def guarded(citizens: int, cell: Cell) -> Cell:
    """`cell`, or suppressed when the group of `citizens` it is about is."""
    return SUPPRESSED if 0 < citizens < MIN_CELL else cell


def group_label(code) -> str:
    if code in (None, selectors.NO_GROUP):
        return _("No target group")
    return str(GROUP_LABELS.get(code, code))


def short_group_label(code) -> str:
    """"Group 3" for the numbered LAB § 6 groups (the note says which is which), for narrow tables."""
    if code and code.isdigit():
        return _("Group %(code)s") % {"code": code}
    return group_label(code)


def distance_label(key) -> str:
    return {
        selectors.CLOSE: _("Close to the labour market (groups 1, 2, 4)"),
        selectors.FAR: _("Activity-ready (groups 3, 5)"),
        selectors.HEALTH: _("Sickness, clarification and resource courses (groups 6, 7, 8, 10)"),
        selectors.OTHER: _("Other groups or none"),
    }.get(key, key)


def years_label(key) -> str:
    return {
        "lt1": _("Under 1 year"), "1-3": _("1 to 3 years"), "3-5": _("3 to 5 years"),
        selectors.YEARS_5_PLUS: _("5 years or more"), selectors.NO_BENEFIT: _("No benefit recorded"),
    }.get(key, key)


def band_label(band: str) -> str:
    return {"below": _("Below"), "within": _("Within"), "above": _("Above")}[band]


@dataclass
class Figures:
    municipality_id: int
    today: datetime.date
    start: datetime.date
    end: datetime.date
    months: int = selectors.DEFAULT_PARKING_MONTHS
    unit_id: int | None = None  # the caseload and the parking per caseworker: one unit, or None for all
    unit_name: str = ""

    # The selectors, each read once.
    @cached_property
    def caseload(self):
        return selectors.caseload(self.municipality_id, self.today, self.unit_id)

    @cached_property
    def parking(self):
        return selectors.parking(self.municipality_id, self.today, self.months, self.unit_id)

    @cached_property
    def _effort_rows(self):
        return selectors.effort_rows(self.municipality_id, self.start, self.end)

    def effort(self, by):
        return selectors.fold_effort(self._effort_rows, by)

    def _for_unit(self, title: str) -> str:
        return f"{title} – {self.unit_name}" if self.unit_id and self.unit_name else title

    # 1. Caseload
    def caseload_table(self) -> Table:
        low, high = selectors.CASELOAD_GUIDELINE
        table = Table(self._for_unit(_("Caseload per caseworker")), [
            _("Caseworker"), _("Unit"), _("Open cases"), _("Weighted caseload"),
            _("Against the guideline of %(low)s–%(high)s") % {"low": low, "high": high}])
        for row in self.caseload:
            raw = people(row.raw)
            weighted = SUPPRESSED if raw.suppressed else amount(row.weighted)
            table.add(row.staff.full_name, row.staff.unit.name, raw, weighted, band_label(row.band))
        weights = ", ".join(_("group %(group)s counts %(weight)s") % {"group": g, "weight": str(w).replace(".", ",")}
                            for g, w in sorted(selectors.GROUP_WEIGHTS.items()))
        table.note = _("Local guideline, not confirmed: %(low)s–%(high)s citizens per caseworker, weighted by target "
                       "group on %(day)s (%(weights)s; other groups count 1). Neither the law nor STAR sets a caseload."
                       ) % {"low": low, "high": high, "weights": weights, "day": self.today.strftime("%d.%m.%Y")}
        return table

    # 2. Parking
    def _parking_note(self):
        return _("Not seen since %(cutoff)s: no held appointment, no offer running and no held coordination meeting. "
                 "Only open cases opened on or before that day are counted.") % {
                     "cutoff": self.parking["cutoff"].strftime("%d.%m.%Y")}

    @property
    def months_text(self) -> str:
        return ngettext("%(n)s month", "%(n)s months", self.months) % {"n": self.months}

    def _parking_columns(self, first):
        months = self.months_text
        return [first, _("Open cases at least %(months)s old") % {"months": months},
                _("Not seen for %(months)s") % {"months": months}, _("Share not seen")]

    def parking_group_table(self) -> Table:
        table = Table(_("Parking signal by target group"), self._parking_columns(_("Target group")),
                      note=self._parking_note())
        for row in self.parking["by_group"]:
            table.add(group_label(row["group"]), people(row["cases"]), people(row["parked"]),
                      share(row["parked"], row["cases"]))
        return table

    def parking_staff_table(self) -> Table:
        columns = self._parking_columns(_("Caseworker"))
        table = Table(self._for_unit(_("Parking signal by responsible caseworker")), [columns[0], _("Unit"), *columns[1:]],
                      note=self._parking_note())
        for row in self.parking["by_staff"]:
            name = f'{row["responsible__user__first_name"]} {row["responsible__user__last_name"]}'.strip()
            table.add(name, row["responsible__unit__name"], people(row["cases"]), people(row["parked"]),
                      share(row["parked"], row["cases"]))
        return table

    # 3. Creaming
    def _effort_table(self, title, first, rows, label) -> Table:
        table = Table(title, [first, _("Citizens"), _("Held appointments per citizen"),
                              _("Share with a held appointment"), _("Offers started per citizen"),
                              _("Share with an offer started"), _("Mentor hours per citizen")])
        for row in rows:
            n = row["citizens"]
            table.add(label(row["key"]), people(n), per_citizen(row["conversations"], n),
                      guarded(n, share(row["with_conversation"], n)), per_citizen(row["offers"], n),
                      guarded(n, share(row["with_offer"], n)), per_citizen(row["mentor_minutes"] / 60, n))
        table.note = _("%(start)s–%(end)s. Citizens with a case open on some day of the period; group on the last "
                       "day. Held appointments of every kind (contact), offers started (offers), mentor time logged "
                       "(offers).") % {"start": self.start.strftime("%d.%m.%Y"), "end": self.end.strftime("%d.%m.%Y")}
        return table

    def effort_distance_table(self) -> Table:
        rows = sorted(self.effort("distance"), key=lambda r: selectors.DISTANCES.index(r["key"]))
        return self._effort_table(_("Effort by distance from the labour market"), _("Distance"), rows,
                                  distance_label)

    def effort_years_table(self) -> Table:
        order = ["lt1", "1-3", "3-5", selectors.YEARS_5_PLUS, selectors.NO_BENEFIT]
        rows = sorted(self.effort("years"), key=lambda r: order.index(r["key"]))
        table = self._effort_table(_("Effort by years on benefit"), _("Years on benefit"), rows, years_label)
        table.note += " " + _("Years since the first benefit period recorded in Helhed; gaps are not subtracted.")
        return table

    def effort_programmes_table(self) -> Table:
        """The creaming signal against each programme's target group: the effort per member next to the effort per
        citizen in the same distance bands overall. A programme for those far from a job that gets less than everyone
        else is a sign its members are parked."""
        programmes = list(Programme.objects.filter(municipality_id=self.municipality_id, starts_on__lte=self.end,
                                                   ends_on__gte=self.start).order_by("starts_on", "pk"))
        rows = [{**_total(self.effort("distance")), "key": _("Everyone with a case")}]
        for programme in programmes:
            members = Enrolment.objects.filter(programme=programme).values("citizen_id")
            rows.append({**_total(selectors.effort_by_distance(self.municipality_id, self.start, self.end, members)),
                         "key": _("Members of %(programme)s") % {"programme": programme.name}})
        return self._effort_table(_("Effort for the programmes' members compared with everyone"), _("Citizens"), rows,
                                  str)

    # 4. Deadlines
    def deadlines_table(self) -> Table:
        quota_units, _total = contact_selectors.contact_quota(self.municipality_id, self.today)
        quota = {u.unit_id: u for u in quota_units}
        table = Table(_("Legal deadlines met per unit"), [
            _("Unit"), _("Citizens"), _("Met"), _("Overdue"), _("Not met in the period"), _("Share met"),
            _("Exempt (§ 106)"), _("Due or upcoming"), _("Contact course: citizens in groups 1, 2, 9"),
            _("Contact course: share covered (at least 75 %)")])
        for row in selectors.deadlines_by_unit(self.municipality_id):
            met, overdue, missed = row["met"], row["overdue"], row["missed"]
            q = quota.pop(row["unit_id"], None)
            table.add(row["unit_name"] or "–", people(row["citizens"]), people(met), people(overdue), people(missed),
                      share(met, met + overdue + missed), people(row["exempt"]), people(row["due"] + row["upcoming"]),
                      people(q.population) if q else Cell(None),
                      share(q.covered, q.population) if q else Cell(None))
        for q in quota.values():
            table.add(q.name or "–", Cell(None), Cell(None), Cell(None), Cell(None), Cell(None), Cell(None),
                      Cell(None), people(q.population), share(q.covered, q.population))
        table.note = _("Share met: met of the deadlines that have come due (met, overdue, not met in the period), from "
                       "the latest evaluation of each rule for each citizen with an open case, per unit of the "
                       "responsible caseworker. The 75 per cent share is the contact course's own count (not confirmed: "
                       "lov nr. 1750 af 29/12/2025).")
        return table

    # 5. Absences and sanctions
    def sanctions_table(self) -> Table:
        table = Table(_("Absences and sanctions per unit"), [
            _("Unit"), _("Absences"), _("Resolved by contact"), _("Share resolved by contact"),
            _("Sanctions decided"), _("Decided: no sanction"), _("Still open"), _("Decisions blocked")])
        for row in sanction_selectors.unit_statistics(self.municipality_id):
            table.add(row["unit"], people(row["absences"]), people(row["resolved"]),
                      share(row["resolved"], row["absences"]), people(row["sanctions"]), people(row["no_sanction"]),
                      people(row["open"]), people(row["blocked"]))
        table.note = _("The last 12 months, per unit where the absences were registered (the absence and sanctions "
                       "statistics).")
        return table

    # 6. Zacka's four values
    def efficiency_table(self) -> Table:
        placed = selectors.placements(self.municipality_id, self.start, self.end)
        first = selectors.time_to_first_offer(self.municipality_id, self.start, self.end)
        table = Table(_("Efficiency"), [_("Figure"), _("Value")])
        table.add(_("Offers ended with an outcome"), people(placed["ended"]))
        table.add(_("… ended hired or in ordinary hours"), people(placed["placed"]))
        table.add(_("Share ended hired or in ordinary hours"), share(placed["placed"], placed["ended"]))
        table.add(_("Cases opened"), people(first["opened"]))
        table.add(_("… with an offer started since"), people(first["with_offer"]))
        table.add(_("Days from the case opened to the first offer (mean)"),
                  guarded(first["with_offer"], amount(first["mean_days"])))
        return table

    def _equal_treatment(self, title, column, measure) -> Table:
        table = Table(title, [_("Target group"), column])
        for row in sorted(self.effort("group"), key=lambda r: (len(r["key"]) > 2, r["key"].zfill(2))):
            table.add(short_group_label(row["key"]), per_citizen(row[measure], row["citizens"]))
        table.note = _("Per citizen with a case open in the period; a group of fewer than 5 citizens is shown as < 5. "
                       "LAB § 6 groups: 1 dagpenge, 2 jobparat, 3 aktivitetsparat, 4 uddannelsesparat, "
                       "5 aktivitetsparat under 30, 6 sygedagpenge, 7 jobafklaring, 8 ressourceforløb, "
                       "9 fleksjob and ledighedsydelse, 10 revalidering, 11 førtidspension.")
        return table

    def equal_treatment_table(self) -> Table:
        return self._equal_treatment(_("Equal treatment: held appointments"), _("Held appointments per citizen"),
                                     "conversations")

    def equal_treatment_offers_table(self) -> Table:
        table = self._equal_treatment(_("Equal treatment: offers started"), _("Offers started per citizen"), "offers")
        table.note = ""  # the table above says it
        return table

    def responsiveness_table(self) -> Table:
        r = selectors.responsiveness(self.municipality_id, self.start, self.end)
        table = Table(_("Responsiveness"), [_("Figure"), _("Value")])
        table.add(_("Citizens with an open case"), people(r["citizens"]))
        table.add(_("… whose plan has their own goal"), people(r["with_own_goal"]))
        table.add(_("Share with their own goal in the plan"), share(r["with_own_goal"], r["citizens"]))
        table.add(_("The citizens' own plan steps done"), share(r["done"], r["steps"]))
        table.add(_("Small steps logged in the period"), people(r["small_steps"]))
        table.add(_("Citizens with a small step logged"), people(r["small_step_citizens"]))
        return table

    def respect_table(self) -> Table:
        r = selectors.respect(self.municipality_id, self.start, self.end)
        table = Table(_("Respect"), [_("Figure"), _("Value")])
        table.add(_("Plan versions made in the period"), people(r["versions"]))
        table.add(_("Share signed with the citizen"), share(r["signed"], r["versions"]))
        table.add(_("Share with the citizen present"), share(r["present"], r["versions"]))
        table.add(_("Versions the citizen disagreed with"), people(r["disagrees"]))
        for form, label in Involvement.choices:
            table.add(_("Involvement: %(form)s") % {"form": label}, share(r[f"involvement_{form}"], r["versions"]))
        table.add(_("Hearings sent in the period"), people(r["hearings"]))
        table.add(_("Share of hearings answered"), share(r["answered"], r["hearings"]))
        table.add(_("Complaints"), _("Not recorded in Helhed"))
        return table


# Every table by its key in the download route, in the page's order.
def _total(rows: list[dict]) -> dict:
    keys = ("citizens", "conversations", "with_conversation", "offers", "with_offer", "mentor_minutes")
    return {key: sum(row[key] for row in rows) for key in keys}


TABLES = {
    "sagstal": Figures.caseload_table,
    "parkering-maalgruppe": Figures.parking_group_table,
    "parkering-sagsbehandler": Figures.parking_staff_table,
    "indsats-afstand": Figures.effort_distance_table,
    "indsats-aar": Figures.effort_years_table,
    "indsats-programmer": Figures.effort_programmes_table,
    "frister": Figures.deadlines_table,
    "fravaer-sanktioner": Figures.sanctions_table,
    "effektivitet": Figures.efficiency_table,
    "ligebehandling": Figures.equal_treatment_table,
    "ligebehandling-tilbud": Figures.equal_treatment_offers_table,
    "lydhoerhed": Figures.responsiveness_table,
    "respekt": Figures.respect_table,
}
