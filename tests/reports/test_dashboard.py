"""The dashboard: figures right in the table, the chart JSON and both exports; IST days; date
range errors; scoping by role and office; a fixed number of queries whatever the data size."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from icportal.common.dates import financial_year, financial_year_bounds, ist_today
from icportal.entitlements.models import EntitlementAccount, LedgerEntry
from tests import factories
from tests.certificates import factories as f
from tests.reports import dashboard_factories as df
from tests.reports.dashboard_pages import (
    FIGURES,
    URL,
    charts,
    row,
    sections_asked_for,
    tables,
    tables_as_shown,
)

pytestmark = pytest.mark.django_db


def exported(client, fmt, key, **params) -> list[list]:
    response = client.get(URL, {**params, "export": fmt, "chart": key})
    assert response.status_code == 200, response.content
    if fmt == "csv":
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _page(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def test_ics_per_day_count_ist_days_per_office_in_table_chart_and_exports(head, history):
    response = _page(head)
    day1, day2 = f"{history.day1:%d/%m/%Y}", f"{history.day2:%d/%m/%Y}"
    table = tables(response)["table-ics_per_day"]
    header = table[0]
    assert header[:3] == ["Date (IST)", "Chennai", "Agra"] and header[-1] == "Total"
    chennai, delhi = header.index("Chennai"), header.index("Delhi")
    # 23:50 IST stays on day 1; 00:10 IST (18:40 UTC, day 1 in UTC) is on day 2.
    assert [row(table, day1)[i] for i in (chennai, delhi, -1)] == ["2", "0", "2"]
    assert [row(table, day2)[i] for i in (chennai, delhi, -1)] == ["1", "1", "2"]
    assert [row(table, "Total")[i] for i in (chennai, delhi, -1)] == ["3", "1", "4"]
    assert len(table) == 1 + 30 + 1  # header, the 30 days of the default range, total

    chart = charts(response)["ics_per_day"]
    at = chart["labels"].index(f"{history.day1:%d/%m}")
    data = {d["label"]: d["data"] for d in chart["datasets"]}
    assert (data["Chennai"][at], data["Chennai"][at + 1], data["Delhi"][at + 1]) == (2, 1, 1)
    assert chart["stacked"] is True

    for fmt in ("csv", "xlsx"):
        rows = exported(head, fmt, "ics_per_day")
        assert rows[0] == header
        got = row(rows, day1 if fmt == "csv" else dt.datetime.combine(history.day1, dt.time()))
        assert [int(got[i]) for i in (chennai, delhi, -1)] == [2, 0, 2]
        assert [int(v) for v in row(rows, "Total")[1:]] == [int(v) for v in table[-1][1:]]


def test_time_to_issue_and_to_irn_in_buckets_with_medians(head, history):
    _member, user, _officer, epc = f.ready()
    f.submitted_application(user, epc)  # with the office: still waiting for its IC
    response = _page(head)
    table = tables(response)["table-turnaround"]
    assert row(table, "Under 1 hour")[1:] == ["1", "1"]
    assert row(table, "1 to 4 hours")[1:] == ["1", "1"]
    assert row(table, "1 to 2 days")[1:] == ["1", "0"]
    assert row(table, "Over 5 days")[1:] == ["1", "0"]
    assert row(table, "Counted")[1:] == ["4", "2"]
    assert row(table, "Still waiting")[1:] == ["1", "2"]
    # Issue: 0.5, 3, 30, 240 hours → (3 + 30) / 2; IRN: 0.5 and 2 hours → 1.25.
    assert row(table, "Median (hours)")[1:] == ["16 h 30 min", "1 h 15 min"]

    data = [d["data"] for d in charts(response)["turnaround"]["datasets"]]
    assert data == [[1, 1, 0, 1, 0, 1], [1, 1, 0, 0, 0, 0]]
    for fmt in ("csv", "xlsx"):
        rows = exported(head, fmt, "turnaround")
        assert [float(v) for v in row(rows, "Median (hours)")[1:]] == [16.5, 1.25]
        assert [int(v) for v in row(rows, "Counted")[1:]] == [4, 2]
        assert [int(v) for v in row(rows, "Still waiting")[1:]] == [1, 2]


def test_uploads_accepted_rejected_and_rejection_causes_in_plain_words(head, history):
    response = _page(head)
    outcomes = tables(response)["table-upload_outcomes"]
    assert row(outcomes, "Accepted (IRN recorded)")[1] == "2"
    assert row(outcomes, "Rejected by ICEGATE")[1] == "2"
    assert row(outcomes, "ICEGATE unavailable, retrying")[1] == "1"
    assert row(outcomes, "Total")[1] == "5"
    causes = tables(response)["table-rejection_causes"]
    assert causes[1:] == [
        ["Not a PDF/A-2 file (NOT_PDFA)", "1"],
        ["Signature does not validate, or file changed after signing (SIGNATURE_INVALID)", "1"],
        ["Another code (OTHER)", "1"],
    ]
    chart = charts(response)["rejection_causes"]
    assert chart["labels"] == [c[0] for c in causes[1:]] and chart["datasets"][0]["data"] == [
        1,
        1,
        1,
    ]
    assert charts(response)["upload_outcomes"]["type"] == "doughnut"
    for fmt in ("csv", "xlsx"):
        assert [r[1] for r in exported(head, fmt, "rejection_causes")[1:]] in (
            ["1", "1", "1"],
            [1, 1, 1],
        )


def test_entitlement_use_by_segment_group_agrees_with_the_ledger(head, history):
    accounts = EntitlementAccount.objects.filter(financial_year=financial_year())
    entries = LedgerEntry.objects.filter(account__in=accounts)
    credited = entries.filter(kind="credit").aggregate(s=Sum("amount"))["s"]
    balance = entries.aggregate(s=Sum("amount"))["s"]
    assert (credited, balance) == (100000, 94500)  # 2 × 5% of ₹10,00,000; ₹3,000 + ₹2,500 used

    response = _page(head)
    table = tables(response)["table-entitlement"]
    group = "Leather Goods, Footwear, Components, Gloves, Saddlery"
    assert row(table, group)[1:] == ["2", "₹1,00,000.00", "₹5,500.00", "₹94,500.00", "5.5%"]
    chart = charts(response)["entitlement"]
    assert chart["labels"] == [group] and chart["money"] is True
    assert [d["data"] for d in chart["datasets"]] == [[5500.0], [94500.0]]
    for fmt in ("csv", "xlsx"):
        got = row(exported(head, fmt, "entitlement"), group)
        assert [float(v) for v in got[2:]] == [100000, 5500, 94500, 5.5]


def test_complaints_by_diagnosis_finding_and_by_resolved_cause(head, history):
    response = _page(head)
    findings = tables(response)["table-complaint_findings"]
    assert findings[1:] == [
        ["Wrong uploader ICEGATE ID quoted", "1"],
        ["IC not on e-SANCHIT yet", "1"],
        ["Complaints filed", "2"],
    ]
    causes = tables(response)["table-complaint_causes"]
    assert causes[1:] == [["Upload missing", "1"], ["Not resolved yet", "1"], ["Total", "2"]]
    assert charts(response)["complaint_findings"]["datasets"][0]["data"] == [1, 1]
    for fmt in ("csv", "xlsx"):
        rows = exported(head, fmt, "complaint_causes")
        assert [str(r[1]) for r in rows[1:]] == ["1", "1", "2"]


def test_members_not_verified_on_icegate_by_office_today(head, history):
    response = _page(head)
    table = tables(response)["table-icegate"]
    assert row(table, "Chennai")[1:] == ["3", "1", "1", "2", "66.7%"]
    assert row(table, "Delhi")[1:] == ["2", "1", "0", "1", "50.0%"]
    assert row(table, "Mumbai")[1:] == ["0", "0", "0", "0", "—"]
    assert row(table, "Total")[1:] == ["5", "2", "1", "3", "60.0%"]
    assert "whatever the date range" in response.content.decode()
    # Not range-bound: the same figures for last year.
    last = financial_year_bounds(financial_year(ist_today().replace(day=1) - dt.timedelta(366)))
    response = _page(head, from_date=last[0].isoformat(), to_date=last[1].isoformat())
    assert row(tables(response)["table-icegate"], "Total")[1:4] == ["5", "2", "1"]
    assert row(tables(response)["table-ics_per_day"], "Total")[-1] == "0"


def test_every_chart_has_an_image_role_a_summary_a_table_and_export_links(head, history):
    response = _page(head)
    html = response.content.decode()
    assert set(charts(response)) == set(FIGURES)
    for key in FIGURES:
        assert f'<canvas data-chart="{key}" role="img" aria-label="' in html
        assert f'data-testid="table-{key}"' in html
        assert f"?export=csv&amp;chart={key}" in html and f"?export=xlsx&amp;chart={key}" in html
        assert f'data-dashboard-toggle="{key}"' in html
    main = html.split('id="main"')[1]
    assert 'style="' not in main  # the CSP forbids inline styles
    assert "<script>" not in main  # and inline scripts: the data is a JSON script tag
    assert "4 ICs in all; the busiest day was" in html


def test_exports_keep_the_filters_and_name_the_range(head, history):
    params = {"from_date": history.day2.isoformat(), "to_date": history.day2.isoformat()}
    response = head.get(URL, {**params, "office": "DEL", "export": "csv", "chart": "ics_per_day"})
    stem = f"{history.day2:%Y%m%d}-{history.day2:%Y%m%d}"
    assert f"dashboard-ics_per_day-{stem}-DEL.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    day2 = f"{history.day2:%d/%m/%Y}"
    assert rows == [["Date (IST)", "Delhi", "Total"], [day2, "1", "1"], ["Total", "1", "1"]]
    assert head.get(URL, {"export": "csv", "chart": "nonsense"}).status_code == 400
    assert head.get(URL, {"export": "pdf", "chart": "icegate"}).status_code == 400


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"from_date": "2026-05-10", "to_date": "2026-05-01"}, "from_date", "on or before"),
        ({"from_date": "2025-01-01", "to_date": "2026-05-01"}, "to_date", "at most one year"),
        ({"from_date": "2026-05-01", "to_date": ""}, "to_date", "Enter the ‘To’ date"),
        ({"from_date": "", "to_date": "2026-05-01"}, "from_date", "Enter the ‘From’ date"),
        ({"from_date": "31/02/2026", "to_date": "2026-05-01"}, "from_date", "is not a date"),
    ],
)
def test_a_wrong_range_is_named_beside_its_field_and_in_the_summary(head, params, field, words):
    response = _page(head, **params)
    html = response.content.decode()
    form = response.context["form"]
    assert list(form.errors) == [field] and words in form.errors[field][0]
    assert 'id="error-summary"' in html and f'href="#id_{field}"' in html
    assert f'id="id_{field}-error"' in html
    assert "<canvas" not in html and "Correct the dates above" in html
    export = head.get(URL, {**params, "export": "csv", "chart": "icegate"})
    assert export.status_code == 400 and words in export.content.decode()


def test_a_year_is_allowed_and_presets_link_to_their_dates(head):
    today = ist_today()
    first = today - dt.timedelta(days=365)
    response = _page(head, from_date=first.isoformat(), to_date=today.isoformat())
    assert response.context["period"].first == first
    presets = {p["label"]: p for p in response.context["presets"]}
    start, _end = financial_year_bounds(financial_year(today))
    assert (
        f"from_date={start.isoformat()}&to_date={today.isoformat()}"
        in (presets["This financial year"]["href"])
    )
    previous = financial_year(start - dt.timedelta(days=1))
    assert presets["Last financial year"]["href"].endswith(
        "from_date={}&to_date={}".format(*[d.isoformat() for d in financial_year_bounds(previous)])
    )
    default = _page(head)
    assert default.context["period"].first == today - dt.timedelta(days=29)
    assert [p["current"] for p in default.context["presets"]] == [True, False, False, False]


def test_office_staff_see_only_their_office_whatever_they_ask(client, history):
    client.force_login(factories.staff_user("CHN"))
    response = _page(client, office="DEL")
    assert "office" not in response.context["form"].fields
    t = tables(response)
    assert t["table-ics_per_day"][0] == ["Date (IST)", "Chennai", "Total"]
    assert row(t["table-ics_per_day"], "Total")[1:] == ["3", "3"]
    assert row(t["table-turnaround"], "Counted")[1:] == ["3", "2"]
    assert row(t["table-upload_outcomes"], "Total")[1] == "4"
    assert [r[0] for r in t["table-icegate"][1:]] == ["Chennai"]
    assert row(t["table-complaint_findings"], "Complaints filed")[1] == "2"
    group = "Leather Goods, Footwear, Components, Gloves, Saddlery"
    assert row(t["table-entitlement"], group)[1:3] == ["1", "₹50,000.00"]
    rows = exported(client, "csv", "ics_per_day", office="DEL")
    assert rows[0] == ["Date (IST)", "Chennai", "Total"]

    client.force_login(factories.staff_user("DEL"))
    t = tables(_page(client))
    assert row(t["table-ics_per_day"], "Total")[1:] == ["1", "1"]
    assert row(t["table-complaint_findings"], "Complaints filed")[1] == "0"


def test_head_office_can_choose_one_office(head, history):
    t = tables(_page(head, office="DEL"))
    assert t["table-ics_per_day"][0] == ["Date (IST)", "Delhi", "Total"]
    assert row(t["table-upload_outcomes"], "Total")[1] == "1"
    assert [r[0] for r in t["table-icegate"][1:]] == ["Delhi"]


def test_members_are_refused_and_visitors_sent_to_sign_in(client, member_user):
    assert client.get(URL).status_code == 302
    client.force_login(member_user)
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"export": "csv", "chart": "icegate"}).status_code == 403


def _queries(client, **params) -> int:
    client.get(URL, params)  # warm the session and caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
        assert response.status_code == 200
        if "export" in params:
            b"".join(response.streaming_content)
    return len(ctx.captured_queries)


def test_the_page_costs_a_fixed_number_of_queries_at_any_data_size(head, monkeypatch):
    df.complaints(df.history(days_ago=10), monkeypatch)
    small = _queries(head)
    small_export = _queries(head, export="csv", chart="turnaround")
    for days_ago in (3, 5, 20):
        df.complaints(df.history(days_ago=days_ago), monkeypatch)
    assert _queries(head) == small <= 16, small
    assert _queries(head, export="csv", chart="turnaround") == small_export <= 8


def test_cached_figures_are_reused_and_never_cross_offices(client, head, history, settings):
    settings.DASHBOARD_CACHE_SECONDS = 300
    with CaptureQueriesContext(connection) as first:
        page = _page(head)
        assert tables(page) == {}  # nothing kept: each section is asked for on its own
        everything = tables_as_shown(head, page)
    with CaptureQueriesContext(connection) as again:
        page = _page(head)
        assert tables(page) == everything  # the same figures, without computing them
        assert sections_asked_for(head, page) == []
    assert len(again.captured_queries) < len(first.captured_queries) - 5
    assert row(everything["table-ics_per_day"], "Total")[-1] == "4"

    # Office staff asking straight after head office get their own office's figures.
    client.force_login(factories.staff_user("DEL"))
    delhi = tables_as_shown(client, _page(client))
    assert delhi["table-ics_per_day"][0] == ["Date (IST)", "Delhi", "Total"]
    assert row(delhi["table-ics_per_day"], "Total")[1:] == ["1", "1"]
    assert row(delhi["table-complaint_findings"], "Complaints filed")[1] == "0"
