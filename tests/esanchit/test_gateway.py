"""The gateway against the ICEGATE sandbox over real HTTP: accepted, rejected, 503s, timeouts."""

from __future__ import annotations

import pytest

from icportal.audit.models import AuditEvent, Verb
from icportal.esanchit import gateway
from icportal.esanchit.models import GatewayHealth, Upload, UploadStatus
from tests.esanchit.conftest import make_due, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def _fault(sandbox, **fault):
    response = sandbox.post("api/admin/faults", json={"operation": "esanchit.upload", **fault})
    assert response.status_code in (200, 201), response.text


def test_signed_electronic_ic_is_uploaded_and_irn_recorded(sandbox, electronic):
    certificate, _user, _officer = electronic()
    upload = Upload.objects.get(certificate=certificate)
    assert upload.status == UploadStatus.WAITING
    assert upload.idempotency_key == f"ic-{certificate.pk}-1"

    assert run_worker() == 1

    upload.refresh_from_db()
    assert upload.status == UploadStatus.ACCEPTED, upload.last_error
    assert upload.irn and upload.irn == upload.irn.upper() and len(upload.irn) <= 32
    assert upload.drn and upload.accepted_at
    assert upload.attempts == 0 and not upload.locked_by
    assert AuditEvent.objects.filter(verb=Verb.UPLOAD_ACCEPTED, target_id=certificate.pk).exists()
    document = sandbox.get(
        f"api/esanchit/documents/{upload.irn}",
        headers={"Authorization": f"Bearer {gateway.login(certificate.office)}"},
    )
    assert document.status_code == 200, document.text
    assert run_worker() == 0  # nothing left to do


def test_rejected_file_keeps_its_codes_and_is_not_retried(sandbox, electronic):
    certificate, _user, _officer = electronic(member_registered=False)
    run_worker()
    upload = Upload.objects.get(certificate=certificate)
    assert upload.status == UploadStatus.REJECTED
    assert "BENEFICIARY_NOT_REGISTERED" in [e["code"] for e in upload.rejection_codes]
    assert "BENEFICIARY_NOT_REGISTERED" in upload.last_error
    make_due()
    assert run_worker() == 0
    assert sandbox.get("api/admin/stats").json()["upload_requests"] == 1


def test_503s_are_retried_with_the_same_key_and_stored_once(sandbox, electronic, settings):
    certificate, _user, _officer = electronic()
    _fault(sandbox, error_rate=1.0, seed=7)
    run_worker()
    upload = Upload.objects.get(certificate=certificate)
    assert upload.status == UploadStatus.FAILED_RETRYING
    assert upload.attempts == 1 and "503" in upload.last_error
    health = GatewayHealth.objects.get(office=certificate.office)
    since = health.unreachable_since
    assert since is not None
    # Backoff: base 5 s, with jitter between 50 and 100 % of it.
    delay = (upload.next_attempt_at - upload.updated_at).total_seconds()
    assert 2 <= delay <= 5.5
    assert run_worker() == 0  # not due yet

    make_due()
    run_worker()
    upload.refresh_from_db()
    assert upload.attempts == 2
    assert GatewayHealth.objects.get(office=certificate.office).unreachable_since == since

    sandbox.delete("api/admin/faults")
    make_due()
    run_worker()
    upload.refresh_from_db()
    assert upload.status == UploadStatus.ACCEPTED
    assert GatewayHealth.objects.get(office=certificate.office).unreachable_since is None
    stats = sandbox.get("api/admin/stats").json()
    assert stats["documents"] == 1 and stats["documents_per_idempotency_key_max"] == 1


def test_lost_answers_after_storage_do_not_store_twice(sandbox, electronic, settings):
    certificates = [electronic()[0] for _ in range(3)]
    _fault(sandbox, error_rate=0.6, seed=3)
    for _ in range(15):
        make_due()
        run_worker()
        if not Upload.objects.exclude(status=UploadStatus.ACCEPTED).exists():
            break
    assert set(Upload.objects.values_list("status", flat=True)) == {UploadStatus.ACCEPTED}
    assert Upload.objects.count() == len(certificates)
    stats = sandbox.get("api/admin/stats").json()
    assert stats["documents"] == 3 and stats["documents_per_idempotency_key_max"] == 1


def test_timeout_is_retried(sandbox, electronic, settings):
    certificate, _user, _officer = electronic()
    settings.ICEGATE_TIMEOUT = 0.5
    settings.ICEGATE_SANDBOX_HANG_SECONDS = 1.5
    gateway.login(certificate.office)  # log in before the upload starts hanging
    _fault(sandbox, timeout_rate=1.0, seed=1)
    run_worker()
    upload = Upload.objects.get(certificate=certificate)
    assert upload.status == UploadStatus.FAILED_RETRYING
    assert "in time" in upload.last_error
    sandbox.delete("api/admin/faults")
    settings.ICEGATE_TIMEOUT = 20
    make_due()
    run_worker()
    upload.refresh_from_db()
    assert upload.status == UploadStatus.ACCEPTED
    assert sandbox.get("api/admin/stats").json()["documents_per_idempotency_key_max"] == 1


def test_expired_token_logs_in_again(sandbox, electronic):
    certificate, _user, _officer = electronic()
    gateway._tokens[certificate.office.icegate_id.upper()] = "stale-token"
    run_worker()
    assert Upload.objects.get(certificate=certificate).status == UploadStatus.ACCEPTED


def test_boe_check_speaks_the_contract(sandbox, electronic):
    certificate, _user, _officer = electronic()
    run_worker()
    upload = Upload.objects.get(certificate=certificate)
    payload = {
        "port_code": "INMAA1",
        "boe_no": "1234567",
        "boe_date": "2026-03-14",
        "iec": certificate.member.iec,
        "documents": [
            {
                "irn": upload.irn,
                "drn": upload.drn,
                "document_type_code": certificate.document_type_code,
                "uploader_icegate_id": certificate.office.icegate_id,
            }
        ],
    }
    answer = gateway.boe_check(payload)
    assert answer["status"] == "OK", answer
    payload["documents"][0]["drn"] = "WRONG1"
    answer = gateway.boe_check(payload)
    assert "DRN_MISMATCH" in answer["documents"][0]["reasons"]
    with pytest.raises(gateway.GatewayRefused):
        gateway.boe_check({**payload, "port_code": "X"})


def test_unreachable_gateway_raises_unavailable(settings):
    settings.ICEGATE_BASE_URL = "http://127.0.0.1:9/"
    settings.ICEGATE_TIMEOUT = 1
    with pytest.raises(gateway.GatewayUnavailable):
        gateway.boe_check({"port_code": "INMAA1"})
