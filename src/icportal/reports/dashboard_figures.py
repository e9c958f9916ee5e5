"""What the dashboard shows: each figure is one table, and the chart and export are made from it.

A `Cell` holds the raw value (written to CSV/XLSX) and its text (shown in the table), so the chart
JSON, the HTML table and the exports cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from icportal.common.money import format_inr, rupees


@dataclass(frozen=True)
class Cell:
    raw: object
    text: str
    numeric: bool = True


def count(n: int) -> Cell:
    return Cell(n, format_inr(n, symbol=False)[:-3])


def money(amount: Decimal) -> Cell:
    return Cell(rupees(amount), format_inr(amount))


def blank() -> Cell:
    return Cell(None, "—")


def percent(part, whole) -> Cell:
    if not whole:
        return blank()
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))
    return Cell(value, f"{value}%")


def hours(value: float | None) -> Cell:
    """A duration: hours (2 decimals) in exports, "3 h 05 min" or "4.5 days" on the page."""
    if value is None:
        return blank()
    minutes = round(value * 60)
    if minutes < 60:
        words = gettext("%(minutes)s min") % {"minutes": minutes}
    elif value < 48:
        words = gettext("%(hours)s h %(minutes)s min") % {
            "hours": minutes // 60,
            "minutes": f"{minutes % 60:02d}",
        }
    else:
        words = gettext("%(days)s days") % {"days": f"{value / 24:.1f}"}
    return Cell(round(value, 2), words)


def text(value: str) -> Cell:
    value = str(value)  # a lazy label is read now, in the reader's language (exports too)
    return Cell(value, value, numeric=False)


def day(value: dt.date) -> Cell:
    return Cell(value, f"{value:%d/%m/%Y}", numeric=False)


@dataclass
class Figure:
    """A table with a header row, body rows and footer rows (totals, medians), plus its chart.

    The chart: {"type": "bar" | "doughnut", "labels": [...], "datasets": [{"label", "data"}],
    "stacked", "horizontal", "money", "colours"} — read by reports/static/reports/dashboard.js.
    """

    key: str
    title: str
    header: list[str]
    rows: list[list[Cell]]
    chart: dict
    summary: str
    footer: list[list[Cell]] = field(default_factory=list)
    empty: str = _("Nothing in this range.")

    def export_rows(self):
        return [[c.raw for c in row] for row in [*self.rows, *self.footer]]


@dataclass
class Section:
    key: str
    title: str
    intro: str
    figures: list[Figure]


def bar_chart(labels, datasets, **options) -> dict:
    return {
        "type": "bar",
        "labels": list(labels),
        "datasets": [{"label": label, "data": list(data)} for label, data in datasets],
        **options,
    }


def column(rows: list[list[Cell]], index: int) -> list:
    """Chart data from a table column (money as float: Chart.js needs numbers)."""
    values = [row[index].raw for row in rows]
    return [float(v) if isinstance(v, Decimal) else v for v in values]


def label_value_figure(
    key: str,
    title: str,
    header: list[str],
    items: list[tuple[str, int]],
    *,
    total: int | None = None,
    total_label: str = _("Total"),
    summary: str,
    empty: str = _("Nothing in this range."),
    chart_type: str = "bar",
    colours: list[str] | None = None,
) -> Figure:
    """A two-column table (words, count) drawn as a horizontal bar or a doughnut."""
    rows = [[text(words), count(n)] for words, n in items]
    chart = bar_chart(
        [row[0].text for row in rows],
        [(header[1], column(rows, 1))],
        horizontal=True,
    )
    chart["type"] = chart_type
    if colours:
        chart["colours"] = colours
    footer = [[text(total_label), count(total)]] if total is not None else []
    return Figure(key, title, header, rows, chart, summary, footer=footer, empty=empty)
