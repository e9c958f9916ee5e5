"""Delivery through the worker: retries with backoff, leases, one send per row."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from icportal.common import worker
from icportal.notifications import services
from icportal.notifications.models import Email, EmailStatus
from icportal.notifications.services.outbox import deliverable
from icportal.notifications.templates import EmailTemplate, PasswordResetPayload

pytestmark = pytest.mark.django_db


def queue(n=1):
    # Not inside django_capture_on_commit_callbacks: the immediate attempt never happens, as if
    # the web process died right after the commit; the worker must pick the rows up.
    return [
        services.email_queue(
            template=EmailTemplate.PASSWORD_RESET,
            to=f"user{i}@firm.example",
            payload=PasswordResetPayload(full_name=f"User {i}", reset_url="https://x.example/r"),
        )
        for i in range(n)
    ]


def deliver_pass(owner="worker-a"):
    # The registered task itself: worker.run_once() also calls close_old_connections(), which
    # closes PostgreSQL's connection inside the test's transaction.
    return worker.autodiscover()["notifications.deliver"].run(owner)


def test_the_worker_delivers_over_smtp_with_a_stable_message_id(smtp):
    smtp.start()
    [row] = queue()
    assert deliver_pass() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.locked_by) == (EmailStatus.SENT, 1, "")
    [message] = smtp.mailbox.messages
    assert message["Message-ID"] == f"<email-{row.pk}@icportal>" == row.message_id
    assert deliver_pass() == 0  # nothing left; the row is never sent twice
    assert len(smtp.mailbox.envelopes) == 1


def test_a_refusing_server_schedules_a_retry_and_the_mail_goes_once_when_back(smtp, clock):
    start = clock.set(dt.datetime(2026, 12, 1, 10, 0))
    [row] = queue()
    deliver_pass()  # nothing listens on the port
    row.refresh_from_db()
    assert row.status == EmailStatus.FAILED and row.attempts == 1
    assert row.last_error and row.next_attempt_at == start + dt.timedelta(seconds=30)

    smtp.start()
    assert deliver_pass() == 0  # not due yet
    clock.advance(seconds=31)
    assert deliver_pass() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == (EmailStatus.SENT, 2, None)
    clock.advance(hours=2)
    deliver_pass()
    assert len(smtp.mailbox.envelopes) == 1


def test_backoff_grows_and_stops_at_the_maximum(smtp, clock, settings):
    settings.EMAIL_MAX_ATTEMPTS = 3
    clock.set(dt.datetime(2026, 12, 1, 10, 0))
    [row] = queue()
    waits = []
    for _ in range(3):
        deliver_pass()
        row.refresh_from_db()
        waits.append(row.next_attempt_at and (row.next_attempt_at - timezone.now()).seconds)
        clock.advance(hours=1)
    assert waits == [30, 60, None]
    assert (row.status, row.attempts) == (EmailStatus.FAILED, 3)
    assert deliver_pass() == 0


def test_two_owners_never_claim_the_same_email():
    rows = queue(6)
    first = worker.claim(deliverable(), owner="a", limit=4)
    second = worker.claim(deliverable(), owner="b", limit=10)
    assert len(first) == 4 and len(second) == 2
    assert {r.pk for r in first}.isdisjoint({r.pk for r in second})
    assert {r.pk for r in first + second} == {r.pk for r in rows}


def test_the_on_commit_attempt_leaves_a_row_the_worker_holds(smtp):
    smtp.start()
    [row] = queue()
    [claimed] = worker.claim(deliverable(), owner="worker-a", limit=1)
    assert services.email_deliver(email_id=row.pk).status == EmailStatus.READY
    assert smtp.mailbox.envelopes == []
    services.outbox._send(claimed)
    assert services.email_deliver(email_id=row.pk).status == EmailStatus.SENT
    assert len(smtp.mailbox.envelopes) == 1


def test_a_row_left_sending_by_a_killed_worker_goes_again_with_the_same_message_id(smtp, clock):
    smtp.start()
    clock.set(dt.datetime(2026, 12, 1, 10, 0))
    [row] = queue()
    [claimed] = worker.claim(deliverable(), owner="killed", limit=1, lease_seconds=120)
    assert services.outbox._mark_sending(claimed)  # then SIGKILL, before or after SMTP
    assert deliver_pass("worker-b") == 0  # its lease still runs
    clock.advance(seconds=121)
    assert deliver_pass("worker-b") == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (EmailStatus.SENT, 2)
    assert [m["Message-ID"] for m in smtp.mailbox.messages] == [f"<email-{row.pk}@icportal>"]


def test_a_staff_resend_stops_the_retries_of_the_failed_row(smtp, staff, member, clock):
    clock.set(dt.datetime(2026, 12, 1, 10, 0))
    [row] = queue()
    deliver_pass()
    row.refresh_from_db()
    smtp.start()
    services.email_resend(email=row, by=staff)
    clock.advance(hours=1)
    deliver_pass()
    row.refresh_from_db()
    assert row.status == EmailStatus.FAILED and row.next_attempt_at is None
    assert len(smtp.mailbox.envelopes) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs SELECT … FOR UPDATE SKIP LOCKED"
)
def test_two_workers_at_once_send_every_mail_exactly_once(smtp):
    smtp.start()
    rows = queue(30)
    barrier = threading.Barrier(2)

    def run(owner):
        barrier.wait()
        try:
            while services.emails_deliver_due(owner=owner, limit=3):
                pass
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(name,)) for name in ("w1", "w2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(e.rcpt_tos[0] for e in smtp.mailbox.envelopes) == sorted(r.to for r in rows)
    assert set(Email.objects.values_list("status", flat=True)) == {EmailStatus.SENT}
