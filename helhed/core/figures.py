"""Aggregate figures shown to people who may not see the citizens behind them.

A count of people is shown only from MIN_CELL: a smaller count (other than 0) is suppressed, and so is a share
computed from it, because a cell of 1–4 in a small group can point at a person. Every table of figures is a `Table`:
the page shows it as an HTML table (every chart has one), and the same rows download as CSV, XLSX or PDF.

    table = Table(_("Parking signal"), [_("Group"), _("Citizens"), _("Not seen")])
    table.add(_("Aktivitetsparat"), people(412), people(37))
    return table_download(request, table, "csv")
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

MIN_CELL = 5


@dataclass(frozen=True)
class Cell:
    """One figure: `value` (None when suppressed) and how to show it."""

    value: float | int | None
    suppressed: bool = False
    unit: str = ""  # "" a count, "%" a share in per cent, "" with decimals for means

    def __str__(self):
        if self.suppressed:
            return f"< {MIN_CELL}"
        if self.value is None:
            return "–"
        if isinstance(self.value, float):
            text = f"{self.value:.1f}".replace(".", ",")
        else:
            text = f"{self.value:,}".replace(",", ".")
        return f"{text} %" if self.unit == "%" else text

    @property
    def export(self):
        """The value written to CSV and XLSX: a number, or the suppression mark as text."""
        if self.suppressed:
            return f"<{MIN_CELL}"
        return "" if self.value is None else self.value


def people(n: int | None) -> Cell:
    """A count of citizens (or staff answers): suppressed from 1 to MIN_CELL - 1."""
    if n is None:
        return Cell(None)
    return Cell(None, suppressed=True) if 0 < n < MIN_CELL else Cell(int(n))


def share(part: int, whole: int) -> Cell:
    """`part` of `whole` in per cent, suppressed when either count is; no share of an empty whole."""
    if (0 < part < MIN_CELL) or (0 < whole < MIN_CELL):
        return Cell(None, suppressed=True, unit="%")
    if not whole:
        return Cell(None, unit="%")
    return Cell(round(100 * part / whole, 1), unit="%")


def amount(value) -> Cell:
    """A figure that is not a count of people (hours, days, a median): never suppressed by itself."""
    if value is None:
        return Cell(None)
    return Cell(round(float(value), 1) if not isinstance(value, int) else value)


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""

    def add(self, label, *cells):
        self.rows.append([label, *cells])

    def cells(self):
        """Every figure in the table, for the test that no cell under MIN_CELL is shown."""
        return [cell for row in self.rows for cell in row[1:] if isinstance(cell, Cell)]

    def export_rows(self):
        yield [str(c) for c in self.columns]
        for label, *cells in self.rows:
            yield [str(label), *[c.export if isinstance(c, Cell) else c for c in cells]]


def table_download(request, table: Table, fmt: str, *, filename: str = "", tables: list[Table] | None = None):
    """`table` (or several `tables`, one after another, or one sheet each) as CSV, XLSX or PDF."""
    tables = tables or [table]
    name = filename or slugify(tables[0].title) or "tal"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response.write("\ufeff")  # Excel reads the Danish letters right with a byte-order mark
        writer = csv.writer(response, delimiter=";")
        for i, each in enumerate(tables):
            if len(tables) > 1:
                if i:
                    writer.writerow([])
                writer.writerow([each.title])
            writer.writerows(each.export_rows())
        return response
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        book.remove(book.active)
        for i, each in enumerate(tables):
            sheet = book.create_sheet(title=(slugify(each.title)[:28] or "ark") + (f"-{i + 1}" if len(tables) > 1 else ""))
            for row in each.export_rows():
                sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if fmt == "pdf":
        from helhed.core.pdf import pdf_response

        return pdf_response(request, "core/figures_pdf.html", {"tables": tables, "title": tables[0].title},
                            filename=f"{name}.pdf", attachment=True)
    raise ValueError(_("Unknown format: %(fmt)s") % {"fmt": fmt})


DOWNLOAD_FORMATS = ("csv", "xlsx", "pdf")


# Aggregates over a whole municipality take from a few hundred milliseconds to seconds at 100,000 citizens: a leader's
# page shows figures computed at most REMEMBER_FOR ago (and says when), and "compute again" asks for fresh ones. A
# write that the reader must see at once (marking a programme step) changes the key instead (a generation number).
REMEMBER_FOR = datetime.timedelta(minutes=15)


def remembered(key: str, compute, *, fresh: bool = False):
    """(value, computed at): `compute()`'s value as computed at most REMEMBER_FOR ago under `key` (in the default
    cache, so per process with the local-memory cache), or computed now when `fresh` or when none is kept. The key
    must hold everything the value depends on, the language included (tables carry translated labels)."""
    from django.core.cache import cache
    from django.utils import timezone, translation

    key = f"figures:{translation.get_language()}:{key}"
    kept = None if fresh else cache.get(key)
    if kept is None:
        kept = (compute(), timezone.now())
        cache.set(key, kept, REMEMBER_FOR.total_seconds())
    return kept
