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
