"""Notification services: the outbox, the mails about e-SANCHIT, and the daily table."""

from .daily import (
    daily_table_days,
    daily_table_send,
    daily_table_send_again,
    daily_tables_send_due,
)
from .outbox import (
    email_deliver,
    email_queue,
    email_resend,
    emails_deliver_due,
    notify_member,
)
from .uploads import ic_uploaded_notify, icegate_reminders_send_due

__all__ = [
    "daily_table_days",
    "daily_table_send",
    "daily_table_send_again",
    "daily_tables_send_due",
    "email_deliver",
    "email_queue",
    "email_resend",
    "emails_deliver_due",
    "ic_uploaded_notify",
    "icegate_reminders_send_due",
    "notify_member",
]
