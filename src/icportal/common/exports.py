"""Exports of lists to CSV and XLSX that a spreadsheet can never execute.

Every list page answers `?export=csv` and `?export=xlsx` with the filters of the page applied.
Both formats stream rows as they are read, so an export of a year's certificates never holds the
whole list in memory; a cell that begins with =, +, -, @ (or a tab / carriage return) is written
as text with a leading apostrophe, which spreadsheets show but never evaluate. Values that are
numbers (int, Decimal) are written as numbers in both formats: they cannot hold a formula, and a
refund of -100.00 must stay summable. Datetimes are written in IST (dd/mm/yyyy HH:MM in CSV, a real
date-time cell in XLSX).

This module is the plumbing and knows no domain (nor the audit trail): views call
`icportal.audit.exports.export_list` / `export_response`, which write the audit row first. A view
describes its columns once, as (title, value) pairs:

    MEMBER_COLUMNS = (("Legal name", "legal_name"), ("Office", "office.code"),
                      ("ICEGATE status", lambda m: m.icegate_registration.get_status_display()))
    if "export" in request.GET:
        return export_list(request, "members", MEMBER_COLUMNS, members)
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import itertools
import tempfile
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, StreamingHttpResponse

from icportal.common.dates import IST
from icportal.common.money import format_inr

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_SIZE = 500
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# Rupees grouped the Indian way (₹1,23,45,678.00): Excel has no lakh grouping of its own, so the
# conditions pick a literal-comma pattern by size (a number format holds at most two conditions).
INR_FORMAT = '[>=10000000]"₹"##\\,##\\,##\\,##0.00;[>=100000]"₹"##\\,##\\,##0.00;"₹"#,##0.00'
WIDTH_SAMPLE = 200  # rows read ahead to size the columns
MIN_WIDTH, MAX_WIDTH = 8, 60

# (column title, dotted attribute path or a function of the row object)
Column = tuple[str, str | Callable[[Any], object]]


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool)


def _ist(value: dt.datetime) -> dt.datetime:
    """Wall-clock IST without tzinfo (what a spreadsheet can hold); naive values are kept."""
    return value.astimezone(IST).replace(tzinfo=None) if value.tzinfo else value


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if _is_number(value):
        return str(value)
    if isinstance(value, dt.datetime):
        return _ist(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return neutralise(value)


def _xlsx_cell(sheet, value: object, *, money: bool = False):
    """Numbers and dates stay typed in XLSX (sums work); text is neutralised like CSV."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if _is_number(value):
        if not money:
            return value
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = INR_FORMAT
        return cell
    if isinstance(value, (dt.datetime, dt.date)):
        from openpyxl.cell import WriteOnlyCell

        is_datetime = isinstance(value, dt.datetime)
        cell = WriteOnlyCell(sheet, value=_ist(value) if is_datetime else value)
        cell.number_format = DATETIME_FORMAT if is_datetime else DATE_FORMAT
        return cell
    return neutralise(value)


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]):
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([_csv_cell(v) for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _is_money(title: str) -> bool:
    """Columns are titled in rupees where they hold rupees: "Value (₹)", "Balance after (₹)"."""
    return "₹" in title


def _width(value: object) -> int:
    """Characters a cell needs as shown (dates as dd/mm/yyyy, rupees with ₹ and commas)."""
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if _is_number(value):
        return len(format_inr(value)) if isinstance(value, decimal.Decimal) else len(str(value))
    return max((len(line) for line in str(value).splitlines()), default=0)


def xlsx_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]):
    """One sheet: a bold, frozen header row with an autofilter; dates as date cells shown
    dd/mm/yyyy; rupee columns in the Indian grouping (₹12,34,567.00); each column as wide as the
    first WIDTH_SAMPLE rows need (the rest stream on, never held in memory)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=filename.rsplit(".", 1)[0][:31] or "Export")
    sheet.freeze_panes = "A2"
    rows = iter(rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE))
    money = [_is_money(str(title)) for title in header]
    for index, title in enumerate(header, start=1):
        widest = max([len(str(title)), *(_width(row[index - 1]) for row in sample)])
        width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=neutralise(title))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in itertools.chain(sample, rows):
        sheet.append([_xlsx_cell(sheet, v, money=m) for v, m in zip(row, money, strict=False)])
        count += 1
    if header:
        last = get_column_letter(len(header))
        sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    # FileResponse closes the spool when the download ends.
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    book.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def column_value(obj: object, getter: str | Callable[[Any], object]) -> object:
    if callable(getter):
        return getter(obj)
    for name in getter.split("."):
        try:
            obj = getattr(obj, name)
        except ObjectDoesNotExist:  # a missing reverse one-to-one (no certificate yet)
            return None
        if obj is None:
            return None
    return obj
