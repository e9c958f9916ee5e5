"""One worker for every background job.

Each app's `tasks.py` registers functions with `@task(...)`. A task takes due rows with
`claim(...)`: rows are leased (`locked_by`, `locked_until`) in a short transaction using
`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, so several workers never take the same row and a
worker killed mid-job loses nothing: its lease runs out and another worker takes the row again.
The job itself must be idempotent (an idempotency key towards ICEGATE, a claimed outbox row
towards SMTP).
"""

from __future__ import annotations

import importlib
import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.db import close_old_connections, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Task:
    name: str
    run: Callable[[str], int]  # takes the worker id, returns how many rows it handled


TASKS: dict[str, Task] = {}


def task(name: str):
    def register(function: Callable[[str], int]):
        TASKS[name] = Task(name=name, run=function)
        return function

    return register


def autodiscover() -> dict[str, Task]:
    for config in apps.get_app_configs():
        if config.name.startswith("icportal."):
            try:
                importlib.import_module(f"{config.name}.tasks")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.tasks":
                    raise
    return TASKS


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(queryset: QuerySet, *, owner: str, limit: int, lease_seconds: int = 120) -> list:
    """Lease up to `limit` rows of `queryset` (which must have `locked_by` and `locked_until`)."""
    now = timezone.now()
    with transaction.atomic():
        free = queryset.filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        if connection.features.has_select_for_update_skip_locked:
            free = free.select_for_update(skip_locked=True)
        rows = list(free.order_by("pk")[:limit])
        if rows:
            queryset.model.objects.filter(pk__in=[r.pk for r in rows]).update(
                locked_by=owner, locked_until=now + timedelta(seconds=lease_seconds)
            )
            for row in rows:
                row.locked_by, row.locked_until = owner, now + timedelta(seconds=lease_seconds)
    return rows


def release(row, **changes) -> None:
    """Finish with a leased row: write its new state and give the lease back, only if still ours."""
    type(row).objects.filter(pk=row.pk, locked_by=row.locked_by).update(
        locked_by="", locked_until=None, **changes
    )


def run_once(owner: str | None = None, names: list[str] | None = None) -> int:
    owner = owner or worker_id()
    handled = 0
    for name, registered in autodiscover().items():
        if names and name not in names:
            continue
        close_old_connections()
        try:
            handled += registered.run(owner)
        except Exception:  # one broken task must not stop the others
            logger.exception("Task %s failed", name)
    return handled


class Heartbeat:
    """The worker's row in WorkerHeartbeat, written at most every `every` seconds (monotonic clock),
    so /healthz can tell a live worker from a stuck or dead one."""

    def __init__(self, owner: str, every: float | None = None):
        from django.conf import settings

        self.owner = owner
        self.every = settings.WORKER_HEARTBEAT_SECONDS if every is None else every
        self.started_at = timezone.now()
        self._last = float("-inf")

    def beat(self) -> bool:
        if time.monotonic() - self._last < self.every:
            return False
        from .models import WorkerHeartbeat

        now = timezone.now()
        try:
            WorkerHeartbeat.objects.update_or_create(
                worker_id=self.owner, defaults={"last_seen": now, "started_at": self.started_at}
            )
            # Each restart is a new pid: forget workers not seen for a day.
            WorkerHeartbeat.objects.filter(last_seen__lt=now - timedelta(days=1)).delete()
        except Exception:  # a database hiccup must not stop the jobs; /healthz shows the age
            logger.exception("Worker heartbeat not recorded")
            return False
        self._last = time.monotonic()
        return True


def run_forever(*, idle_sleep: float = 1.0, names: list[str] | None = None, stop=lambda: False):
    owner = worker_id()
    logger.info("Worker %s started with tasks: %s", owner, ", ".join(sorted(autodiscover())))
    heartbeat = Heartbeat(owner)
    while not stop():
        handled = run_once(owner, names)
        heartbeat.beat()
        if handled == 0:
            time.sleep(idle_sleep)
