"""Every electronic IC in the demo data is accepted by the ICEGATE sandbox, as `make run` sets it up."""

import json

import httpx
import pytest
from django.core.management import call_command

from icportal.certificates.models import CertStatus, DeliveryMode, ImportCertificate
from icportal.documents.models import DocStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_ics_are_accepted_by_the_sandbox_seeded_from_the_demo_data(
    live_server, settings, demo_var, monkeypatch
):
    monkeypatch.delenv("ICPORTAL_DEV_P12_PASSPHRASE", raising=False)
    call_command("demo_data")
    call_command("sandbox_seed", "--from", str(demo_var / "sandbox-seed.json"))
    # The demo's ICs across time (demo/across_time.py) were signed with an office's earlier
    # certificates, registered on ICEGATE in their day; the seed registers today's.
    electronic = ImportCertificate.objects.filter(
        status=CertStatus.ISSUED,
        delivery_mode=DeliveryMode.ELECTRONIC,
        document__identity__is_active=True,
    ).select_related("office", "member", "document")
    assert electronic.count() >= 3
    with httpx.Client(base_url=f"{live_server.url}/sandbox/icegate/", timeout=30) as sandbox:
        tokens = {}
        for certificate in electronic:
            document = certificate.document
            assert document.status == DocStatus.SIGNED, document.last_error
            office_id = certificate.office.icegate_id
            if office_id not in tokens:
                login = sandbox.post(
                    "api/auth/login",
                    json={"icegate_id": office_id, "password": settings.ICEGATE_DEMO_PASSWORD},
                )
                assert login.status_code == 200, login.text
                tokens[office_id] = login.json()["token"]
            manifest = [
                {
                    "filename": document.file_name,
                    "beneficiary_type": "IEC",
                    "beneficiary_code": certificate.member.iec,
                    "document_type_code": certificate.document_type_code,
                    "idempotency_key": f"demo-{certificate.pk}",
                }
            ]
            response = sandbox.post(
                "api/esanchit/uploads",
                headers={"Authorization": f"Bearer {tokens[office_id]}"},
                files=[("files", (document.file_name, document.file.read(), "application/pdf"))],
                data={"manifest": json.dumps(manifest)},
            )
            (result,) = response.json()["results"]
            assert result["status"] == "ACCEPTED", (certificate.number, result["errors"])
