"""Every list page exports CSV and XLSX: its filters applied, its scope kept, formulas neutralised.

One row of each list carries text a spreadsheet would run; the export must show it as text (with
a leading apostrophe). A filter of the page must drop another row; rows of another firm (member
lists) or another office (office lists) never appear. The rows are made in tests/export_cases.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl
import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl.utils import get_column_letter

from icportal.common.exports import INR_FORMAT, XLSX_TYPE
from tests import export_cases as x
from tests.complaints.factories import filed
from tests.dispatch.factories import requested

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    id: str
    url_name: str
    role: str  # who opens the page: member, staff, head_office or public
    stem: str  # the file name without its extension ("" when it depends on the data)
    header: tuple[str, ...]  # the first three column titles
    build: Callable[[object], x.Data]


C = Case
CASES = [
    C("users", "accounts:users", "head_office", "users", ("Name", "E-mail", "Role"), x.users),
    C("members", "members:list", "staff", "members", ("Legal name", "IEC", "GSTINs"), x.members),
    C("ledger", "entitlements:ledger", "member", "", ("Date (IST)", "Entry", "Amount (₹)"), x.ledger),
    C("member-epcs", "entitlements:mine", "member", "epcs",
      ("EPC number", "Financial year", "Segment group"), x.two_years("epcs")),
    C("member-balances", "entitlements:mine", "member", "entitlement-balances",
      ("Financial year", "Segment group", "Credited (₹)"), x.two_years("balances")),
    C("epc-queue", "entitlements:epc_queue", "staff", "epcs", ("Member", "IEC", "Office"),
      x.epc_queue),
    C("items", "entitlements:items", "staff", "eligible-items",
      ("Segment group", "Item", "HS code"), x.items),
    C("member-applications", "certificates:mine", "member", "ic-applications",
      ("Reference", "Status", "Invoice number"), x.member_ics("applications")),
    C("member-certificates", "certificates:mine", "member", "import-certificates",
      ("IC number", "Application", "Invoice number"), x.member_ics("certificates")),
    C("boe-reports", "certificates:boe_list", "staff", "boe-reports", ("IC number", "Member", "IEC"),
      x.boe("reports")),
    C("boe-overdue", "certificates:boe_list", "staff", "boe-overdue", ("IC number", "Member", "IEC"),
      x.boe("overdue")),
    C("uploads", "esanchit:uploads", "staff", "esanchit-uploads", ("IC number", "Member", "IEC"),
      x.uploads),
    C("batches", "esanchit:batches", "staff", "esanchit-batches",
      ("Batch", "Office", "Built (IST)"), x.batches),
    C("outbox", "notifications:outbox", "staff", "outbox", ("Created (IST)", "To", "Subject"),
      x.outbox),
    C("ic-table", "ic_tables:ic_table", "member", "",
      ("Uploaded on (IST)", "Bill of Entry No.", "IC No."), x.ic_table),
    C("member-copy-requests", "dispatch:index", "member", "copy-requests",
      ("Request", "IC number", "Member"), x.for_member(requested)),
    C("office-copy-requests", "dispatch:index", "staff", "copy-requests",
      ("Request", "IC number", "Member"), x.for_office(requested)),
    C("member-complaints", "complaints:index", "member", "complaints",
      ("Complaint", "IC number", "Member"), x.for_member(filed)),
    C("office-complaints", "complaints:index", "staff", "complaints",
      ("Complaint", "IC number", "Member"), x.for_office(filed)),
    C("complaint-causes", "complaints:report", "head_office", "complaint-causes",
      ("Office", "Open", "Wrong number quoted"), x.complaint_report),
    C("office-directory", "offices:directory", "public", "offices", ("Office", "Code", "Region"),
      x.offices(public=True)),
    C("office-manage", "offices:manage", "head_office", "offices-all",
      ("Office", "Code", "Region"), x.offices(public=False)),
]  # fmt: skip
IDS = [case.id for case in CASES]


def export(client, path, params, fmt):
    response = client.get(path, {**params, "export": fmt})
    assert response.status_code == 200, response.content[:300]
    content = b"".join(response.streaming_content)
    if fmt == "csv":
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        return response, list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert response["Content-Type"] == XLSX_TYPE
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert_laid_out(sheet)
    return response, [
        ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
    ]


def assert_laid_out(sheet):
    """What a person opening any export sees: the header stays put and can filter, each column
    is wide enough for its title, dates read dd/mm/yyyy and rupees ₹12,34,567.00."""
    header = [c.value for c in sheet[1]]
    last = get_column_letter(len(header))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
    assert all(cell.font.b for cell in sheet[1])
    for index, title in enumerate(header, start=1):
        assert sheet.column_dimensions[get_column_letter(index)].width >= min(len(title), 60)
    for row in sheet.iter_rows(min_row=2):
        for cell, title in zip(row, header, strict=True):
            if isinstance(cell.value, dt.datetime):
                assert cell.number_format.startswith("dd/mm/yyyy"), (title, cell.number_format)
            elif "₹" in title and isinstance(cell.value, int | float):
                assert cell.number_format == INR_FORMAT, title


def cells(rows) -> set[str]:
    return {cell for row in rows for cell in row}


def opened(client, case, monkeypatch):
    data = case.build(monkeypatch)
    assert (data.user.role if data.user else "public") == case.role
    if data.user is not None:
        client.force_login(data.user)
    return data, reverse(case.url_name, kwargs=data.kwargs)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_list_exports_its_filtered_rows_with_formulas_neutralised(
    client, monkeypatch, case, fmt
):
    data, path = opened(client, case, monkeypatch)
    response, (header, *rows) = export(client, path, data.params, fmt)
    assert f'filename="{data.stem or case.stem}.{fmt}"' in response["Content-Disposition"]
    assert tuple(header[:3]) == case.header and all(header)
    assert rows and all(len(row) == len(header) for row in rows)
    found = cells(rows)
    assert "'" + data.evil in found and data.evil not in found
    assert not any(cell.startswith(("=", "+", "@")) for cell in found)
    assert {data.kept, data.dropped} <= found | {""}
    if data.foreign:
        assert data.foreign not in found  # another firm's or another office's row
    if data.narrow:
        _, (_, *narrowed) = export(client, path, {**data.params, **data.narrow}, fmt)
        assert 0 < len(narrowed) < len(rows)
        assert data.kept in cells(narrowed) and data.dropped not in cells(narrowed)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_page_offers_both_formats_with_its_filters(client, monkeypatch, case):
    data, path = opened(client, case, monkeypatch)
    params = {**data.params, **(data.narrow or {})}
    page = client.get(path, params).content.decode()
    if case.id == "ic-table":  # a form: the buttons send the days chosen in it
        assert 'name="export" value="csv"' in page and 'name="export" value="xlsx"' in page
        return
    links = [QueryDict(html.unescape(q)) for q in re.findall(r'href="\?([^"]*export=[^"]*)"', page)]
    for fmt in ("csv", "xlsx"):
        assert any(
            link.get("export") == fmt and all(link.get(k) == v for k, v in params.items())
            for link in links
        ), (fmt, params, links)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_an_unknown_format_is_refused(client, monkeypatch, case):
    data, path = opened(client, case, monkeypatch)
    response = client.get(path, {**data.params, "export": "ods"})
    assert response.status_code == 400 and b"csv or xlsx" in response.content


def queries(client, path, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, {**params, "export": "csv"})
        b"".join(response.streaming_content)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_an_export_costs_the_same_queries_with_more_rows(client, monkeypatch, case):
    data, path = opened(client, case, monkeypatch)
    few = queries(client, path, data.params)
    case.build(
        monkeypatch
    )  # the same rows again: more for office lists (a member sees only theirs)
    assert queries(client, path, data.params) == few
