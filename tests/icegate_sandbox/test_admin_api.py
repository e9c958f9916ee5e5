"""GSTN records, the stats endpoint and the mailbox API."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icegate_sandbox.models import GstnTaxpayer, Message
from tests.icegate_sandbox.conftest import (
    ADMIN,
    MEMBER_EMAIL,
    MEMBER_GSTIN,
    MEMBER_PAN,
    post_json,
    url,
)

pytestmark = pytest.mark.django_db

TAXPAYER = {
    "gstin": MEMBER_GSTIN,
    "legal_name": "Leather Works Pvt Ltd",
    "email": "Accounts@LeatherWorks.example",
    "mobile": "98765 43210",
}


def test_gstn_records_are_added_then_updated(client):
    created = post_json(client, "api/admin/gstn-taxpayers", TAXPAYER, **ADMIN)
    assert created.status_code == 201
    assert created.json()["email"] == "accounts@leatherworks.example"
    assert created.json()["mobile"] == "+919876543210"
    assert created.json()["pan"] == MEMBER_PAN
    updated = post_json(
        client, "api/admin/gstn-taxpayers", {**TAXPAYER, "legal_name": "LW Ltd"}, **ADMIN
    )
    assert (updated.status_code, updated.json()["outcome"]) == (200, "updated")
    same = post_json(
        client, "api/admin/gstn-taxpayers", {**TAXPAYER, "legal_name": "LW Ltd"}, **ADMIN
    )
    assert same.json()["outcome"] == "unchanged"
    assert GstnTaxpayer.objects.get().legal_name == "LW Ltd"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"gstin": "33AAACL1234F1Z0"}, "GSTIN_INVALID"),
        ({"gstin": "00AAACL1234F1ZX"}, "GSTIN_INVALID"),
        ({"iec": "AAACM1234F"}, "IEC_GSTIN_MISMATCH"),
        ({"email": "nobody"}, "EMAIL_INVALID"),
        ({"mobile": "5555"}, "MOBILE_INVALID"),
        ({"legal_name": "x" * 201}, "FIELD_TOO_LONG"),
        ({"pan": MEMBER_PAN}, "UNKNOWN_FIELD"),
    ],
)
def test_bad_gstn_records_are_refused(client, change, code):
    response = post_json(client, "api/admin/gstn-taxpayers", {**TAXPAYER, **change}, **ADMIN)
    assert (response.status_code, response.json()["error"]["code"]) == (400, code)
    assert not GstnTaxpayer.objects.exists()


def test_gstn_records_need_the_admin_key(client):
    assert post_json(client, "api/admin/gstn-taxpayers", TAXPAYER).status_code == 401


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"not json", 400, "NOT_JSON"),
        (b"\xff\xfe", 400, "NOT_JSON"),
        (b"[1, 2]", 400, "NOT_AN_OBJECT"),
        (b"[" * 20_000 + b"]" * 20_000, 400, "NOT_JSON"),
        (b'{"a": "' + b"x" * 300_000 + b'"}', 413, "BODY_TOO_LARGE"),
    ],
)
def test_json_bodies_that_are_not_json_objects(client, body, status, code):
    response = client.generic(
        "POST", url("api/admin/gstn-taxpayers"), body, content_type="application/json", **ADMIN
    )
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=6)
    ),
    max_leaves=20,
)
ENDPOINTS = [
    "api/registration/simplified/start",
    "api/registration/simplified/verify",
    "api/registration/simplified/complete",
    "api/registration/simplified/confirm",
    "api/registration/dsc",
    "api/auth/login",
    "api/customs/boe-check",
    "api/admin/gstn-taxpayers",
    "api/admin/faults",
]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(endpoint=st.sampled_from(ENDPOINTS), body=json_values)
def test_any_json_body_gets_an_answer_never_a_500(client, endpoint, body):
    response = client.post(
        url(endpoint), data=json.dumps(body), content_type="application/json", **ADMIN
    )
    assert response.status_code < 500 or response.status_code == 503
    if response.status_code >= 400:
        assert set(response.json()) == {"error"}
        assert set(response.json()["error"]) == {"code", "message"}


def test_stats_count_documents_and_uploads(client, upload, member, pdfs):
    upload([("a.pdf", pdfs.good), ("b.pdf", pdfs.unsigned)])
    upload([("a.pdf", pdfs.good)])  # a replay
    stats = client.get(url("api/admin/stats"), **ADMIN).json()
    assert stats["documents"] == 1
    assert stats["documents_per_idempotency_key_max"] == 1
    assert stats["uploads_received"] == 3
    assert stats["upload_requests"] == 2
    assert stats["uploads_accepted"] == 1
    assert stats["uploads_rejected"] == 1
    assert stats["uploads_replayed"] == 1


def test_stats_on_an_empty_sandbox(client):
    stats = client.get(url("api/admin/stats"), **ADMIN).json()
    assert stats["documents"] == 0 and stats["documents_per_idempotency_key_max"] == 0


def test_the_mailbox_lists_newest_first_by_address(client, taxpayer):
    for _ in range(2):
        post_json(
            client, "api/registration/simplified/start", {"iec": MEMBER_PAN, "gstin": MEMBER_GSTIN}
        )
    Message.objects.create(channel="sms", kind="mobile_otp", to="+919876543210", body="123456")
    mine = client.get(url("api/mailbox"), {"to": MEMBER_EMAIL.upper()}).json()["messages"]
    assert len(mine) == 2
    assert mine[0]["id"] > mine[1]["id"]
    assert mine[0]["kind"] == "temporary_password" and mine[0]["channel"] == "email"
    assert mine[0]["data"]["temporary_password"] in mine[0]["body"]
    sms = client.get(url("api/mailbox"), {"to": "9876543210"}).json()["messages"]
    assert [m["body"] for m in sms] == ["123456"]
    assert len(client.get(url("api/mailbox")).json()["messages"]) == 3
    bad = client.get(url("api/mailbox"), {"too": "x"})
    assert (bad.status_code, bad.json()["error"]["code"]) == (400, "UNKNOWN_PARAMETER")


def test_nul_characters_are_refused_not_a_500(client, member):
    """PostgreSQL cannot compare text holding NUL: the sandbox refuses it itself."""
    login = post_json(client, "api/auth/login", {"icegate_id": "A\x00B", "password": "x"})
    assert (login.status_code, login.json()["error"]["code"]) == (400, "INVALID_FIELD")
    boe = post_json(
        client,
        "api/customs/boe-check",
        {
            "port_code": "INMAA1",
            "boe_no": "1234567",
            "boe_date": "2026-03-14",
            "iec": MEMBER_PAN,
            "documents": [
                {"irn": "\x00", "drn": "D", "document_type_code": "C", "uploader_icegate_id": "U"}
            ],
        },
    )
    assert (boe.status_code, boe.json()["error"]["code"]) == (400, "INVALID_FIELD")
    # In a query string NUL is refused by the project's middleware, or else by the sandbox.
    assert client.get(url("api/mailbox"), {"to": "a\x00b"}).status_code == 400
    assert client.get(url("mailbox/"), {"to": "a\x00b"}).status_code < 500
