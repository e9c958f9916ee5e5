"""Bulk jobs started from the workbench: one row per job, one row per item it works through.

Job statuses (the worker moves them; see services/advance.py):

    queued ──first item──▶ running ──last item──▶ done              (every item done)
                                               └─▶ done_with_errors  (one or more refused)

A job is leased by one worker at a time (`locked_by`, `locked_until`) like every other hand-off row;
each item is finished in its own transaction together with the domain service it calls, so a
worker killed mid-job leaves every item either done (with its result) or still waiting.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    ISSUE = "issue", _("Approve and issue")
    UPLOAD_BATCH = "upload_batch", _("Build upload batches")
    DAILY_TABLES = "daily_tables", _("Send the day's tables")


# An item in words (one, many, the progress as in "2 of 5 issued") and the heading of its column.
KIND_WORDS = {
    JobKind.ISSUE: (
        _("application"),
        _("applications"),
        _("%(done)s of %(total)s issued"),
        _("Application"),
    ),
    JobKind.UPLOAD_BATCH: (
        _("batch"),
        _("batches"),
        _("%(done)s of %(total)s built"),
        _("ICs"),
    ),
    JobKind.DAILY_TABLES: (
        _("table"),
        _("tables"),
        _("%(done)s of %(total)s sent"),
        _("Member"),
    ),
}


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    DONE_WITH_ERRORS = "done_with_errors", _("Done with errors")


DUE_JOB_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)
FINISHED_JOB_STATUSES = (JobStatus.DONE, JobStatus.DONE_WITH_ERRORS)


class ItemOutcome(models.TextChoices):
    PENDING = "pending", _("Waiting")
    OK = "ok", _("Done")
    REFUSED = "refused", _("Refused")


class BulkJob(models.Model):
    """One bulk action an officer started: approve-and-issue a selection, build batches, send tables."""

    kind = models.CharField(max_length=16, choices=JobKind.choices)
    # Empty for a head-office job that spans offices (only head office sees it).
    office = models.ForeignKey(
        "offices.Office", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    day = models.DateField(null=True, blank=True, help_text="The IST day of a daily-tables job")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    locked_by = models.CharField(max_length=100, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "id"]),
            models.Index(fields=["office", "-created_at"]),
        ]

    def __str__(self):
        return f"Bulk job {self.pk}: {self.get_kind_display()} ({self.total})"

    @property
    def processed(self) -> int:
        return self.done + self.failed

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_JOB_STATUSES

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else 100

    @property
    def noun(self) -> str:
        singular, plural, _progress, _label = KIND_WORDS[self.kind]
        return str(singular if self.total == 1 else plural)

    @property
    def item_label(self) -> str:
        return str(KIND_WORDS[self.kind][3])

    @property
    def progress_text(self) -> str:
        """ "2 of 5 issued", "3 of 3 issued, 1 refused" — what the progress bar says in words."""
        text = str(KIND_WORDS[self.kind][2]) % {"done": self.done, "total": self.total}
        if not self.failed:
            return text
        return str(_("%(progress)s, %(failed)s refused")) % {
            "progress": text,
            "failed": self.failed,
        }


class BulkJobItem(models.Model):
    """One thing a job does (one application, one batch, one member's table) and how it went."""

    job = models.ForeignKey(BulkJob, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    target_ref = models.CharField(max_length=200, help_text="Application reference, member, …")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The application's version when it was selected"
    )
    payload = models.JSONField(default=dict, blank=True)
    outcome = models.CharField(
        max_length=8, choices=ItemOutcome.choices, default=ItemOutcome.PENDING
    )
    message = models.TextField(blank=True)
    result_ref = models.CharField(max_length=100, blank=True, help_text="IC number, batch, …")
    link = models.CharField(max_length=300, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="workbench_item_position")
        ]
        indexes = [models.Index(fields=["job", "outcome", "position"])]

    def __str__(self):
        return f"{self.target_ref} ({self.outcome})"
