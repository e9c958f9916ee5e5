"""The whole story through real HTTP: register a member, upload for it, mail, Bill of Entry check."""

import json

import httpx
import pytest

from tests.icegate_sandbox.conftest import ADMIN_KEY, MEMBER_GSTIN, MEMBER_PAN, PASSWORD, url

MEMBER_EMAIL = "exports@tannery.example"


def _mailbox(http, to: str, kind: str) -> dict:
    messages = http.get("api/mailbox", params={"to": to}).json()["messages"]
    return next(m for m in messages if m["kind"] == kind)  # newest first


@pytest.fixture
def http(live_server):
    with httpx.Client(base_url=live_server.url + url(""), timeout=30) as client:
        yield client


def test_register_upload_mail_and_check_a_bill_of_entry(http, pdfs, registered_identity):
    admin = {"X-Sandbox-Admin-Key": ADMIN_KEY}
    taxpayer = {
        "gstin": MEMBER_GSTIN,
        "legal_name": "Tannery Exports",
        "email": MEMBER_EMAIL,
        "mobile": "9876501234",
    }
    assert http.post("api/admin/gstn-taxpayers", json=taxpayer, headers=admin).status_code == 201

    # The council's office is registered with its signing certificate (DSC registration).
    office = {
        "icegate_id": "CLEINDIA1984",
        "password": PASSWORD,
        "role": "PGA",
        "pga_name": "Council for Leather Exports, Chennai",
        "email": "chennai@cle.example",
        "mobile": "9444000001",
        "certificate_pem": registered_identity.pem,
    }
    assert http.post("api/registration/dsc", json=office).status_code == 401  # PGA: admin only
    assert http.post("api/registration/dsc", json=office, headers=admin).status_code == 201

    # The member registers by simplified registration, reading its mail in the mailbox.
    pair = {"iec": MEMBER_PAN, "gstin": MEMBER_GSTIN}
    assert http.post("api/registration/simplified/start", json=pair).status_code == 200
    temporary = _mailbox(http, MEMBER_EMAIL, "temporary_password")["data"]["temporary_password"]
    verified = http.post(
        "api/registration/simplified/verify", json={**pair, "temporary_password": temporary}
    )
    registration_id = verified.json()["registration_id"]
    completed = http.post(
        "api/registration/simplified/complete",
        json={"registration_id": registration_id, "icegate_id": "TANNERY01", "password": PASSWORD},
    )
    assert completed.status_code == 200
    otps = {
        "email_otp": _mailbox(http, MEMBER_EMAIL, "email_otp")["data"]["otp"],
        "mobile_otp": _mailbox(http, "9876501234", "mobile_otp")["data"]["otp"],
    }
    confirmed = http.post(
        "api/registration/simplified/confirm", json={"registration_id": registration_id, **otps}
    )
    assert confirmed.status_code == 201, confirmed.text
    welcome = http.post(
        "api/auth/login", json={"icegate_id": "TANNERY01", "password": PASSWORD}
    ).json()
    assert welcome["message"] == "Welcome to ICEGATE"

    # The office uploads the signed PDF/A Import Certificate for the member's IEC.
    token = http.post(
        "api/auth/login", json={"icegate_id": "CLEINDIA1984", "password": PASSWORD}
    ).json()["token"]
    manifest = [
        {
            "filename": "IC-000123.pdf",
            "beneficiary_type": "IEC",
            "beneficiary_code": MEMBER_PAN,
            "document_type_code": "CLEIC1",
            "idempotency_key": "ic-000123-v1",
        }
    ]
    uploaded = http.post(
        "api/esanchit/uploads",
        headers={"Authorization": f"Bearer {token}"},
        data={"manifest": json.dumps(manifest)},
        files=[("files", ("IC-000123.pdf", pdfs.good, "application/pdf"))],
    )
    assert uploaded.status_code == 200, uploaded.text
    (result,) = uploaded.json()["results"]
    assert result["status"] == "ACCEPTED"

    # The member's mailbox has the IRN mail.
    mail = _mailbox(http, MEMBER_EMAIL, "irn")
    for text in (result["irn"], result["drn"], "CLEIC1", "CLEINDIA1984"):
        assert text in mail["body"]

    # Customs: the numbers check out; a wrong uploader ID does not.
    quoted = {
        "irn": result["irn"],
        "drn": result["drn"],
        "document_type_code": "CLEIC1",
        "uploader_icegate_id": "CLEINDIA1984",
    }
    boe = {
        "port_code": "INMAA1",
        "boe_no": "7654321",
        "boe_date": "2026-03-20",
        "iec": MEMBER_PAN,
        "documents": [quoted],
    }
    ok = http.post("api/customs/boe-check", json=boe).json()
    assert ok["documents"] == [{"irn": result["irn"], "status": "OK", "reasons": []}]
    wrong = http.post(
        "api/customs/boe-check",
        json={**boe, "documents": [{**quoted, "uploader_icegate_id": "TANNERY01"}]},
    ).json()
    assert wrong["documents"][0]["status"] == "REJECTED"
    assert wrong["documents"][0]["reasons"] == ["UPLOADER_MISMATCH"]
