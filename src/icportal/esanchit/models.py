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
from django.utils.translation import gettext_lazy as _

from icportal.common.models import TimeStampedModel


class UploadStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting to upload")
    UPLOADING = "uploading", _("Uploading")
    ACCEPTED = "accepted", _("Accepted — IRN recorded")
    REJECTED = "rejected", _("Rejected by ICEGATE")
    FAILED_RETRYING = "failed_retrying", _("ICEGATE unavailable — retrying")


DUE_STATUSES = (UploadStatus.WAITING, UploadStatus.FAILED_RETRYING)
TERMINAL_STATUSES = (UploadStatus.ACCEPTED, UploadStatus.REJECTED)


class UploadMode(models.TextChoices):
    GATEWAY = "gateway", _("Gateway (automatic)")
    MANUAL = "manual", _("Manual (staff upload on ICEGATE)")


class Batch(TimeStampedModel):
    """Up to 10 ICs of one office downloaded as a ZIP and uploaded by hand on ICEGATE."""

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("batches")

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
    """One version of a member's Bill of Entry ↔ IC table for one IST day (circular point 5).

    Version 1 is the first table (at the cut-off, or sent by hand); a supplementary version carries
    the ICs accepted on ICEGATE after an earlier version went; "send again" adds a version with the
    table as it stands then. Each kind that must go once has its constraint. A version's lines are
    a snapshot (DailyTableLine): later cancels never change what was sent.

        pending ──mail pass (daily.py)──▶ queued (the outbox row exists; its status says the rest)

    The row and its mail are separate steps so a worker killed between them leaves a pending row
    the next pass mails, once (the mail's dedupe key). Its db table is still notifications' name.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Mail being prepared")
        QUEUED = "queued", _("Mail queued")

    class Kind(models.TextChoices):
        FIRST = "first", _("First table")
        SUPPLEMENTARY = "supplementary", _("Supplementary table")
        AGAIN = "again", _("Sent again (complete)")

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="daily_tables"
    )
    day = models.DateField()
    version = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.FIRST)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    email = models.ForeignKey(
        "notifications.Email", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    row_count = models.PositiveSmallIntegerField(default=0)  # ICs in force in this version
    sent_by = models.ForeignKey(  # empty: sent by the worker
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "notifications_dailytable"
        ordering = ["-day", "member_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "day", "version"], name="dailytable_one_row_per_version"
            ),
            models.UniqueConstraint(
                fields=["member", "day"],
                condition=Q(kind="first"),
                name="notifications_one_table_a_day",
            ),
            models.UniqueConstraint(
                fields=["member", "day"],
                condition=Q(kind="supplementary"),
                name="dailytable_one_supplementary_a_day",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(status="pending"), name="dailytable_pending_idx"
            ),
        ]

    def __str__(self):
        return f"Daily table {self.day} v{self.version} for member {self.member_id}"


class LineState(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    CANCELLED = "cancelled", _("Cancelled")
    REPLACED = "replaced", _("Replaced")


class DailyTableLine(models.Model):
    """One IC as a version of the table showed it; struck through unless in force."""

    table = models.ForeignKey(DailyTable, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    certificate = models.ForeignKey(
        "certificates.ImportCertificate", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=10, choices=LineState.choices, default=LineState.IN_FORCE)
    replaced_by_number = models.CharField(max_length=40, blank=True)
    uploaded_at = models.DateTimeField()
    bill_of_entry_no = models.CharField(max_length=60)
    ic_number = models.CharField(max_length=40)
    drn = models.CharField("DRN", max_length=32)
    irn = models.CharField("IRN", max_length=32)
    uploader_icegate_id = models.CharField(max_length=40)

    class Meta:
        ordering = ["table", "position"]
        constraints = [
            models.UniqueConstraint(fields=["table", "position"], name="dailytableline_position")
        ]
        indexes = [
            # The correction pass: ICs shown in force in a table, by certificate.
            models.Index(
                fields=["certificate"],
                condition=Q(state="in_force"),
                name="dailytableline_in_force_idx",
            ),
        ]

    def __str__(self):
        return f"{self.ic_number} in {self.table}"


class DailyCorrection(models.Model):
    """The mail telling a member that an IC they got in a table was cancelled or replaced.

    One per IC, ever (the unique certificate); `pending` until the mail pass queues it, which
    waits a little for a replacement's IRN so the mail can quote it (daily_corrections.py).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Mail being prepared")
        QUEUED = "queued", _("Mail queued")

    certificate = models.OneToOneField(
        "certificates.ImportCertificate", on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    line = models.ForeignKey(DailyTableLine, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=10, choices=LineState.choices)
    replacement = models.ForeignKey(
        "certificates.ImportCertificate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    email = models.ForeignKey(
        "notifications.Email", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(status="pending"),
                name="dailycorrection_pending_idx",
            ),
        ]

    def __str__(self):
        return f"Correction of {self.certificate_id} ({self.what})"
