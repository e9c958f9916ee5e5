"""Bad input to the IC API: 400 with the field named, 409 on a stale version, never a 500, nothing half-saved."""

import datetime as dt

import pytest

from icportal.certificates.models import Application, ImportCertificate, Item
from icportal.common.dates import ist_today
from icportal.entitlements.models import EligibleItem
from tests.certificates.api_support import (
    API,
    Firm,
    error_fields,
    header_json,
    item_json,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm():
    return Firm(fob="100000")  # entitlement ₹5,000


@pytest.fixture
def draft(firm):
    return firm.draft(values=("1000.00",), attach=False)


def _put(firm, draft, **changes):
    body = {**header_json(), "items": [item_json()], "version": draft["version"], **changes}
    return firm.api.put(f"{API}/ic-applications/{draft['slug']}/", body, format="json")


def _saved(draft):
    application = Application.objects.get(reference=draft["reference"])
    lines = list(Item.objects.filter(application=application).values_list("value_inr", flat=True))
    return application.version, application.invoice_no, lines


def _garment_item():
    return EligibleItem.objects.get(segment_group__code="GARMENTS", name="Sample fabric")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"items": [None]}, "items", "Line 1: This field may not be null"),
        ({"items": "buckles"}, "items", "Expected a list"),
        ({"items": [{"eligible_item": "x"}]}, "items", "Line 1: eligible_item"),
        ({"version": "seven"}, "version", "valid integer"),
        ({"version": None}, "version", "null"),
        ({"epc": "abc"}, "epc", "valid integer"),
        ({"epc": 10**20}, "epc", "less than or equal"),
        ({"invoice_date": 20260401}, "invoice_date", "Date has wrong format"),
        ({"invoice_date": "31/12/2025"}, "invoice_date", "Date has wrong format"),
        ({"channel": "ship"}, "channel", "not a valid choice"),
        ({"invoice_no": ["a", "b"]}, "invoice_no", "Not a valid string"),
        ({"invoice_no": "X" * 10_000}, "invoice_no", "no more than 40"),
        ({"supplier_address": "Y" * 100_000}, "supplier_address", "no more than 1000"),
        ({"supplier_name": "nul\x00byte"}, "supplier_name", "Null characters"),
        ({"country_of_origin": "Narnia"}, "country_of_origin", "from the list"),
        ({"port_code": "CHENNAI"}, "port_code", "Port code"),
        ({"boe_no": "12"}, "boe_no", "7 digits"),
        ({"boe_no": "4567890"}, "boe_date", "or neither"),
    ],
    ids=lambda v: str(v)[:30],
)
def test_wrong_types_and_values_in_the_details(firm, draft, changes, field, message):
    before = _saved(draft)
    fields = error_fields(_put(firm, draft, **changes))
    assert any(message in m for m in fields[field]), fields
    assert _saved(draft) == before


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"value_inr": "0"}, "Line 1: value must be more than zero"),
        ({"value_inr": "-5.00"}, "Line 1: value must be more than zero"),
        ({"value_inr": "NaN"}, "Line 1: value_inr: A valid number is required."),
        ({"value_inr": "1e400"}, "Line 1: value_inr: Ensure that there are no more than 16 digits"),
        (
            {"value_inr": "10.005"},
            "Line 1: value_inr: Ensure that there are no more than 2 decimal",
        ),
        ({"value_inr": {"amount": 5}}, "Line 1: value_inr: A valid number is required."),
        ({"quantity": "0"}, "Line 1: quantity must be more than zero"),
        ({"hs_code": "8308"}, "Line 1: HS code must be 8 digits"),
        ({"hs_code": "00089011"}, "Line 1: HS code chapter 00 does not exist"),
        ({"unit": "BAGS"}, "Line 1: unit must be one of"),
        ({"description": "D" * 301}, "Line 1: description: Ensure this field has no more than 300"),
        ({"eligible_item": 10**12}, "Line 1: eligible_item: Ensure this value is less than"),
        ({"currency": "US$", "foreign_amount": "10", "exchange_rate": "83"}, "3-letter code"),
        ({"foreign_amount": "-1", "currency": "USD", "exchange_rate": "83"}, "more than zero"),
    ],
    ids=lambda v: str(v)[:30],
)
def test_bad_item_lines_name_the_line(firm, draft, row, message):
    before = _saved(draft)
    fields = error_fields(_put(firm, draft, items=[item_json(**row)]))
    assert any(m.startswith(message) or message in m for m in fields["items"]), fields
    assert _saved(draft) == before


def test_an_item_of_another_segment_group_is_not_eligible(firm, draft):
    fields = error_fields(_put(firm, draft, items=[item_json(eligible_item=_garment_item().pk)]))
    assert fields["items"] == [
        "Line 1: choose an item on the eligible list for Leather Goods, Footwear, Components, "
        "Gloves, Saddlery"
    ]


def test_the_second_line_is_named_and_nothing_is_half_saved(firm, draft):
    before = _saved(draft)
    response = _put(
        firm, draft, invoice_no="CHANGED", items=[item_json("10.00"), item_json("-1.00")]
    )
    assert error_fields(response)["items"] == ["Line 2: value must be more than zero"]
    assert _saved(draft) == before


def test_a_future_invoice_date_is_refused(firm, draft):
    tomorrow = (ist_today() + dt.timedelta(days=1)).isoformat()
    fields = error_fields(_put(firm, draft, invoice_date=tomorrow))
    assert fields["invoice_date"] == ["Invoice date cannot be in the future"]


def test_the_body_must_be_a_json_object(firm, draft):
    url = f"{API}/ic-applications/{draft['slug']}/"
    response = firm.api.put(url, "[1, 2]", content_type="application/json")
    assert "non_field_errors" in error_fields(response)
    response = firm.api.put(url, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
    response = firm.api.put(url, "a=b", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415


def test_a_stale_version_is_409_and_the_first_save_stands(firm, draft):
    first = _put(firm, draft, invoice_no="FIRST", items=[item_json("111.00")])
    assert first.status_code == 200 and first.json()["version"] == draft["version"] + 1
    second = _put(firm, draft, invoice_no="SECOND", items=[item_json("222.00")])
    assert second.status_code == 409
    error = second.json()["error"]
    assert error["code"] == "conflict" and "Someone else saved" in error["message"]
    saved = firm.api.get(f"{API}/ic-applications/{draft['slug']}/").json()
    assert saved["invoice_no"] == "FIRST" and saved["total_value"] == "111.00"


def test_submit_and_issue_with_a_stale_version_are_409(firm):
    app = firm.draft()
    url = f"{API}/ic-applications/{app['slug']}"
    stale = {"version": app["version"] - 1}
    assert firm.api.post(f"{url}/submit/", stale, format="json").status_code == 409
    submitted = firm.api.post(f"{url}/submit/", {"version": app["version"]}, format="json")
    assert submitted.status_code == 200
    assert firm.staff_api.post(f"{url}/issue/", stale, format="json").status_code == 409
    assert not ImportCertificate.objects.exists()


def test_attachments_must_be_pdfs_within_the_size_limit(firm, draft, settings):
    url = f"{API}/ic-applications/{draft['slug']}/attachments/"
    fake = upload("invoice.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    fields = error_fields(firm.api.post(url, {"kind": "invoice", "file": fake}))
    assert fields["file"] == ["The commercial invoice must be a PDF file"]
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = upload("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
    fields = error_fields(firm.api.post(url, {"kind": "invoice", "file": big}))
    assert "the limit is 1 MB" in fields["file"][0]
    assert "file" in error_fields(firm.api.post(url, {"kind": "invoice", "file": "text"}))
    assert "kind" in error_fields(firm.api.post(url, {"kind": "photo", "file": upload()}))
    response = firm.api.post(url, {"kind": "invoice", "file": upload()}, format="json")
    assert response.status_code == 415
    assert Application.objects.get(reference=draft["reference"]).attachments.count() == 0


def test_submission_needs_everything_and_a_balance_that_covers_the_items(firm):
    app = firm.api.post(f"{API}/ic-applications/", {"epc": firm.epc.pk}, format="json").json()
    fields = error_fields(firm.api.post(f"{API}/ic-applications/{app['slug']}/submit/"))
    assert {"invoice_no", "items", "attachments"} <= set(fields)
    big = firm.draft(values=("6000.00",))
    fields = error_fields(firm.api.post(f"{API}/ic-applications/{big['slug']}/submit/"))
    assert "more than the entitlement balance of ₹5,000.00" in fields["items"][0]


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "sort=-id",
        "open=maybe",
        "q=" + "x" * 500,
        "q=%00",
        "assigned=everyone",
        "limit=abc",
        "limit=17407313810324148817390450245632",
        "offset=17407313810324148817390450245632",
    ],
)
def test_bad_list_filters_are_400_or_ignored_never_500(firm, query):
    response = firm.staff_api.get(f"{API}/ic-applications/?{query}")
    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert response.json()["error"]["code"] == "invalid"


@pytest.mark.parametrize(
    "query", ["status=void", "financial_year=2026", "delivery_mode=pigeon", "q=%00"]
)
def test_bad_certificate_filters_are_400(firm, query):
    assert firm.staff_api.get(f"{API}/certificates/?{query}").status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/ic-applications/CLE-CHN-APP-2026-27-999999/",
        "/ic-applications/nonsense/",
        "/certificates/CLE-CHN-IC-2026-27-999999/",
        "/epcs/99999999999999999999/",
        "/entitlements/99999999999999999999/ledger/",
    ],
)
def test_unknown_records_are_404(firm, url):
    response = firm.staff_api.get(f"{API}{url}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_unknown_urgent_request_and_report_are_404(firm):
    for url in ("/urgent-requests/99999999999999999999/approve/", "/assessed-boes/7/review/"):
        assert firm.staff_api.post(f"{API}{url}").status_code == 404


def test_replace_with_bad_items_changes_nothing(firm):
    ic = firm.issued()
    url = f"{API}/certificates/{ic['slug']}/replace/"
    body = {**header_json(), "items": [item_json("-1")], "reason": "Fix"}
    assert "items" in error_fields(firm.staff_api.post(url, body, format="json"))
    assert "items" in error_fields(firm.staff_api.post(url, {**body, "items": []}, format="json"))
    assert "reason" in error_fields(
        firm.staff_api.post(url, {**body, "items": [item_json()], "reason": ""}, format="json")
    )
    assert list(ImportCertificate.objects.values_list("status", flat=True)) == ["issued"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"boe_no": "12"}, "boe_no"),
        ({"boe_date": "2999-01-01"}, "boe_date"),
        ({"boe_date": "yesterday"}, "boe_date"),
        ({"port_code": "MAA"}, "port_code"),
        ({"assessed_value": "-1"}, "assessed_value"),
        ({"assessed_value": "lots"}, "assessed_value"),
    ],
)
def test_bad_assessed_boe_reports(firm, changes, field):
    ic = firm.issued()
    body = {
        "boe_no": "4567890",
        "boe_date": ic["issued_at"][:10],
        "port_code": "INMAA1",
        "assessed_value": "1000.00",
        "assessed_copy": upload(),
        **changes,
    }
    response = firm.api.post(f"{API}/certificates/{ic['slug']}/assessed-boe/", body)
    assert field in error_fields(response)
