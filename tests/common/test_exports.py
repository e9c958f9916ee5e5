"""export_response and export_list: CSV and XLSX that a spreadsheet never runs."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from django.test import RequestFactory

from icportal.audit import exports
from icportal.audit.exports import export_list
from icportal.common.dates import IST
from icportal.common.exports import XLSX_TYPE
from tests.factories import staff_user

HEADER = ["Member", "Amount (₹)", "Count", "Issued (IST)", "Due"]
FORMULAS = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)"]
ISSUED = dt.datetime(2026, 5, 4, 6, 30, tzinfo=dt.UTC)  # 12:00 in IST
DUE = dt.date(2026, 5, 11)


_viewer = {}


@pytest.fixture(autouse=True)
def viewer(db):
    """Every export is audited under the user who took it, so each test has one signed in."""
    _viewer["user"] = staff_user()
    yield _viewer["user"]
    _viewer.clear()


def export_response(fmt, stem, header, rows):
    req = RequestFactory().get("/", {"export": fmt or ""})
    req.user = _viewer["user"]
    return exports.export_response(fmt, stem, header, rows, request=req)


def rows():
    yield ["Plain Leathers", Decimal("-100.50"), 3, ISSUED, DUE]
    for text in FORMULAS:
        yield [text, None, None, None, None]


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_of(response) -> list[list[str]]:
    text = body(response).decode()
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_of(response) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(body(response)))
    return list(book.active.iter_rows(values_only=True))


def test_csv_neutralises_formulas_and_writes_numbers_and_ist_dates():
    response = export_response("csv", "members", HEADER, rows())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="members.csv"'
    header, plain, *evil = csv_of(response)
    assert header == HEADER
    assert plain == ["Plain Leathers", "-100.50", "3", "04/05/2026 12:00", "11/05/2026"]
    assert [r[0] for r in evil] == ["'" + text for text in FORMULAS]
    assert evil[0][1:] == ["", "", "", ""]


def test_xlsx_neutralises_formulas_and_keeps_numbers_and_dates_typed():
    response = export_response("xlsx", "members", HEADER, rows())
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert 'filename="members.xlsx"' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(body(response)))
    sheet = book.active
    assert sheet.title == "members"
    header, plain, *evil = list(sheet.iter_rows(values_only=True))
    assert list(header) == HEADER
    assert plain[0] == "Plain Leathers"
    assert plain[1] == pytest.approx(-100.5) and isinstance(plain[1], float)
    assert plain[2] == 3 and isinstance(plain[2], int)
    assert plain[3] == dt.datetime(2026, 5, 4, 12, 0)  # IST wall clock, no tzinfo
    assert plain[4].date() == DUE
    assert sheet["D2"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet["E2"].number_format == "dd/mm/yyyy"
    assert [r[0] for r in evil] == ["'" + text for text in FORMULAS]
    # No cell of the workbook is a formula.
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize("fmt", [None, "", "pdf", "CSV", "xls"])
def test_other_formats_are_refused_plainly(fmt):
    response = export_response(fmt, "members", HEADER, rows())
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain"
    assert "csv or xlsx" in response.content.decode()


def test_booleans_read_yes_and_no_in_both_formats():
    header, row = ["Active"], [[True], [False]]
    assert [r[0] for r in csv_of(export_response("csv", "x", header, row))[1:]] == ["Yes", "No"]
    assert [r[0] for r in xlsx_of(export_response("xlsx", "x", header, row))[1:]] == ["Yes", "No"]


COLUMNS = (
    ("Member", "member.legal_name"),
    ("IC number", "certificate.number"),
    ("Note", lambda row: row.note.upper()),
)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_list_reads_dotted_paths_and_functions(fmt):
    objects = [
        SimpleNamespace(
            member=SimpleNamespace(legal_name="=cmd|' /C calc'!A0"), certificate=None, note="ok"
        ),
        SimpleNamespace(
            member=SimpleNamespace(legal_name="Plain"),
            certificate=SimpleNamespace(number="CLE/CHN/IC/2026-27/000001"),
            note="fine",
        ),
    ]
    request = RequestFactory().get("/", {"export": fmt})
    request.user = _viewer["user"]
    response = export_list(request, "things", COLUMNS, objects)
    table = csv_of(response) if fmt == "csv" else [list(r) for r in xlsx_of(response)]
    empty = "" if fmt == "csv" else None
    assert table == [
        ["Member", "IC number", "Note"],
        ["'=cmd|' /C calc'!A0", empty, "OK"],
        ["Plain", "CLE/CHN/IC/2026-27/000001", "FINE"],
    ]


def test_naive_datetimes_are_taken_as_already_ist():
    naive = dt.datetime(2026, 5, 4, 12, 0)
    (_, row) = csv_of(export_response("csv", "x", ["When"], [[naive]]))
    assert row == ["04/05/2026 12:00"]
    assert ISSUED.astimezone(IST).replace(tzinfo=None) == naive


def test_xlsx_is_laid_out_for_people_rupees_dates_widths_frozen_header_and_filter(monkeypatch):
    from icportal.common import exports as plumbing

    monkeypatch.setattr(plumbing, "WIDTH_SAMPLE", 2)  # widths from the first rows; the rest stream
    long_name = "Pallava Finished Leathers and Footwear Components Pvt Ltd"
    data = [
        ["A", Decimal("12345678.90"), 3, ISSUED, DUE],
        [long_name, Decimal("150000"), 4, None, DUE],
        *(["More", Decimal("5"), i, None, None] for i in range(5)),
    ]
    response = export_response("xlsx", "ledger", HEADER, iter(data))
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E8"
    assert sheet.max_row == 8  # every row written, not only the sampled ones
    assert sheet["B2"].value == pytest.approx(12345678.90)
    assert sheet["B2"].number_format == plumbing.INR_FORMAT
    assert sheet["B3"].number_format == plumbing.INR_FORMAT
    assert sheet["C2"].number_format == "General"  # a count is not money
    assert sheet["E2"].number_format == "dd/mm/yyyy"
    widths = {c: sheet.column_dimensions[c].width for c in "ABCDE"}
    assert widths["A"] >= len(long_name)  # the firm's full name shows
    assert widths["B"] >= len("₹1,23,45,678.90")
    assert widths["D"] >= len("04/05/2026 12:00")
    assert widths["C"] < widths["A"]


def test_the_indian_rupee_format_groups_in_lakhs_and_crores():
    """The number format's three sections, read as a spreadsheet reads them."""
    from icportal.common.exports import INR_FORMAT

    crore, lakh, rest = INR_FORMAT.split(";")
    assert crore.startswith("[>=10000000]") and lakh.startswith("[>=100000]")
    assert crore.endswith('"₹"##\\,##\\,##\\,##0.00')
    assert lakh.endswith('"₹"##\\,##\\,##0.00')
    assert rest == '"₹"#,##0.00'
