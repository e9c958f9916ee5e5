"""Our signed IC is what e-SANCHIT wants: the ICEGATE sandbox accepts it over HTTP, and refuses it
once a single byte has changed."""

import json

import httpx
import pytest
from django.core.management import call_command

from tests.documents.conftest import issue, signed_bytes

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Sandbox-Pass-2026!"


@pytest.fixture
def sandbox(live_server, settings):
    settings.ICEGATE_SANDBOX_ADMIN_KEY = "test-sandbox-admin-key"
    with httpx.Client(base_url=f"{live_server.url}/sandbox/icegate/", timeout=30) as client:
        yield client


def _register(tmp_path, certificate, office_pem):
    member = certificate.member
    seed = {
        "taxpayers": [
            {
                "gstin": member.primary_gstin,
                "legal_name": member.legal_name,
                "email": member.gstn_email,
                "mobile": "+919840012345",
                "iec": member.iec,
            }
        ],
        "registrations": [
            {
                "icegate_id": "MEMBER" + member.iec,
                "password": PASSWORD,
                "role": "IEC",
                "iec": member.iec,
                "email": member.gstn_email,
                "mobile": "+919840012345",
                "method": "simplified",
            },
            {
                "icegate_id": certificate.office.icegate_id,
                "password": PASSWORD,
                "role": "PGA",
                "pga_name": "Council for Leather Exports, Chennai",
                "email": "chennai@cle.example",
                "mobile": "+919444000000",
                "method": "dsc",
                "certificate_pem": office_pem,
            },
        ],
    }
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed))
    call_command("sandbox_seed", "--from", str(path))


def _upload(sandbox, token, certificate, body: bytes, filename: str, key: str) -> dict:
    manifest = [
        {
            "filename": filename,
            "beneficiary_type": "IEC",
            "beneficiary_code": certificate.member.iec,
            "document_type_code": certificate.document_type_code,
            "idempotency_key": key,
        }
    ]
    response = sandbox.post(
        "api/esanchit/uploads",
        headers={"Authorization": f"Bearer {token}"},
        files=[("files", (filename, body, "application/pdf"))],
        data={"manifest": json.dumps(manifest)},
    )
    assert response.status_code in (200, 400), response.text
    (result,) = response.json()["results"]
    return result


def test_sandbox_accepts_our_signed_ic_and_rejects_an_altered_copy(
    identity, keys_dir, django_capture_on_commit_callbacks, sandbox, tmp_path
):
    certificate, _user, _officer = issue(django_capture_on_commit_callbacks)
    body = signed_bytes(certificate)
    _register(tmp_path, certificate, (keys_dir / "office-CHN.pem").read_text())
    login = sandbox.post(
        "api/auth/login", json={"icegate_id": certificate.office.icegate_id, "password": PASSWORD}
    )
    assert login.status_code == 200, login.text
    token = login.json()["token"]

    name = certificate.document.file_name
    accepted = _upload(sandbox, token, certificate, body, name, f"ic-{certificate.pk}-1")
    assert accepted["status"] == "ACCEPTED", accepted["errors"]
    assert accepted["irn"] and accepted["drn"]

    altered = bytearray(body)
    middle = len(altered) // 2
    altered[middle] = (altered[middle] + 1) % 256
    rejected = _upload(sandbox, token, certificate, bytes(altered), "altered-" + name, "altered-1")
    assert rejected["status"] == "REJECTED"
    assert "SIGNATURE_INVALID" in [e["code"] for e in rejected["errors"]]
