"""Outbox rows as the real templates write them, rendered once per template and stamped per row."""

from __future__ import annotations

import dataclasses
import re

from django.conf import settings
from django.template.loader import render_to_string

from icportal.certificates.mails import IC_ISSUED_PHYSICAL
from icportal.esanchit.mails import IC_UPLOADED
from icportal.notifications.models import Email
from icportal.notifications.templates import PAYLOADS, EmailTemplate, subject_for

from .context import Ctx
from .writer import Buffer, ts

EMAIL_FIELDS = (
    "id", "template", "to", "subject", "body_text", "body_html", "member_id", "office_id",
    "status", "attempts", "last_error", "created_at", "sent_at", "message_id", "next_attempt_at",
    "dedupe_key", "locked_by", "locked_until",
)  # fmt: skip
_MARK = re.compile(r"\x00(\w+)\x00")


class Stamp:
    """The subject and text body of one template with holes where the payload's fields go."""

    def __init__(self, template: str, **fixed):
        self.template = template
        payload_class = PAYLOADS[template]
        values = {
            f.name: fixed.get(f.name, f"\x00{f.name}\x00")
            for f in dataclasses.fields(payload_class)
        }
        payload = payload_class(**values)
        context = {**dataclasses.asdict(payload), "site_url": settings.SITE_URL}
        self.subject = _MARK.split(subject_for(template, payload))
        self.body = _MARK.split(render_to_string(f"notifications/email/{template}.txt", context))

    @staticmethod
    def _fill(parts: list[str], values: dict) -> str:
        return "".join(values[p] if i % 2 else p for i, p in enumerate(parts))

    def row(self, ctx: Ctx, *, to, member_id, office_id, at: float, dedupe_key=None, **values):
        email_id = ctx.take(Email)
        return (
            email_id, str(self.template), to, self._fill(self.subject, values)[:200],
            self._fill(self.body, values), "", member_id, office_id, "sent", 1, "", ts(at),
            ts(at + 2), f"<email-{email_id}@icportal>", None, dedupe_key, "", None,
        )  # fmt: skip


class Mails:
    """One Stamp per template the generator sends, and the outbox table of the buffer."""

    def __init__(self, buffer: Buffer):
        self.rows = buffer.table(Email, EMAIL_FIELDS)
        self.epc_approved = Stamp(EmailTemplate.EPC_APPROVED)
        self.ic_uploaded = Stamp(IC_UPLOADED)
        self.ic_physical = Stamp(IC_ISSUED_PHYSICAL, customs_discretion=False)
        self.ic_urgent = Stamp(IC_ISSUED_PHYSICAL, customs_discretion=True)
        self.ic_cancelled = Stamp(EmailTemplate.IC_CANCELLED)
        self.query_raised = Stamp(EmailTemplate.QUERY_RAISED)
        self.rejected = Stamp(EmailTemplate.APPLICATION_REJECTED)
