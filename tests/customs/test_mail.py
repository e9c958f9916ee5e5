"""The notice reaches the customs house over real SMTP, woken the way the worker wakes it."""

from __future__ import annotations

import pytest

from icportal.common import worker
from icportal.customs.models import Notice, NoticeStatus
from icportal.notifications.models import EmailStatus
from tests.customs.conftest import DRN, IRN, cancel, confirm, uploaded_ic

pytestmark = pytest.mark.django_db


def test_cancel_to_customs_mailbox(smtp, identity, settings, django_capture_on_commit_callbacks):
    settings.WORKER_WAKE_INLINE = True
    smtp.start()
    _user, officer, certificate = uploaded_ic()
    confirm()
    cancel(officer, certificate, reason="Supplier withdrew the consignment")
    with django_capture_on_commit_callbacks(execute=True):
        worker.run_once(names=["customs.find"])  # finds it; its wake signs and sends at once
    notice = Notice.objects.get()
    assert notice.status == NoticeStatus.SENT
    notice.email.refresh_from_db()
    assert notice.email.status == EmailStatus.SENT
    [message] = smtp.mailbox.messages
    assert message["To"] == "nodal.chennai@customs.gov.test"
    assert f"IC {certificate.number} cancelled" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (text, html):
        for value in (IRN, DRN, "CLEINDIA1984", certificate.member.iec, "Supplier withdrew"):
            assert value in body
        assert notice.letter_token in body
