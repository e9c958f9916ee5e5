"""The reports in Hindi (issue 18): the member's home (task list), the search page, the dashboard
and its exports read in the user's language, with ₹ grouped in lakh/crore, dd/mm/yyyy dates and
every identifier and value unchanged."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from icportal.common.dates import financial_year, ist_today
from icportal.entitlements.models import EntitlementAccount
from tests import factories
from tests.reports import factories as rf
from tests.reports.dashboard_pages import URL, charts, tables

pytestmark = pytest.mark.django_db


def hindi(msgid: str, context: str | None = None) -> str:
    """The Hindi of an English text, checked to be a real translation."""
    with translation.override("hi"):
        words = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
    assert words != msgid, f"no Hindi for {msgid!r}"
    return words


def page(client, user, url, **params) -> str:
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    if user.language:
        assert response["Content-Language"] == user.language
    return response.content.decode()


def test_the_member_home_task_list_is_in_hindi_for_a_member_who_reads_hindi(client):
    _member, user, officer, epc = rf.firm()
    application = rf.queried(user, officer, epc, question="Attach the supplier invoice")
    user.language = "hi"
    user.save(update_fields=["language"])

    text = page(client, user, "/")
    for msgid in ("Needs your action", "Reply to the query", "Latest Import Certificates"):
        assert hindi(msgid) in text and msgid not in text
    assert hindi("Query") in text
    # The office's question and the application's reference stay as written.
    assert "Attach the supplier invoice" in text and application.reference in text
    # An English reader of the same firm still reads English.
    english = factories.member_user(member=user.member)
    assert "Needs your action" in page(client, english, "/")


def test_the_search_finds_an_ic_for_a_hindi_user_with_hindi_labels(client):
    _member, user, officer, epc = rf.firm()
    ic = rf.certificate(user, officer, epc)
    upload = ic.uploads.get()
    user.language = "hi"
    user.save(update_fields=["language"])

    text = page(client, user, "/search/", q=upload.irn)
    assert 'data-testid="found-certificates"' in text and ic.number in text
    for msgid in ("Import Certificates", "IC number", "Search"):
        assert hindi(msgid) in text
    assert hindi("IRN or DRN") in text  # what the term was searched as
    # The numbers to copy stay exactly as ICEGATE gave them.
    assert f'data-copy="{upload.irn}"' in text and f'data-copy="{upload.drn}"' in text
    copy = hindi("Copy %(label)s %(value)s") % {"label": "IRN", "value": upload.irn}
    assert f'aria-label="{copy}"' in text


def test_the_dashboard_in_hindi_keeps_rupees_in_lakh_crore_and_dd_mm_yyyy(client):
    _member, user, officer, epc = rf.firm(fob=Decimal("300000000"))  # 5 %: ₹1,50,00,000.00
    rf.certificate(user, officer, epc, upload=False)
    head = factories.head_office_user(language="hi")
    client.force_login(head)
    response = client.get(URL, {"all": 1})
    assert response.status_code == 200 and response["Content-Language"] == "hi"
    text = response.content.decode()

    assert hindi("Dashboard") in text and hindi("Entitlement utilisation by segment group") in text
    shown = tables(response)
    entitlement = shown["table-entitlement"]
    assert entitlement[0][:3] == [hindi("Segment group"), hindi("Members"), hindi("Entitled")]
    account = EntitlementAccount.objects.get(financial_year=financial_year())
    assert account.credited == Decimal("15000000.00")
    assert "₹1,50,00,000.00" in entitlement[1]  # crore and lakh grouping, as in English
    used = account.credited - account.balance
    assert used < Decimal("100000")  # one IC of ₹1,000: no lakh to group, still the ₹ sign
    assert f"₹{used:,.2f}" in entitlement[1]
    days = shown["table-ics_per_day"]
    assert days[0][0] == hindi("Date (IST)")
    today = ist_today()
    assert [row[-1] for row in days if row[0] == f"{today:%d/%m/%Y}"] == ["1"]
    # Chart.js draws the labels it is given: they are Hindi too.
    chart = charts(response)["turnaround"]
    assert [d["label"] for d in chart["datasets"]] == [
        hindi("Submission to issue"),
        hindi("Issue to IRN"),
    ]
    assert chart["labels"][0] == hindi("Under 1 hour")


def _xlsx(client, user, chart: str) -> list[list]:
    client.force_login(user)
    response = client.get(URL, {"export": "xlsx", "chart": chart})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in sheet.worksheets[0].iter_rows(values_only=True)]


def test_an_xlsx_export_for_a_hindi_user_has_hindi_headings_and_the_same_values(client):
    _member, user, officer, epc = rf.firm(fob=Decimal("300000000"))
    rf.certificate(user, officer, epc, upload=False)
    english = _xlsx(client, factories.head_office_user(), "entitlement")
    in_hindi = _xlsx(client, factories.head_office_user(language="hi"), "entitlement")

    assert english[0][:3] == ["Segment group", "Members", "Entitled"]
    assert in_hindi[0] == [
        hindi(heading)
        for heading in ("Segment group", "Members", "Entitled", "Used", "Balance", "Used (%)")
    ]
    assert in_hindi[1:-1] == english[1:-1]  # the figures, and the segment group's own name
    assert in_hindi[-1][0] == hindi("Total") and in_hindi[-1][1:] == english[-1][1:]
    assert english[1][2] == 15000000  # a number in the sheet, not text: ₹ is the reader's
