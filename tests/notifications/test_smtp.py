"""The outbox over a real SMTP conversation (aiosmtpd on loopback)."""

import pytest

from icportal.accounts.models import Role
from icportal.accounts.services import user_invite
from icportal.audit.models import AuditEvent, Verb
from icportal.notifications.models import Email, EmailStatus
from icportal.notifications.services import email_deliver


def invite(staff, member, address="priya@firm.example"):
    return user_invite(
        by=staff, email=address, full_name="Priya Raman", role=Role.MEMBER, member=member
    )


def test_invitation_reaches_the_smtp_server_after_commit(
    smtp, staff, member, django_capture_on_commit_callbacks
):
    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        invite(staff, member)
        assert smtp.mailbox.envelopes == []  # nothing leaves before the commit
    [envelope] = smtp.mailbox.envelopes
    assert envelope.rcpt_tos == ["priya@firm.example"]
    [message] = smtp.mailbox.messages
    row = Email.objects.get(to="priya@firm.example")
    assert message["To"] == "priya@firm.example"
    assert message["Subject"] == f"Your icportal account for {member.legal_name}"
    assert message["X-Icportal-Email-Id"] == str(row.pk)
    assert "/accounts/set-password/" in message.get_body(("plain",)).get_content()
    assert (row.status, row.attempts, row.last_error) == (EmailStatus.SENT, 1, "")
    assert row.sent_at is not None


def test_a_failed_delivery_is_recorded_and_a_resend_goes_out(
    smtp, client, staff, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(staff, member)
    first = Email.objects.get()
    assert first.status == EmailStatus.FAILED
    assert "Connection refused" in first.last_error or "Errno" in first.last_error
    assert first.sent_at is None

    smtp.start()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/outbox/{first.pk}/resend/")
    assert response.status_code == 302
    copy = Email.objects.exclude(pk=first.pk).get()
    assert copy.status == EmailStatus.SENT
    assert (copy.to, copy.subject, copy.body_text) == (first.to, first.subject, first.body_text)
    first.refresh_from_db()
    assert first.status == EmailStatus.FAILED  # the first attempt stays as it happened
    assert [m["To"] for m in smtp.mailbox.messages] == ["priya@firm.example"]
    assert AuditEvent.objects.get(verb=Verb.EMAIL_RESENT).payload["original_id"] == first.pk


def test_delivery_happens_once(smtp, staff, member, django_capture_on_commit_callbacks):
    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        invite(staff, member)
    row = Email.objects.get()
    assert email_deliver(email_id=row.pk).status == EmailStatus.SENT
    assert len(smtp.mailbox.envelopes) == 1
    assert Email.objects.get().attempts == 1


def test_without_a_mail_relay_the_mail_is_kept(
    smtp, settings, staff, member, django_capture_on_commit_callbacks
):
    settings.EMAIL_ENABLED = False
    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        invite(staff, member)
    assert Email.objects.get().status == EmailStatus.KEPT
    assert smtp.mailbox.envelopes == []


def test_a_rolled_back_invitation_sends_nothing(
    smtp, staff, member, django_capture_on_commit_callbacks
):
    from django.db import transaction

    smtp.start()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        invite(staff, member)
        raise RuntimeError("the page failed after queueing")
    assert callbacks == []
    assert smtp.mailbox.envelopes == [] and not Email.objects.exists()
