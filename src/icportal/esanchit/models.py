"""e-SANCHIT uploads of signed electronic ICs, manual upload batches, and ICEGATE's health.

Upload statuses (one service per arrow, see services.py):

    waiting ──claim──▶ uploading ──ACCEPTED──▶ accepted (IRN, DRN; terminal)
       ▲                  │  └──────REJECTED──▶ rejected (ICEGATE's codes; terminal, never retried)
       │                  └──5xx/timeout──▶ failed_retrying ──backoff──▶ (claimed again)
       └── staff "retry" (a rejected upload starts a new row with the next idempotency key)

Manual mode: the row waits in a batch (mode=manual) until staff record the IRN and DRN.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from icportal.common.models import TimeStampedModel


class UploadStatus(models.TextChoices):
    WAITING = "waiting", "Waiting to upload"
    UPLOADING = "uploading", "Uploading"
    ACCEPTED = "accepted", "Accepted — IRN recorded"
    REJECTED = "rejected", "Rejected by ICEGATE"
    FAILED_RETRYING = "failed_retrying", "ICEGATE unavailable — retrying"


DUE_STATUSES = (UploadStatus.WAITING, UploadStatus.FAILED_RETRYING)
TERMINAL_STATUSES = (UploadStatus.ACCEPTED, UploadStatus.REJECTED)


class UploadMode(models.TextChoices):
    GATEWAY = "gateway", "Gateway (automatic)"
    MANUAL = "manual", "Manual (staff upload on ICEGATE)"


class Batch(TimeStampedModel):
    """Up to 10 ICs of one office downloaded as a ZIP and uploaded by hand on ICEGATE."""

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "batches"

    def __str__(self):
        return f"Upload batch {self.pk} ({self.office_id})"

    @property
    def complete(self) -> bool:
        return self.completed_at is not None


class Upload(TimeStampedModel):
    """One IC on its way to e-SANCHIT, with one idempotency key for every retry."""

    certificate = models.ForeignKey(
        "certificates.ImportCertificate", on_delete=models.PROTECT, related_name="uploads"
    )
    document = models.ForeignKey(
        "documents.CertificateDocument", on_delete=models.PROTECT, related_name="uploads"
    )
    office = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    status = models.CharField(
        max_length=16, choices=UploadStatus.choices, default=UploadStatus.WAITING
    )
    mode = models.CharField(max_length=8, choices=UploadMode.choices, default=UploadMode.GATEWAY)
    batch = models.ForeignKey(
        Batch, null=True, blank=True, on_delete=models.PROTECT, related_name="uploads"
    )
    idempotency_key = models.CharField(max_length=100, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    rejection_codes = models.JSONField(default=list, blank=True)
    irn = models.CharField("IRN", max_length=32, blank=True)
    drn = models.CharField("DRN", max_length=32, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    locked_by = models.CharField(max_length=100, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["irn"],
                condition=Q(status=UploadStatus.ACCEPTED) & ~Q(irn=""),
                name="esanchit_unique_accepted_irn",
            ),
            models.UniqueConstraint(
                fields=["drn"],
                condition=Q(status=UploadStatus.ACCEPTED) & ~Q(drn=""),
                name="esanchit_unique_accepted_drn",
            ),
            models.UniqueConstraint(
                fields=["certificate"],
                condition=~Q(status=UploadStatus.REJECTED),
                name="esanchit_one_live_upload_per_ic",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["office", "status", "-created_at"]),
            # Scale (bench/pages.py): the office's uploads newest first; IRN / DRN search.
            models.Index(fields=["office", "-created_at"], name="upload_office_created_idx"),
            models.Index(
                fields=["irn"],
                condition=Q(status=UploadStatus.ACCEPTED),
                name="upload_accepted_irn_idx",
            ),
            models.Index(
                fields=["drn"],
                condition=Q(status=UploadStatus.ACCEPTED),
                name="upload_accepted_drn_idx",
            ),
        ]

    def __str__(self):
        return f"{self.idempotency_key} ({self.status})"

    @property
    def retryable(self) -> bool:
        return self.status in (UploadStatus.FAILED_RETRYING, UploadStatus.REJECTED) or (
            self.status == UploadStatus.WAITING and self.mode == UploadMode.GATEWAY
        )

    @property
    def manual_pending(self) -> bool:
        return self.mode == UploadMode.MANUAL and self.status not in TERMINAL_STATUSES


class GatewayHealth(models.Model):
    """Per office: since when ICEGATE has been unreachable (empty while it answers)."""

    office = models.OneToOneField("offices.Office", on_delete=models.CASCADE, related_name="+")
    unreachable_since = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"ICEGATE for {self.office_id}: {self.unreachable_since or 'reachable'}"


class DailyTable(models.Model):
    """The day's Bill of Entry ↔ IC table for one member: one row per member and IST day, ever.

    Created under the unique constraint in the same transaction that queues the mail, so a second
    worker, a restarted worker or a staff click finds the row and sends nothing (daily.py). Moved
    here from notifications (which is only the outbox); the table keeps its name, so no data moved.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Mail queued"

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="daily_tables"
    )
    day = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    email = models.ForeignKey(
        "notifications.Email", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    row_count = models.PositiveSmallIntegerField(default=0)
    sent_by = models.ForeignKey(  # empty: sent by the worker at the cut-off
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "notifications_dailytable"
        ordering = ["-day", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "day"], name="notifications_one_table_a_day")
        ]

    def __str__(self):
        return f"Daily table {self.day} for member {self.member_id}"
