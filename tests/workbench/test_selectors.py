"""Every queue on the workbench counts what its own page lists, for the user's scope."""

from __future__ import annotations

import pytest
from django.utils import timezone

from icportal.certificates import services as ic
from icportal.entitlements import services as entitlements
from icportal.esanchit import batches
from icportal.esanchit.models import Upload, UploadMode, UploadStatus
from icportal.workbench.selectors import office_for_filter, queue_cards
from tests import factories
from tests.certificates import factories as f
from tests.documents.factories import document_of
from tests.workbench.conftest import submitted

pytestmark = pytest.mark.django_db


def _upload(certificate, key, **fields):
    return Upload.objects.create(
        certificate=certificate,
        document=document_of(certificate),
        office=certificate.office,
        idempotency_key=key,
        **fields,
    )


def _counts(user, office=None) -> dict[str, int]:
    return {card.queue.key: card.count for card in queue_cards(user=user, office=office)}


def test_each_queue_counts_its_own_items(chn):
    waiting, urgent, *to_issue = submitted(chn, 7)
    ic.urgent_request(by=chn.officer, application=urgent, reason="Perishable")
    issued = [ic.certificate_issue(by=chn.officer, application=a) for a in to_issue]
    _upload(issued[0], "failing", status=UploadStatus.FAILED_RETRYING)
    _upload(issued[1], "rejected", status=UploadStatus.REJECTED)
    _upload(issued[2], "rejected-then-retried", status=UploadStatus.REJECTED)
    _upload(issued[2], "retried")  # waiting again: nothing for the office to do
    manual = _upload(issued[3], "manual", mode=UploadMode.MANUAL)
    _upload(issued[4], "batched", mode=UploadMode.MANUAL)
    batches.batch_create(by=chn.officer, uploads=[Upload.objects.get(idempotency_key="batched")])
    ic.boe_report(
        by=chn.user,
        certificate=issued[0],
        boe_no="4567890",
        boe_date=timezone.localdate(),
        port_code="INMAA1",
        assessed_value="1000.00",
        assessed_copy=f.pdf("assessed.pdf"),
    )
    courier = f.submitted_application(chn.user, chn.epc, channel="courier")
    ic.certificate_issue(by=chn.officer, application=courier)
    entitlements.epc_submit(
        by=chn.officer,
        member=factories.MemberFactory(),
        financial_year_of_entitlement=chn.epc.financial_year,
        segment_group=f.others_group(),
        fob_lines={"FW": 500000},
        ca_certificate=f.pdf("ca.pdf"),
    )

    counts = _counts(chn.officer)
    assert counts == {
        "applications": 2,
        "urgent": 1,
        "epcs": 1,
        "uploads_failing": 1,
        "uploads_rejected": 1,
        "manual_waiting": 1,
        "batches_open": 1,
        "boe_review": 1,
        "boe_overdue": 0,
        "copies": 0,
        "paper_ics": 1,
        "complaints": 0,
        "customs_notices": 0,
    }
    assert set(_counts(factories.staff_user("DEL")).values()) == {0}
    head = factories.head_office_user()
    assert _counts(head) == counts
    assert set(_counts(head, office_for_filter(user=head, code="del")).values()) == {0}
    assert office_for_filter(user=chn.officer, code="DEL") is None  # staff cannot filter
    card = {c.queue.key: c for c in queue_cards(user=chn.officer)}["manual_waiting"]
    assert card.since == f"signed {timezone.localtime(manual.created_at):%d/%m/%Y}"
    assert card.age == 0 and card.url == "/esanchit/batches/"
    assert waiting.status == "submitted"
