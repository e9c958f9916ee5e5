"""The member's IC pages: bulk item lines from CSV/XLSX and PDF documents."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from icportal.certificates.models import Application, Attachment, AttachmentKind
from icportal.entitlements.models import EligibleItem
from tests.certificates import factories as f
from tests.certificates.member_pages import draft, url
from tests.members.factories import xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready():
    return f.ready()


@pytest.fixture
def client_a(client, ready):
    client.force_login(ready[1])
    return client


# --- Bulk item lines --------------------------------------------------------------------------


def _csv(rows, columns=None):
    columns = columns or ["item", "description", "hs_code", "quantity", "unit", "value_inr"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode()


def _upload(client, app, content, name="lines.csv", mode="replace", version=None):
    return client.post(
        url("items_upload", app),
        {
            "file": SimpleUploadedFile(name, content),
            "mode": mode,
            "version": app.version if version is None else version,
        },
    )


def test_bulk_csv_replaces_the_lines_by_item_name_or_number(client_a, ready):
    _, user, _, epc = ready
    app = draft(user, epc, values=("1.00",))
    buckles = EligibleItem.objects.get(segment_group__code="OTHERS", name="Buckles")
    content = _csv(
        [
            ["buckles", "Brass buckles", "83089011", "100", "pcs", "1,000.00"],
            [buckles.pk, "Steel buckles", "8308 90 11", "5", "DOZ", "250.5"],
        ]
    )
    response = _upload(client_a, app, content)
    assert response.status_code == 302
    app.refresh_from_db()
    assert [i.description for i in app.items.all()] == ["Brass buckles", "Steel buckles"]
    assert app.total_value == Decimal("1250.50")


def test_bulk_xlsx_appends_after_the_saved_lines(client_a, ready):
    _, user, _, epc = ready
    app = draft(user, epc, values=("1.00",))
    content = xlsx_bytes(
        [
            [
                "item",
                "description",
                "hs_code",
                "quantity",
                "unit",
                "value_inr",
                "currency",
                "foreign_amount",
                "exchange_rate",
            ],
            ["Buckles", "Buckles", "83089011", 10, "PCS", 99.5, "USD", 1.19, 83.6134],
        ]
    )
    response = _upload(client_a, app, content, "lines.xlsx", mode="append")
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.items.count() == 2 and app.total_value == Decimal("100.50")


def test_bulk_file_with_bad_rows_saves_nothing_and_lists_rows(client_a, ready):
    _, user, _, epc = ready
    app = draft(user, epc, values=("1.00",))
    content = _csv(
        [
            ["Buckles", "Good", "83089011", "1", "PCS", "10"],
            [],
            ["Buckles", "Bad value", "83089011", "1", "PCS", "0"],
            ["Nothing like it", "Bad item", "12", "1", "PCS", "10"],
        ]
    )
    html = _upload(client_a, app, content).content.decode()
    assert "nothing was saved" in html
    assert "Row 4: value must be more than zero" in html
    assert "Row 5: choose an item on the eligible list" in html
    assert "Row 5: HS code must be 8 digits" in html
    app.refresh_from_db()
    assert app.items.count() == 1 and app.total_value == Decimal("1.00")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"item,description\nBuckles,x\n", "lines.csv", "missing column(s)"),
        (
            "item,description,hs_code,quantity,unit,value_inr\nBoucle,é,83089011,1,PCS,1\n".encode(
                "cp1252"
            ),
            "l.csv",
            "not UTF-8",
        ),
        (b"", "lines.csv", "The submitted file is empty"),
        (b"PK\x03\x04junk", "lines.xlsx", "not a valid .xlsx"),
    ],
)
def test_bulk_file_that_cannot_be_read_is_refused(client_a, ready, content, name, message):
    _, user, _, epc = ready
    app = draft(user, epc)
    html = _upload(client_a, app, content, name).content.decode()
    assert message in html
    assert Application.objects.get().items.count() == 1


def test_bulk_formulas_are_refused(client_a, ready):
    _, user, _, epc = ready
    app = draft(user, epc)
    content = xlsx_bytes(
        [
            ["item", "description", "hs_code", "quantity", "unit", "value_inr"],
            ["Buckles", "Buckles", "83089011", 1, "PCS", "=10*2"],
        ]
    )
    html = _upload(client_a, app, content, "lines.xlsx").content.decode()
    assert "Row 2, column value_inr" in html and "formula" in html
    csv_html = _upload(
        client_a, app, _csv([["Buckles", '=HYPERLINK("x")', "83089011", "1", "PCS", "1"]])
    ).content.decode()
    assert "Row 2, column description: remove the formula" in csv_html


def test_bulk_template_lists_the_columns(client_a, ready):
    _, user, _, epc = ready
    app = draft(user, epc)
    response = client_a.get(url("items_upload", app) + "?template=csv")
    assert (
        response.content.decode()
        .lstrip("\ufeff")
        .startswith(
            "item,description,hs_code,quantity,unit,value_inr,currency,foreign_amount,exchange_rate"
        )
    )


# --- Documents --------------------------------------------------------------------------------


def test_document_upload_takes_a_pdf_and_refuses_others(client_a, ready, settings):
    _, user, _, epc = ready
    app = draft(user, epc)
    response = client_a.post(
        url("attachment_add", app), {"kind": "invoice", "file": f.pdf("inv.pdf")}
    )
    assert response.status_code == 302 and response.url.endswith("#documents")
    assert app.attachments.get().kind == AttachmentKind.INVOICE

    fake = SimpleUploadedFile("inv.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    html = client_a.post(
        url("attachment_add", app), {"kind": "invoice", "file": fake}
    ).content.decode()
    assert "must be a PDF file" in html
    # "%PDF-" at the start is not enough: a PDF reader must open it.
    broken = SimpleUploadedFile("inv.pdf", b"%PDF-1.7\n" + b"\x00" * 500)
    html = client_a.post(
        url("attachment_add", app), {"kind": "invoice", "file": broken}
    ).content.decode()
    assert "The commercial invoice is damaged or not really a PDF" in html
    settings.ATTACHMENT_MAX_BYTES = 20
    html = client_a.post(
        url("attachment_add", app), {"kind": "draft_boe", "file": f.pdf("big.pdf")}
    ).content.decode()
    assert "the limit is" in html
    html = client_a.post(url("attachment_add", app), {"file": f.pdf()}).content.decode()
    assert "Choose what the document is" in html
    assert Attachment.objects.count() == 1
