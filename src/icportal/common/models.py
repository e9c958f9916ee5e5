"""Base model mixins."""

from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """One row per worker process (`host:pid`): when it last finished a pass. /healthz reads it.

    Written at most every few seconds (settings.WORKER_HEARTBEAT_SECONDS), so an idle worker costs
    the database one small UPDATE now and then; rows of workers gone for a day are pruned.
    """

    worker_id = models.CharField(max_length=200, unique=True)
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.worker_id} @ {self.last_seen:%Y-%m-%d %H:%M:%S}"


class Counter(models.Model):
    """Per office, financial year and kind: the last number handed out. Locked when used
    (`icportal.common.counters`). Any app may number its records with it: IC, APP, EPC, CMP, PC…

    The table keeps its first name (`certificates_counter`): the model moved here from
    certificates without copying a row (migrations common 0002, certificates 0007)."""

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="+")
    financial_year = models.CharField(max_length=7)
    kind = models.CharField(max_length=4)  # IC, EPC, APP, CMP, PC
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "certificates_counter"
        constraints = [
            models.UniqueConstraint(fields=["office", "financial_year", "kind"], name="one_counter")
        ]

    def __str__(self):
        return f"{self.kind} {self.office_id} {self.financial_year}: {self.last_value}"
