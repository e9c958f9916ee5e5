"""§5: the spreadsheet upload of item lines reports every problem of the file at once — formula
cells and the rows' own problems (zero values, unknown items) together, each once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from icportal.certificates.models import Application
from tests.certificates import factories as f
from tests.certificates.member_pages import draft, url
from tests.members.factories import xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["item", "description", "hs_code", "quantity", "unit", "value_inr"]


def _upload(client, app, content, name):
    return client.post(
        url("items_upload", app),
        {"file": SimpleUploadedFile(name, content), "mode": "replace", "version": app.version},
    ).content.decode()


@pytest.fixture
def case(client):
    _, user, _, epc = f.ready()
    client.force_login(user)
    return draft(user, epc)


def test_an_xlsx_formula_row_does_not_hide_a_zero_value_row(client, case):
    content = xlsx_bytes(
        [
            HEADER,
            ["Buckles", "Buckles", "83089011", 1, "PCS", "=10*2"],
            ["Buckles", "Zero", "83089011", 1, "PCS", 0],
            ["Nothing like it", "Unknown item", "83089011", 1, "PCS", 10],
        ]
    )
    html = _upload(client, case, content, "lines.xlsx")
    assert "Row 2, column value_inr: the cell holds a spreadsheet formula" in html
    assert "Row 3: value must be more than zero" in html
    assert "Row 4: choose an item on the eligible list" in html
    assert "Row 2: value in rupees" not in html  # the formula cell is reported once
    assert html.index("Row 2, column value_inr") < html.index("Row 3:") < html.index("Row 4:")
    assert Application.objects.get().items.count() == 1  # nothing saved


def test_a_csv_formula_and_a_zero_value_are_reported_together(client, case):
    content = (
        ",".join(HEADER)
        + '\nBuckles,=HYPERLINK("x"),83089011,1,PCS,1\nBuckles,Zero,83089011,1,PCS,0\n'
    ).encode()
    html = _upload(client, case, content, "lines.csv")
    assert "Row 2, column description: remove the formula" in html
    assert "Row 3: value must be more than zero" in html
