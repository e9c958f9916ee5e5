"""Queue and deliver e-mails. Queueing is part of the caller's transaction; delivery runs after commit
and, for anything that did not go at once, in the worker (`notifications.deliver`).

Both paths take the row with the worker's `claim` (a lease), then mark it `sending` before the SMTP
conversation, so the on-commit attempt and a worker never both send one row.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from icportal.audit.models import Verb
from icportal.audit.services import audit_record
from icportal.common import metrics
from icportal.common.worker import claim, release, worker_id

from ..models import Email, EmailStatus
from ..templates import PAYLOADS, subject_for

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 3600


def lease_seconds() -> int:
    # Longer than any SMTP conversation can take, so a lease never runs out while a mail is sent.
    return max(120, int(settings.EMAIL_TIMEOUT) * 6)


def message_id_for(email: Email) -> str:
    return f"<email-{email.pk}@icportal>"


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min … capped at an hour."""
    return timedelta(seconds=min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS))


def deliverable(now=None):
    """Rows a delivery may take: new, failed and due again, or `sending` by a worker that died."""
    now = now or timezone.now()
    return Email.objects.filter(
        Q(status=EmailStatus.READY)
        | Q(status=EmailStatus.FAILED, next_attempt_at__lte=now)
        | Q(status=EmailStatus.SENDING)  # only once its lease has run out: `claim` checks that
    )


def email_queue(
    *, template: str, to: str, payload, member=None, office=None, dedupe_key=None
) -> Email:
    """Write the outbox row now; try delivery once the surrounding transaction commits."""
    expected = PAYLOADS[template]
    if not isinstance(payload, expected):
        raise TypeError(f"{template} needs a {expected.__name__}, got {type(payload).__name__}")
    context = {**asdict(payload), "site_url": settings.SITE_URL}
    email = Email.objects.create(
        template=template,
        to=to,
        subject=subject_for(template, payload),
        body_text=render_to_string(f"notifications/email/{template}.txt", context),
        body_html=render_to_string(f"notifications/email/{template}.html", context),
        member=member,
        office=office,
        dedupe_key=dedupe_key,
    )
    transaction.on_commit(lambda: email_deliver(email_id=email.pk))
    return email


def notify_member(*, member, template: str, payload, dedupe_key=None) -> list[Email]:
    """One outbox row per active user of the firm (or the GSTN e-mail when it has no users yet).

    `member` is the caller's `members.Member` (its `users`, `gstn_email` and `office` are read): the
    outbox takes it as an argument and imports no domain app.

    With a `dedupe_key`, a second call about the same thing queues nothing and returns the rows of
    the first, even when two transactions race (the unique constraint decides).
    """
    if dedupe_key is not None:
        existing = list(Email.objects.filter(dedupe_key=dedupe_key).order_by("pk"))
        if existing:
            return existing
    addresses = list(
        member.users.filter(is_active=True).order_by("email").values_list("email", flat=True)
    ) or [member.gstn_email]
    try:
        with transaction.atomic():
            return [
                email_queue(
                    template=template,
                    to=to,
                    payload=payload,
                    member=member,
                    office=member.office,
                    dedupe_key=dedupe_key,
                )
                for to in addresses
            ]
    except IntegrityError:
        if dedupe_key is None:
            raise
        return list(Email.objects.filter(dedupe_key=dedupe_key).order_by("pk"))


def _mark_sending(email: Email) -> bool:
    """Under our lease: `sending`, one more attempt, and the Message-ID every attempt reuses."""
    return bool(
        Email.objects.filter(
            pk=email.pk,
            locked_by=email.locked_by,
            status__in=[EmailStatus.READY, EmailStatus.FAILED, EmailStatus.SENDING],
        ).update(
            status=EmailStatus.SENDING,
            attempts=F("attempts") + 1,
            message_id=message_id_for(email),
            next_attempt_at=None,
        )
    )


def _send(email: Email) -> None:
    """Deliver one claimed row and give its lease back with the outcome."""
    max_attempts = settings.EMAIL_MAX_ATTEMPTS
    if email.status == EmailStatus.SENDING and email.attempts >= max_attempts:
        release(
            email,
            status=EmailStatus.FAILED,
            last_error="The worker stopped during the last allowed attempt; check with the "
            "addressee before resending.",
        )
        return
    if not settings.EMAIL_ENABLED:
        release(email, status=EmailStatus.KEPT)
        return
    if not _mark_sending(email):
        release(email)
        return
    attempts = email.attempts + 1
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"X-Icportal-Email-Id": str(email.pk), "Message-ID": message_id_for(email)},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        with get_connection(timeout=settings.EMAIL_TIMEOUT) as connection:
            connection.send_messages([message])
    except Exception as exc:  # SMTP errors of every kind end up visible on the row
        logger.warning("E-mail %s failed (attempt %s): %s", email.pk, attempts, exc)
        metrics.MAILS.labels("failed").inc()
        retry_at = timezone.now() + retry_delay(attempts) if attempts < max_attempts else None
        release(
            email,
            status=EmailStatus.FAILED,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_attempt_at=retry_at,
        )
    else:
        metrics.MAILS.labels("sent").inc()
        release(email, status=EmailStatus.SENT, sent_at=timezone.now(), last_error="")


def email_deliver(*, email_id: int, owner: str | None = None) -> Email:
    """Send one e-mail now if nobody else has it: the immediate, on-commit path."""
    owner = owner or f"{worker_id()}:on-commit"
    for email in claim(
        deliverable().filter(pk=email_id), owner=owner, limit=1, lease_seconds=lease_seconds()
    ):
        _send(email)
    return Email.objects.get(pk=email_id)


def emails_deliver_due(*, owner: str, limit: int = 20) -> int:
    """The worker's share: every mail not sent at once, due retries, and rows of dead workers."""
    rows = claim(deliverable(), owner=owner, limit=limit, lease_seconds=lease_seconds())
    for email in rows:
        _send(email)
    return len(rows)


def email_resend(*, email: Email, by) -> Email:
    """Staff resend: a new outbox row with the same content, so the first stays as it happened.

    The first row stops retrying on its own, so the addressee does not get both.
    """
    with transaction.atomic():
        Email.objects.filter(pk=email.pk, status=EmailStatus.FAILED).update(next_attempt_at=None)
        copy = Email.objects.create(
            template=email.template,
            to=email.to,
            subject=email.subject,
            body_text=email.body_text,
            body_html=email.body_html,
            member=email.member,
            office=email.office,
        )
        audit_record(
            actor=by,
            verb=Verb.EMAIL_RESENT,
            target=copy,
            payload={"subject": email.subject, "to": email.to, "original_id": email.pk},
            member=email.member,
            office=email.office,
        )
        transaction.on_commit(lambda: email_deliver(email_id=copy.pk))
    return copy
