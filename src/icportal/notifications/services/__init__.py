"""The outbox: queue typed mails and deliver them. The mails themselves are written by the apps
that own their facts (e.g. esanchit's "IC uploaded" mail, certificates' ICEGATE reminder)."""

from .outbox import (
    Notice,
    email_deliver,
    email_queue,
    email_resend,
    emails_deliver_due,
    notify_member,
    notify_members,
)

__all__ = [
    "Notice",
    "email_deliver",
    "email_queue",
    "email_resend",
    "emails_deliver_due",
    "notify_member",
    "notify_members",
]
