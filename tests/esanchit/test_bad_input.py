"""e-SANCHIT batches against the bad-input probe: ids beyond 64 bits and an IRN table of 200,000
lines are refused with a clear 400; a table's queries do not grow with its lines."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from icportal.esanchit import batches
from icportal.esanchit.models import Upload, UploadStatus
from tests.documents.conftest import issue
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def manual(identity, django_capture_on_commit_callbacks, settings):
    settings.ICEGATE_MODE = "manual"

    def make(n=2):
        return [issue(django_capture_on_commit_callbacks)[0] for _ in range(n)]

    return make


def _batch(officer, certificates):
    uploads = list(Upload.objects.filter(certificate__in=certificates))
    return batches.batch_create(by=officer, uploads=uploads)


@pytest.mark.parametrize("ids", [[10**30], [-(10**30)], [2**63], ["x"], [None], "1,2", [[1]]])
def test_api_batch_of_impossible_ids_is_a_400_naming_the_field(client, manual, ids):
    manual(1)
    client.force_login(staff_user("CHN"))
    made = client.post("/api/v1/upload-batches/", {"uploads": ids}, content_type="application/json")
    assert made.status_code == 400, made.content
    assert made.json()["error"]["fields"]["uploads"]
    assert not Upload.objects.filter(batch__isnull=False).exists()


def test_batch_page_ignores_impossible_ids(client, manual):
    manual(1)
    client.force_login(staff_user("CHN"))
    page = client.post(reverse("esanchit:batches"), {"upload": [str(10**30), "٣", "-1"]})
    assert page.status_code == 200
    assert "Choose 1 to 10 ICs" in page.content.decode()


def test_a_table_over_the_limit_is_refused_and_records_nothing(client, manual):
    (certificate,) = manual(1)
    officer = staff_user("CHN")
    batch = _batch(officer, [certificate])
    good = f"{certificate.number},IRN0001,DRN0001"
    table = "\n".join([good] + ["IC_OTHER.pdf,IRN0002,DRN0002"] * 200_000)
    client.force_login(officer)
    url = f"/api/v1/upload-batches/{batch.pk}/record/"
    answer = client.post(url, {"table": table}, content_type="application/json")
    assert answer.status_code == 400
    (message,) = answer.json()["error"]["fields"]["table"]
    assert "200,001 lines" in message and f"at most {batches.TABLE_MAX_LINES}" in message
    page = client.post(reverse("esanchit:batch", args=[batch.pk]), {"table": table})
    assert page.status_code == 400
    assert f"at most {batches.TABLE_MAX_LINES}" in page.content.decode()
    assert Upload.objects.get(certificate=certificate).status == UploadStatus.WAITING


def _record(client, batch, table) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        answer = client.post(
            f"/api/v1/upload-batches/{batch.pk}/record/",
            {"table": table},
            content_type="application/json",
        )
    assert answer.status_code == 200, answer.content
    return len(queries), answer.json()


def test_recording_a_long_table_costs_the_queries_of_a_short_one(client, manual):
    one, two, three, four = manual(4)
    officer = staff_user("CHN")
    client.force_login(officer)
    short_batch, long_batch = _batch(officer, [one, two]), _batch(officer, [three, four])

    short, answer = _record(
        client, short_batch, f"{one.number},IRN01,DRN01\n{two.number},IRN02,DRN02"
    )
    assert answer["complete"] and not answer["errors"]

    junk = [f"IC_{n}.pdf,IRN{n},DRN{n}" for n in range(300)] + [f"{three.number},IRN9,DRN9"] * 190
    table = "\n".join([f"{three.number},IRN03,DRN03", f"{four.number},IRN04,DRN04", *junk])
    long, answer = _record(client, long_batch, table)
    assert answer["complete"] and len(answer["errors"]) == 490
    assert {u["irn"] for u in answer["recorded"]} == {"IRN03", "IRN04"}
    assert long == short
