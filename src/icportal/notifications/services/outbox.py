"""Queue and deliver e-mails. Queueing is part of the caller's transaction; delivery runs after commit
and, for anything that did not go at once, in the worker (`notifications.deliver`).

Both paths take the row with the worker's `claim` (a lease), then mark it `sending` before the SMTP
conversation, so the on-commit attempt and a worker never both send one row.
"""

from __future__ import annotations

import logging
import smtplib
import threading
import time
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from icportal.audit.models import Verb
from icportal.audit.services import audit_record
from icportal.common import metrics
from icportal.common.worker import claim, in_worker, release, wake, worker_id

from ..models import Email, EmailStatus
from ..templates import PAYLOADS, subject_for

logger = logging.getLogger(__name__)

DELIVER_TASK = "notifications.deliver"  # notifications/tasks.py

RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 3600
# A connection quiet for longer is closed and a new one opened: SMTP servers drop idle clients
# (Postfix after 300 s), and a dropped one would only be found by a failed send.
SMTP_IDLE_SECONDS = 30
_held = threading.local()  # one SMTP connection per thread: smtplib is not thread-safe


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


def _composed(
    *, template: str, to: str, payload, dedupe_key=None, language: str = "", **scope
) -> Email:
    """The outbox row of one mail, not saved yet (its subject and bodies written out in the
    recipient's language: `language` is their account's, "" for English)."""
    expected = PAYLOADS[template]
    if not isinstance(payload, expected):
        raise TypeError(f"{template} needs a {expected.__name__}, got {type(payload).__name__}")
    context = {**asdict(payload), "site_url": settings.SITE_URL}
    with translation.override(language or settings.LANGUAGE_CODE):
        return Email(
            template=template,
            to=to,
            subject=subject_for(template, payload),
            body_text=render_to_string(f"notifications/email/{template}.txt", context),
            body_html=render_to_string(f"notifications/email/{template}.html", context),
            dedupe_key=dedupe_key,
            **scope,
        )


def _deliver_after_commit(emails: list[Email]) -> None:
    """In a worker: wake its delivery task, which sends the rows in batches on its own thread (not
    in the thread that queued them, e.g. the upload task's). Elsewhere (a web request, a command):
    send each one right after the commit, so the addressee has it when the page reloads."""
    if in_worker():
        wake(DELIVER_TASK)
        return
    for email in emails:
        transaction.on_commit(lambda pk=email.pk: email_deliver(email_id=pk))


def email_queue(
    *,
    template: str,
    to: str,
    payload,
    member=None,
    office=None,
    dedupe_key=None,
    language: str = "",
) -> Email:
    """Write the outbox row now; try delivery once the surrounding transaction commits.
    `language` is the recipient's (their account's `language`; "" writes it in English)."""
    email = _composed(
        template=template,
        to=to,
        payload=payload,
        member=member,
        office=office,
        dedupe_key=dedupe_key,
        language=language,
    )
    email.save()
    _deliver_after_commit([email])
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
    addresses = _addresses({member.pk: member})[member.pk]
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
                    language=language,
                )
                for to, language in addresses
            ]
    except IntegrityError:
        if dedupe_key is None:
            raise
        return list(Email.objects.filter(dedupe_key=dedupe_key).order_by("pk"))


@dataclass(frozen=True)
class Notice:
    """One typed mail for `notify_members`: `member` is the caller's `members.Member`."""

    member: Any
    template: str
    payload: Any
    dedupe_key: str | None = None


def notify_members(*, notices: list[Notice], fresh: bool = False) -> list[Email]:
    """`notify_member` for many mails at once, in the caller's transaction: one query for the
    keys already mailed, one for the firms' users, one INSERT (a batch of ICs accepted on
    e-SANCHIT, where three statements per mail were most of the cost of recording them).

    A notice whose `dedupe_key` was mailed before queues nothing; `fresh` says the caller knows
    none was (the keys name what this transaction just did), so that look-up is skipped. Either
    way, two transactions racing on one key fail on the unique constraint: the caller's
    transaction rolls back whole (it may then notify one by one with `notify_member`).
    """
    keys = [n.dedupe_key for n in notices if n.dedupe_key is not None]
    if keys and not fresh:
        mailed = set(Email.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
        notices = [n for n in notices if n.dedupe_key is None or n.dedupe_key not in mailed]
    if not notices:
        return []
    addresses = _addresses({n.member.pk: n.member for n in notices})
    rows = [
        _composed(
            template=n.template,
            to=to,
            payload=n.payload,
            member_id=n.member.pk,
            office_id=n.member.office_id,
            dedupe_key=n.dedupe_key,
            language=language,
        )
        for n in notices
        for to, language in addresses[n.member.pk]
    ]
    Email.objects.bulk_create(rows)
    _deliver_after_commit(rows)
    return rows


def _addresses(members: dict) -> dict[int, list[tuple[str, str]]]:
    """{member id: its active users' (e-mail, language), or its GSTN e-mail in English when it has
    none}, one query."""
    link = type(next(iter(members.values()))).users.field  # the user's FK to its member
    found: dict[int, list[tuple[str, str]]] = {pk: [] for pk in members}
    rows = link.model._default_manager.filter(
        **{f"{link.attname}__in": list(members), "is_active": True}
    ).order_by("email")
    for member_id, address, language in rows.values_list(link.attname, "email", "language"):
        found[member_id].append((address, language))
    return {pk: found[pk] or [(member.gstn_email, "")] for pk, member in members.items()}


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
        _deliver(message)
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


def _connection_settings() -> tuple:
    return (
        settings.EMAIL_BACKEND,
        settings.EMAIL_HOST,
        settings.EMAIL_PORT,
        settings.EMAIL_HOST_USER,
        settings.EMAIL_USE_TLS,
        settings.EMAIL_USE_SSL,
        settings.EMAIL_TIMEOUT,
    )


def _connection_close() -> None:
    connection = getattr(_held, "connection", None)
    _held.connection = None
    if connection is not None:
        try:
            connection.close()
        except Exception:  # already broken: nothing more to tidy
            logger.debug("SMTP connection not closed cleanly", exc_info=True)


def _connection():
    """This thread's open connection, kept between mails: one SMTP conversation (connect, EHLO,
    QUIT) per mail cost more than the mail. Returns (connection, whether it was used before)."""
    key = _connection_settings()
    idle = time.monotonic() - getattr(_held, "used_at", 0.0)
    if getattr(_held, "connection", None) is not None and (
        _held.key != key or idle > SMTP_IDLE_SECONDS
    ):
        _connection_close()
    if getattr(_held, "connection", None) is not None:
        return _held.connection, True
    connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
    connection.open()
    _held.connection, _held.key = connection, key
    return connection, False


def _deliver(message) -> None:
    """Send over the kept connection. If the server dropped it meanwhile, once more over a new one
    (a dropped connection fails at MAIL FROM, before the message is handed over)."""
    for attempt in (1, 2):
        connection, reused = _connection()
        try:
            connection.send_messages([message])
        except (smtplib.SMTPServerDisconnected, ConnectionError) as exc:
            _connection_close()
            if reused and attempt == 1:
                logger.info("SMTP connection was closed by the server (%s); reconnecting", exc)
                continue
            raise
        except Exception:
            _connection_close()  # in an unknown state after an error: start afresh next time
            raise
        _held.used_at = time.monotonic()
        return


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
        _deliver_after_commit([copy])
    return copy
