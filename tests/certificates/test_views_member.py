"""The member's IC pages: rendering, scoping, the edit form (header + lines, live totals), lists."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from icportal.certificates import services
from icportal.certificates.models import Application, AppStatus
from icportal.entitlements.models import EligibleItem
from tests import factories
from tests.certificates import factories as f
from tests.certificates.member_pages import draft, edit_post, url, with_documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready():
    return f.ready()


@pytest.fixture
def client_a(client, ready):
    client.force_login(ready[1])
    return client


# --- Pages render -----------------------------------------------------------------------------


def test_every_member_page_renders(client_a, ready):
    _, user, officer, epc = ready
    app = with_documents(user, draft(user, epc))
    issued = services.certificate_issue(
        by=officer, application=f.submitted_application(user, epc, values=("500.00",))
    )
    pages = [
        url("mine"),
        url("mine") + "?tab=certificates",
        url("apply"),
        url("application", app),
        url("application_edit", app),
        url("items_upload", app),
        url("attachment_add", app),
        url("application_check", app),
        url("certificate", slug=issued.slug),
        url("boe_report", slug=issued.slug),
    ]
    for page in pages:
        response = client_a.get(page)
        assert response.status_code == 200, page
    html = client_a.get(url("mine")).content.decode()
    assert "Apply for an Import Certificate" in html and app.reference in html
    html = client_a.get(url("application", app)).content.decode()
    assert url("attachment_download", app, pk=app.attachments.get(kind="invoice").pk) in html
    html = client_a.get(url("mine") + "?tab=certificates").content.decode()
    assert issued.number in html and f'data-copy="{issued.number}"' in html


def test_apply_starts_a_draft_on_the_chosen_epc(client_a, ready):
    epc = ready[3]
    response = client_a.post(url("apply"), {"epc": epc.pk})
    app = Application.objects.get()
    assert response.status_code == 302 and response.url == url("application_edit", app)
    assert app.epc == epc and app.status == AppStatus.DRAFT
    assert app.reference.startswith("CLE/CHN/APP/")


def test_apply_tells_an_unverified_member_first_that_an_electronic_ic_cannot_reach_them(client):
    member = factories.MemberFactory()
    client.force_login(factories.member_user(member=member))
    html = client.get(url("apply")).content.decode()
    assert "an electronic Import Certificate cannot reach you" in html
    assert reverse("members:icegate_guide") in html
    assert "discretion of Customs" in html
    assert html.index("icegate-warning") < html.index("<h1")
    assert "Apply for an EPC" in html  # no approved EPC yet


def test_staff_of_the_office_open_the_application_and_certificate(client, ready):
    _, user, officer, epc = ready
    app = f.submitted_application(user, epc)
    client.force_login(officer)
    assert client.get(url("application", app)).status_code == 200
    issued = services.certificate_issue(by=officer, application=app)
    assert client.get(url("certificate", slug=issued.slug)).status_code == 200


# --- Scoping ----------------------------------------------------------------------------------


def test_another_firm_gets_404_for_every_application_and_certificate_page(client, ready):
    _, user, officer, epc = ready
    app = with_documents(user, draft(user, epc))
    attachment = app.attachments.first()
    issued = services.certificate_issue(by=officer, application=f.submitted_application(user, epc))
    _, other, _, _ = f.ready()
    client.force_login(other)
    gets = [
        url("application", app),
        url("application_edit", app),
        url("items_upload", app),
        url("attachment_add", app),
        url("application_check", app),
        url("application_reply", app),
        url("attachment_download", app, pk=attachment.pk),
        url("certificate", slug=issued.slug),
        url("certificate", slug=issued.slug) + "?file=boe",
        url("boe_report", slug=issued.slug),
    ]
    for page in gets:
        assert client.get(page).status_code == 404, page
    for page in [url("application_clone", app), url("application_withdraw", app)]:
        assert client.post(page).status_code == 404, page
    assert client.post(url("application_totals", app), edit_post(app, [])).status_code == 404
    html = client.get(url("mine")).content.decode()
    assert app.reference not in html


def test_documents_download_only_through_the_scoped_view(client_a, ready):
    _, user, _, epc = ready
    app = with_documents(user, draft(user, epc))
    attachment = app.attachments.get(kind="invoice")
    response = client_a.get(url("attachment_download", app, pk=attachment.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert 'filename="inv.pdf"' in response["Content-Disposition"]
    assert client_a.get(url("attachment_download", app, pk=attachment.pk + 99)).status_code == 404


# --- Editing: header and item lines -----------------------------------------------------------


def test_edit_saves_header_and_lines_and_moves_the_version(client_a, ready):
    _, user, _, epc = ready
    app = draft(user, epc)
    rows = [f.item_row("1200.50"), f.item_row("799.50", name="Buckles", description="Rivets")]
    response = client_a.post(
        url("application_edit", app), edit_post(app, rows, invoice_no="INV-77", port_code="inmaa1")
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.invoice_no == "INV-77" and app.port_code == "INMAA1"
    assert app.total_value == Decimal("2000.00") and app.items.count() == 2
    assert app.version == 3


def test_blank_and_removed_lines_are_ignored_and_check_your_answers_goes_to_the_check_page(
    client_a, ready
):
    _, user, _, epc = ready
    app = draft(user, epc, values=("100.00", "200.00"))
    rows = [f.item_row("100.00"), {**f.item_row("200.00"), "DELETE": "on"}, {"unit": "PCS"}]
    response = client_a.post(url("application_edit", app), edit_post(app, rows, action="check"))
    assert response.url == url("application_check", app)
    app.refresh_from_db()
    assert app.items.count() == 1 and app.total_value == Decimal("100.00")


def _garment_item():
    return EligibleItem.objects.filter(segment_group__code="GARMENTS").first()


@pytest.mark.parametrize(
    ("row", "header", "field", "message"),
    [
        ({"eligible_item": "GARMENT"}, {}, "items-0-eligible_item", "eligible list"),
        ({"value_inr": "0"}, {}, "items-0-value_inr", "Value must be more than zero"),
        ({"value_inr": "-5"}, {}, "items-0-value_inr", "Value must be more than zero"),
        ({"hs_code": "1234"}, {}, "items-0-hs_code", "HS code must be 8 digits"),
        ({"quantity": "abc"}, {}, "items-0-quantity", "Quantity must be a number"),
        (
            {},
            {"invoice_date": "2099-01-01"},
            "invoice_date",
            "Invoice date cannot be in the future",
        ),
        ({}, {"port_code": "MAA"}, "port_code", "Port code must be 6 characters"),
    ],
)
def test_edit_shows_field_errors_and_saves_nothing(client_a, ready, row, header, field, message):
    _, user, _, epc = ready
    app = draft(user, epc, values=("100.00",))
    if row.get("eligible_item") == "GARMENT":
        row = {"eligible_item": _garment_item().pk}
    rows = [f.item_row("300.00", **row), f.item_row("400.00")]
    response = client_a.post(
        url("application_edit", app), edit_post(app, rows, invoice_no="CHANGED", **header)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem — nothing was saved" in html
    assert message in html
    assert f'id="id_{field}-error"' in html  # the message sits beside the field
    assert f'href="#id_{field}"' in html  # and the summary links to it
    assert 'value="CHANGED"' in html  # what the member typed is still there
    app.refresh_from_db()
    assert app.invoice_no == "INV-2026-0042" and app.total_value == Decimal("100.00")
    assert app.items.count() == 1 and app.version == 2


def test_stale_version_tells_the_member_and_keeps_their_input(client_a, ready):
    _, user, _, epc = ready
    app = draft(user, epc)
    old_version = app.version
    services.application_save(
        by=user, application=app, header=f.header(invoice_no="THEIRS"), items=None
    )
    response = client_a.post(
        url("application_edit", app),
        edit_post(app, [f.item_row("5.00")], version=old_version, invoice_no="MINE"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this application" in html
    assert 'value="MINE"' in html and "Open the latest version" in html
    app.refresh_from_db()
    assert app.invoice_no == "THEIRS"


def test_add_a_line_without_javascript_adds_a_blank_row_and_saves_nothing(client_a, ready):
    _, user, _, epc = ready
    app = draft(user, epc)
    response = client_a.post(
        url("application_edit", app),
        edit_post(app, [f.item_row("1.00")], action="add_line", invoice_no="TYPED"),
    )
    html = response.content.decode()
    assert html.count('data-testid="item-line"') == 2
    assert 'name="items-1-description"' in html and 'value="TYPED"' in html
    app.refresh_from_db()
    assert app.invoice_no == "INV-2026-0042"


def test_live_totals_show_total_balance_after_and_charge(client_a, ready):
    _, user, _, epc = ready  # entitlement ₹50,000
    app = draft(user, epc)
    rows = [f.item_row("12000.00"), f.item_row("500.50"), f.item_row("oops")]
    html = client_a.post(url("application_totals", app), edit_post(app, rows)).content.decode()
    assert "₹12,500.50" in html and "₹37,499.50" in html and "not saved yet" in html
    html = client_a.post(
        url("application_totals", app), edit_post(app, [f.item_row("60000.00")])
    ).content.decode()
    assert "More than your balance" in html and "₹10,000.00" in html
    edit = client_a.get(url("application_edit", app)).content.decode()
    assert 'hx-post="' + url("application_totals", app) + '"' in edit
    assert 'hx-trigger="change"' in edit


# --- Lists: filters, CSV, query counts --------------------------------------------------------


def test_list_filters_and_exports_csv(client_a, ready):
    _, user, officer, epc = ready
    kept = draft(user, epc, invoice_no="KEEP-1")
    draft(user, epc, invoice_no="OTHER-2")
    html = client_a.get(url("mine"), {"q": "KEEP-1"}).content.decode()
    assert kept.reference in html and "OTHER-2" not in html
    html = client_a.get(url("mine"), {"status": "submitted"}).content.decode()
    assert "No applications match." in html
    response = client_a.get(url("mine"), {"export": "csv", "sort": "reference"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode()[1:])))
    assert rows[0][0] == "Reference" and len(rows) == 3
    services.certificate_issue(by=officer, application=f.submitted_application(user, epc))
    response = client_a.get(url("mine"), {"tab": "certificates", "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode()[1:])))
    assert rows[0][0] == "IC number" and rows[1][0].startswith("CLE/CHN/IC/")


def _queries(client, page) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "page", ["", "?tab=certificates", "?export=csv", "?tab=certificates&export=csv", "?q=CLE"]
)
def test_list_queries_do_not_grow_with_the_number_of_applications(client_a, ready, page):
    _, user, officer, epc = ready

    def add(n):
        for _ in range(n):
            app = f.submitted_application(user, epc, values=("10.00",))
            services.certificate_issue(by=officer, application=app)

    add(2)
    few = _queries(client_a, url("mine") + page)
    add(8)
    assert _queries(client_a, url("mine") + page) == few
