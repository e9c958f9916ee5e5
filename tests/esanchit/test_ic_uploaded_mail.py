"""The IC uploaded mail (circular point 2): everything the member quotes in the Bill of Entry."""

import pytest

from icportal.esanchit.mails import ic_uploaded_notify
from icportal.notifications.models import Email, EmailStatus
from tests.certificates import factories as f

from .factories import issued, uploaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    _member, user, officer, epc = f.ready()
    return issued(user, officer, epc, invoice_no="INV-77")


def test_the_mail_carries_irn_drn_uploader_id_and_item_level_steps(
    smtp, certificate, django_capture_on_commit_callbacks
):
    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        upload = uploaded(certificate, irn="IRN2026000123", drn="DRN2026000456")
    [row] = Email.objects.filter(dedupe_key=f"ic-uploaded:{upload.pk}")
    assert row.status == EmailStatus.SENT and row.member == certificate.member
    assert (
        row.subject == f"IC {certificate.number} on e-SANCHIT: IRN IRN2026000123, DRN DRN2026000456"
    )
    [message] = smtp.mailbox.messages
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (text, html):
        assert certificate.number in body
        assert "IRN2026000123" in body and "DRN2026000456" in body
        assert "CLEINDIA1984" in body  # Chennai's uploader ICEGATE ID, from the office table
        assert certificate.document_type_code in body
        assert "INV-77" in body and "not yet known" in body
        assert "invoice serial number" in body and "item serial number" in body
        assert "amendment" in body
    assert "ITEM level" in text and "<strong>item level</strong>" in html


def test_a_known_bill_of_entry_number_is_quoted(certificate):
    application = certificate.application
    application.boe_no = "1234567"
    application.save(update_fields=["boe_no"])
    uploaded(certificate)
    assert (
        "Bill of Entry number:     1234567" in Email.objects.get(template="ic_uploaded").body_text
    )


def test_notifying_twice_for_one_upload_queues_one_mail_per_address(certificate):
    upload = uploaded(certificate)
    first = Email.objects.filter(template="ic_uploaded")
    assert first.count() == 1
    again = ic_uploaded_notify(upload=upload)
    assert [e.pk for e in again] == list(first.values_list("pk", flat=True))
    assert Email.objects.filter(template="ic_uploaded").count() == 1


def test_the_mail_is_on_the_members_page_for_member_and_staff(client, certificate):
    uploaded(certificate)
    subject = Email.objects.get(template="ic_uploaded").subject
    client.force_login(certificate.member.users.get())
    assert subject in client.get("/members/mine/").content.decode()
    client.force_login(certificate.issued_by)
    assert subject in client.get(f"/members/{certificate.member.iec}/").content.decode()
