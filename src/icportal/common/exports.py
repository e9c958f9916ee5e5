"""Exports of lists to CSV and XLSX that a spreadsheet can never execute.

Every list page answers `?export=csv` and `?export=xlsx` with the filters of the page applied.
Both formats stream rows as they are read, so an export of a year's certificates never holds the
whole list in memory; a cell that begins with =, +, -, @ (or a tab / carriage return) is written
as text with a leading apostrophe, which spreadsheets show but never evaluate.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import tempfile
from collections.abc import Iterable, Sequence

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def _xlsx_cell(value: object):
    """Numbers and dates stay typed in XLSX (sums work); text is neutralised like CSV."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (int, float, decimal.Decimal)):
        return value
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value
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
            yield writer.writerow([neutralise(v) for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=filename.rsplit(".", 1)[0][:31] or "Export")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=neutralise(title))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_cell(v) for v in row])
    # FileResponse closes the spool when the download ends.
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    book.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def export_response(
    fmt: str | None, stem: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    """`?export=csv|xlsx` → the file named `<stem>.<fmt>`; anything else is refused plainly."""
    if fmt == "xlsx":
        return xlsx_response(f"{stem}.xlsx", header, rows)
    if fmt == "csv":
        return csv_response(f"{stem}.csv", header, rows)
    return HttpResponse(
        "Choose an export format: csv or xlsx.", status=400, content_type="text/plain"
    )
