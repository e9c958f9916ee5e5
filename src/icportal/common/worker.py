"""One worker for every background job: tasks that declare their schedule, wakes by task name.

Each app's `tasks.py` registers functions with `@task(name, every=…)`. A task takes due rows with
`claim(...)`: rows are leased (`locked_by`, `locked_until`) in a short transaction using
`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, so several workers never take the same row and a
worker killed mid-job loses nothing: its lease runs out and another worker takes the row again.
The job itself must be idempotent (an idempotency key towards ICEGATE, a claimed outbox row
towards SMTP).

Scheduling (`run_forever`): every task runs in its own thread with its own database connection,
so a slow one (dashboard figures, daily tables) never holds up uploads or mail. A task runs again
at once while it finds work, otherwise after `every` seconds (0: at every idle tick of the worker,
`--idle-sleep`), or sooner when woken. An idle tick costs one query per task that is due; the
connections stay open (no reconnect per pass).

Waking (`wake(name)`): a stage that leaves work for the next one calls `wake("documents.produce")`
inside its transaction. Once it commits:
- in a worker process that runs the task, the task's thread is made due (a bulk job approving
  thousands of ICs does not render, upload and mail each one in turn: the stages run in batches,
  in parallel);
- on PostgreSQL every worker listening (`LISTEN icportal_worker`) is told by `NOTIFY` (sent with
  the commit, dropped with a rollback), so an idle worker reacts within milliseconds;
- in any other process (a web request, a command, a test) a task declared `inline=True` runs
  there, once, right after the commit: a single IC approved by an officer is signed before the
  page reloads, as before (`WORKER_WAKE_INLINE = False` leaves it to the workers).
The sweeps (each task's own query, run at least every `every` seconds) find anything a wake missed.
"""

from __future__ import annotations

import contextvars
import importlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

CHANNEL = "icportal_worker"  # PostgreSQL NOTIFY channel; the payload is the task name


@dataclass(frozen=True)
class Task:
    name: str
    run: Callable[[str], int]  # takes the worker id, returns how many rows it handled
    every: float = 0.0  # seconds between looks while idle; 0 = every idle tick of the worker
    inline: bool = False  # a wake outside a worker runs it in the waking process (see above)


TASKS: dict[str, Task] = {}


def task(name: str, *, every: float = 0.0, inline: bool = False):
    def register(function: Callable[[str], int]):
        TASKS[name] = Task(name=name, run=function, every=every, inline=inline)
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
    free = queryset.filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
    if not free.exists():  # the idle case: one read, no write transaction (a lock on SQLite)
        return []
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            free = free.select_for_update(skip_locked=True, of=("self",))
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


# --- Waking a task by name ---------------------------------------------------------------------

_scheduler: Scheduler | None = None  # set while this process runs the worker loop
_inline = contextvars.ContextVar("worker_inline", default=False)


def batch_size(size: int) -> int:
    """How many rows a task takes this run: `size`, or one when run inline by a wake (a web
    request signs one IC, not a backlog the workers are on)."""
    return 1 if _inline.get() else size


def wake(name: str) -> None:
    """Get task `name` going once the current transaction commits (nothing if it rolls back)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # NOTIFY is delivered at commit, dropped on rollback
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, name])
    transaction.on_commit(lambda: _woken(name))


def _woken(name: str) -> None:
    scheduler = _scheduler
    if scheduler is not None:  # a worker: its thread (or, on PostgreSQL, another worker) runs it
        scheduler.due(name)
        return
    registered = autodiscover().get(name)
    if registered is None:
        logger.error("Woke unknown task %s", name)
    elif registered.inline and settings.WORKER_WAKE_INLINE:
        token = _inline.set(True)
        try:
            _run(registered, worker_id())
        finally:
            _inline.reset(token)


def _run(registered: Task, owner: str) -> int:
    try:
        return registered.run(owner)
    except Exception:  # one broken task must not stop the others (nor the waking request)
        logger.exception("Task %s failed", registered.name)
        return 0


def run_once(owner: str | None = None, names: list[str] | None = None) -> int:
    """Every task once, in this thread (`icportal worker --once`, tests, benchmarks)."""
    owner = owner or worker_id()
    return sum(
        _run(registered, owner)
        for name, registered in autodiscover().items()
        if not names or name in names
    )


# --- The worker loop ---------------------------------------------------------------------------


class Scheduler:
    """One thread per task; each runs its task when due, woken early by `due(name)`."""

    def __init__(self, tasks: list[Task], *, owner: str, tick: float):
        self.owner, self.tick = owner, tick
        self.tasks = {t.name: t for t in tasks}
        self.events = {name: threading.Event() for name in self.tasks}
        self.running_since: dict[str, float | None] = dict.fromkeys(self.tasks)
        self.passes = 0  # task runs that found nothing (for the idle-cost figures)
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []

    def due(self, name: str) -> bool:
        event = self.events.get(name)
        if event is None:
            return False
        event.set()
        return True

    def start(self) -> None:
        for name in self.tasks:
            self._spawn(self._loop, name)
        if connection.vendor == "postgresql":
            self._spawn(self._listen, "listen")

    def _spawn(self, target, name: str) -> None:
        thread = threading.Thread(target=target, args=(name,), name=f"task {name}", daemon=True)
        thread.start()
        self.threads.append(thread)

    def _loop(self, name: str) -> None:
        registered, event = self.tasks[name], self.events[name]
        pause = max(registered.every, self.tick)
        try:
            while True:  # the first run happens even if stopping: a pass is a pass
                event.clear()
                self.running_since[name] = time.monotonic()
                handled = self._run_keeping_connection(registered)
                self.running_since[name] = None
                if self.stopping.is_set():
                    return
                if not handled:
                    self.passes += 1
                    event.wait(pause)
        finally:
            connection.close()  # this thread's own connection

    def _run_keeping_connection(self, registered: Task) -> int:
        try:
            return registered.run(self.owner)
        except Exception:
            logger.exception("Task %s failed", registered.name)
            # A lost connection (database restarted) is opened again on the next run; a healthy
            # one is kept: opening one per pass was most of an idle pass's cost.
            connection.close_if_unusable_or_obsolete()
            return 0

    def _listen(self, _name: str) -> None:
        """PostgreSQL: LISTEN on the channel and make each named task due as its NOTIFY arrives."""
        while not self.stopping.is_set():
            try:
                connection.ensure_connection()
                raw = connection.connection  # autocommit, as Django keeps it
                raw.execute(f"LISTEN {CHANNEL}")
                while not self.stopping.is_set():
                    # At most a second: `stop()` is seen promptly (a NOTIFY ends the wait at once).
                    for notify in raw.notifies(timeout=min(max(self.tick, 0.1), 1.0)):
                        self.due(notify.payload)
            except Exception:  # the database went away: listen again once it is back
                logger.warning("Worker lost its LISTEN connection; trying again", exc_info=True)
                connection.close()
                self.stopping.wait(max(self.tick, 1.0))
        connection.close()

    def stuck(self, limit: float) -> list[str]:
        now = time.monotonic()
        return [n for n, since in self.running_since.items() if since and now - since > limit]

    def stop(self) -> None:
        self.stopping.set()
        for event in self.events.values():
            event.set()
        for thread in self.threads:
            thread.join()


class Heartbeat:
    """The worker's row in WorkerHeartbeat, written at most every `every` seconds (monotonic clock),
    so /healthz can tell a live worker from a stuck or dead one."""

    def __init__(self, owner: str, every: float | None = None):
        self.owner = owner
        self.every = settings.WORKER_HEARTBEAT_SECONDS if every is None else every
        self.started_at = timezone.now()
        self._last = float("-inf")

    def beat(self) -> bool:
        if time.monotonic() - self._last < self.every:
            return False
        now = timezone.now()
        try:
            WorkerHeartbeat.objects.update_or_create(
                worker_id=self.owner, defaults={"last_seen": now, "started_at": self.started_at}
            )
            # Each restart is a new pid: forget workers not seen for a day.
            WorkerHeartbeat.objects.filter(last_seen__lt=now - timedelta(days=1)).delete()
        except Exception:  # a database hiccup must not stop the jobs; /healthz shows the age
            logger.exception("Worker heartbeat not recorded")
            connection.close()
            return False
        self._last = time.monotonic()
        return True


def run_forever(*, idle_sleep: float = 1.0, names: list[str] | None = None, stop=lambda: False):
    """The worker: every task in its own thread until `stop()`; the heartbeat in this thread,
    withheld while a task has been stuck in one run for longer than /healthz allows."""
    global _scheduler
    owner = worker_id()
    tasks = [t for n, t in sorted(autodiscover().items()) if not names or n in names]
    logger.info("Worker %s started with tasks: %s", owner, ", ".join(t.name for t in tasks))
    scheduler = Scheduler(tasks, owner=owner, tick=idle_sleep)
    heartbeat = Heartbeat(owner)
    _scheduler = scheduler
    scheduler.start()
    try:
        while not stop():
            if not scheduler.stuck(settings.HEALTHZ_WORKER_MAX_AGE):
                heartbeat.beat()
            # `stop` is a callable, polled: at most a second between looks (a beat is throttled).
            scheduler.stopping.wait(min(max(idle_sleep, 0.05), 1.0))
    finally:
        scheduler.stop()
        _scheduler = None
        heartbeat.beat()  # the last pass counts (a cron-like `stop` after one pass)
        connection.close()
