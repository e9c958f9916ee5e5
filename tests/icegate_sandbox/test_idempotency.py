"""The same idempotency key returns the first result and stores nothing new — even in a race."""

import threading

import pytest
from django.db import connection

from icegate_sandbox.models import Document, Message
from icegate_sandbox.services import uploads
from icegate_sandbox.services.accounts import login, registration_upsert
from icegate_sandbox.services.uploads import UploadItem, esanchit_upload
from tests.icegate_sandbox.conftest import MEMBER_PAN, PASSWORD, entry

pytestmark = pytest.mark.django_db


def test_a_retry_with_the_same_key_returns_the_first_result(upload, member, pdfs):
    first = upload([("ic.pdf", pdfs.good)]).json()["results"][0]
    again = upload([("ic.pdf", pdfs.good)]).json()["results"][0]
    assert first["status"] == "ACCEPTED"
    assert again == first
    assert Document.objects.count() == 1
    assert Message.objects.filter(kind=Message.Kind.IRN).count() == 1


def test_the_first_result_wins_even_if_the_retry_differs(upload, member, pdfs):
    first = upload([("ic.pdf", pdfs.good)], entries=[entry("ic.pdf", idempotency_key="k1")])
    retry = upload(
        [("renamed.pdf", pdfs.unsigned)], entries=[entry("renamed.pdf", idempotency_key="k1")]
    )
    assert retry.json()["results"] == first.json()["results"]
    assert Document.objects.count() == 1


def test_a_rejected_file_does_not_use_up_its_key(upload, member, pdfs):
    rejected = upload([("ic.pdf", pdfs.unsigned)]).json()["results"][0]
    assert rejected["status"] == "REJECTED"
    accepted = upload([("ic.pdf", pdfs.good)]).json()["results"][0]
    assert accepted["status"] == "ACCEPTED"


def test_keys_belong_to_one_uploader(upload, member, pdfs, registered_identity):
    registration_upsert(
        icegate_id="CLEKOLKATA1",
        password=PASSWORD,
        role="PGA",
        method="dsc",
        pga_name="CLE Kolkata",
        email="kolkata@cle.example",
        mobile="9444000002",
        certificate_pem=registered_identity.pem,
    )
    other_token = login(icegate_id="CLEKOLKATA1", password=PASSWORD)[1]
    mine = upload([("ic.pdf", pdfs.good)]).json()["results"][0]
    theirs = upload([("ic.pdf", pdfs.good)], token=other_token).json()["results"][0]
    assert theirs["status"] == "ACCEPTED"
    assert theirs["irn"] != mine["irn"]
    assert Document.objects.count() == 2


def _item(content: bytes, key: str = "race-key") -> UploadItem:
    return UploadItem(
        filename="ic.pdf",
        content=content,
        beneficiary_type="IEC",
        beneficiary_code=MEMBER_PAN,
        document_type_code="CLEIC1",
        idempotency_key=key,
    )


def test_losing_the_insert_race_answers_with_the_winners_result(pga, member, pdfs, monkeypatch):
    """A twin retry commits right after this one's look-up: the unique constraint catches it."""
    real_look_up = uploads._first_results
    winner = []

    def racing_look_up(**kwargs):
        found = real_look_up(**kwargs)  # nothing yet; then the twin commits
        monkeypatch.setattr(uploads, "_first_results", real_look_up)
        winner.append(esanchit_upload(uploader=pga, items=[_item(pdfs.good)]).results[0])
        return found

    monkeypatch.setattr(uploads, "_first_results", racing_look_up)
    loser = esanchit_upload(uploader=pga, items=[_item(pdfs.good)]).results[0]
    assert winner[0].status == "ACCEPTED"
    assert loser.as_dict() == winner[0].as_dict()
    assert Document.objects.count() == 1
    assert Message.objects.filter(kind=Message.Kind.IRN).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_store_one_document(pga, member, pdfs):
    if connection.vendor == "sqlite":
        pytest.skip("an in-memory SQLite test database cannot be written from several threads")
    threads = 6
    barrier = threading.Barrier(threads)
    results, failures = [], []

    def retry():
        try:
            barrier.wait(timeout=10)
            results.append(esanchit_upload(uploader=pga, items=[_item(pdfs.good)]).results[0])
        except Exception as exc:  # reported below
            failures.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=retry) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert failures == []
    assert len(results) == threads
    assert {r.irn for r in results} == {Document.objects.get().irn}
    assert Message.objects.filter(kind=Message.Kind.IRN).count() == 1
