"""Under a 30% injected error rate, retries by idempotency key store 500 uploads exactly once."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.icegate_sandbox.conftest import ADMIN, entry, post_json, url

pytestmark = pytest.mark.django_db

UPLOADS, BATCHES, PER_BATCH = 500, 50, 10


def test_500_uploads_with_a_30_percent_error_rate_store_500_documents(
    client, member, pga_token, pdfs
):
    set_fault = post_json(
        client,
        "api/admin/faults",
        {"operation": "esanchit.upload", "error_rate": 0.3, "seed": 2026},
        **ADMIN,
    )
    assert set_fault.status_code == 201
    signed = pdfs.good  # signed once, sent under 500 different names and keys
    attempts = failures = 0
    accepted = {}
    for batch in range(BATCHES):
        names = [f"IC-{batch:02d}-{n}.pdf" for n in range(PER_BATCH)]
        manifest = json.dumps([entry(name, idempotency_key=f"upload-{name}") for name in names])
        for _ in range(20):  # retry the same batch, same keys, until an answer arrives
            attempts += 1
            response = client.post(
                url("api/esanchit/uploads"),
                data={
                    "manifest": manifest,
                    "files": [SimpleUploadedFile(name, signed) for name in names],
                },
                HTTP_AUTHORIZATION=f"Bearer {pga_token}",
            )
            if response.status_code == 503:
                failures += 1
                continue
            assert response.status_code == 200, response.content
            for result in response.json()["results"]:
                assert result["status"] == "ACCEPTED", result
                accepted[result["filename"]] = result["irn"]
            break
        else:
            pytest.fail(f"batch {batch} never got an answer")
    assert len(accepted) == UPLOADS
    assert len(set(accepted.values())) == UPLOADS
    assert failures > 0 and attempts == BATCHES + failures

    stats = client.get(url("api/admin/stats"), **ADMIN).json()
    assert stats["documents"] == UPLOADS
    assert stats["documents_per_idempotency_key_max"] == 1
    assert stats["faults_injected"] == failures
    assert (
        stats["faults_after_storage"] > 0
    )  # some answers were lost after the documents were stored
    assert stats["uploads_replayed"] > 0  # and their retries were answered from the first result
