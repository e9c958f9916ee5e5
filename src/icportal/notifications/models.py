"""The outbox: every e-mail is a row with a status, so nothing is lost and staff can resend.

Email statuses (one arrow per step of `services.email_deliver`, the worker's `notifications.deliver`):

    ready ──claim + mark──▶ sending ──SMTP accepted──▶ sent
                              │  └──SMTP refused/dropped──▶ failed ──next_attempt_at──▶ (sending)
                              └──worker killed, lease ran out──▶ (sending again, same Message-ID)
    ready ──no mail relay configured──▶ kept
    failed with attempts == EMAIL_MAX_ATTEMPTS: no next_attempt_at; staff resend (a new row).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    READY = "ready", _("Ready to send")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    KEPT = "kept", _("Kept in outbox (no mail relay configured)")


class Email(models.Model):
    template = models.CharField(max_length=40)
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="emails",
        db_index=False,  # (member, -created_at) below
    )
    office = models.ForeignKey(
        "offices.Office",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="emails",
        db_index=False,  # (office, -created_at) and (office, to) below
    )
    status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.READY)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # Links carry one-time secrets (set-password tokens): the row keeps them so a resend works,
    # and only staff of the right scope and the addressee can read them.
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    # When a failed row is tried again; empty once it has no retries left (or was resent by hand).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # What the mail is about, so a repeated notify (a retried upload, a second worker) adds nothing:
    # "ic-uploaded:<upload>", "daily:<member>:<day>", "icegate-reminder:<member>:<iso week>".
    dedupe_key = models.CharField(max_length=120, null=True, blank=True)
    locked_by = models.CharField(max_length=100, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["member", "-created_at"]),
            models.Index(fields=["status"]),
            models.Index(fields=["status", "next_attempt_at"]),
            # Scale (bench/pages.py): the office's outbox newest first, and its count, which
            # leaves out mails to other staff accounts (`email_list`) and so needs `to`.
            models.Index(fields=["office", "-created_at"], name="email_office_created_idx"),
            models.Index(fields=["office", "to"], name="email_office_to_idx"),
        ]
        constraints = [
            # One row per addressee per subject matter: a firm with three users gets three rows.
            models.UniqueConstraint(
                fields=["dedupe_key", "to"],
                condition=Q(dedupe_key__isnull=False),
                name="notifications_one_mail_per_key_and_address",
            )
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"
