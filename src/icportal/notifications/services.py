"""Queue and deliver e-mails. Queueing is part of the caller's transaction; delivery runs after commit."""

from __future__ import annotations

import logging
from dataclasses import asdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from icportal.audit.models import Verb
from icportal.audit.services import audit_record

from .models import Email, EmailStatus
from .templates import PAYLOADS, EmailTemplate, subject_for

logger = logging.getLogger(__name__)


def email_queue(*, template: EmailTemplate, to: str, payload, member=None, office=None) -> Email:
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
    )
    transaction.on_commit(lambda: email_deliver(email_id=email.pk))
    return email


def notify_member(*, member, template: EmailTemplate, payload) -> list[Email]:
    """One outbox row per active user of the firm (or the GSTN e-mail when it has no users yet)."""
    addresses = list(
        member.users.filter(is_active=True).order_by("email").values_list("email", flat=True)
    ) or [member.gstn_email]
    return [
        email_queue(template=template, to=to, payload=payload, member=member, office=member.office)
        for to in addresses
    ]


def email_deliver(*, email_id: int) -> Email:
    """Send one ready e-mail exactly once: the row is claimed before the SMTP conversation."""
    with transaction.atomic():
        claimed = Email.objects.filter(
            pk=email_id, status__in=[EmailStatus.READY, EmailStatus.FAILED]
        ).update(status=EmailStatus.SENDING, attempts=F("attempts") + 1)
    email = Email.objects.get(pk=email_id)
    if not claimed:
        return email
    if not settings.EMAIL_ENABLED:
        Email.objects.filter(pk=email_id).update(status=EmailStatus.KEPT)
        email.refresh_from_db()
        return email
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"X-Icportal-Email-Id": str(email.pk)},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        with get_connection(timeout=settings.EMAIL_TIMEOUT) as connection:
            connection.send_messages([message])
    except Exception as exc:  # SMTP errors of every kind end up visible on the row
        logger.warning("E-mail %s failed: %s", email_id, exc)
        Email.objects.filter(pk=email_id).update(
            status=EmailStatus.FAILED, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
    else:
        Email.objects.filter(pk=email_id).update(
            status=EmailStatus.SENT, sent_at=timezone.now(), last_error=""
        )
    email.refresh_from_db()
    return email


def email_resend(*, email: Email, by) -> Email:
    """Staff resend: a new outbox row with the same content, so the first stays as it happened."""
    with transaction.atomic():
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
