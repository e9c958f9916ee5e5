"""The outbox: queue typed mails and deliver them. The mails themselves are written by the apps
that own their facts (e.g. esanchit's "IC uploaded" mail, certificates' ICEGATE reminder)."""

from .outbox import (
    email_deliver,
    email_queue,
    email_resend,
    emails_deliver_due,
    notify_member,
)

__all__ = [
    "email_deliver",
    "email_queue",
    "email_resend",
    "emails_deliver_due",
    "notify_member",
]
