"""The worker: a slow task never holds up another, wakes by name reach the task that owns the work
(inline in a web process, its thread in a worker, every worker through NOTIFY on PostgreSQL)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import OperationalError, connection, transaction
from django.db.backends.signals import connection_created

from icportal.common import worker
from icportal.common.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db(transaction=True)

DEADLINE = 60  # seconds: generous, the machine is shared; the waits end as soon as it happens


def wait_for(condition, what: str):
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


class Recorder:
    def __init__(self):
        self.runs: list[float] = []

    def __call__(self, owner: str) -> int:
        self.runs.append(time.monotonic())
        return 0


@pytest.fixture
def registered(monkeypatch):
    """Test tasks in the registry, alone (the apps' own tasks are left out)."""
    monkeypatch.setattr(worker, "autodiscover", lambda: worker.TASKS)
    monkeypatch.setattr(worker, "TASKS", {})

    def add(name, run, **schedule):
        worker.task(name, **schedule)(run)
        return run

    return add


@pytest.fixture
def running():
    """The real worker loop in a thread; stopped at the end of the test."""
    stop = threading.Event()
    threads = []

    def start(idle_sleep=60.0):
        thread = threading.Thread(
            target=worker.run_forever, kwargs={"idle_sleep": idle_sleep, "stop": stop.is_set}
        )
        thread.start()
        threads.append(thread)
        wait_for(lambda: worker._scheduler is not None, "the worker to start")
        return worker._scheduler

    yield start
    stop.set()
    for thread in threads:
        thread.join()


def test_a_wake_runs_an_inline_task_here_after_commit_and_nothing_on_rollback(registered):
    inline, later = (
        registered("t.inline", Recorder(), inline=True),
        registered("t.later", Recorder()),
    )
    with transaction.atomic():
        worker.wake("t.inline")
        worker.wake("t.later")
        assert inline.runs == []  # not before the commit
    assert len(inline.runs) == 1
    assert later.runs == []  # not inline: left to the workers
    with pytest.raises(RuntimeError), transaction.atomic():
        worker.wake("t.inline")
        raise RuntimeError("rolled back")
    assert len(inline.runs) == 1


def test_a_slow_task_does_not_hold_up_a_woken_one(registered, running):
    release = threading.Event()
    slow_started = threading.Event()

    def slow(owner):
        slow_started.set()
        release.wait(DEADLINE)
        return 0

    registered("t.slow", slow, every=0)
    fast = registered("t.fast", Recorder(), every=3600)
    scheduler = running(idle_sleep=60.0)  # no tick comes round during the test
    wait_for(lambda: slow_started.is_set() and len(fast.runs) == 1, "the first runs")
    with transaction.atomic():
        worker.wake("t.fast")  # in a worker: its thread runs, not this one
    # At least once more: on PostgreSQL the NOTIFY of the same wake may run it a third time.
    wait_for(lambda: len(fast.runs) >= 2, "the woken task")
    assert not release.is_set()  # the slow task is still in its run
    assert "t.slow" in scheduler.stuck(0.0)
    release.set()


def heartbeat_written() -> bool:
    try:
        return WorkerHeartbeat.objects.exists()
    except OperationalError:  # SQLite's shared in-memory test database locks the table mid-write
        return False


def test_the_worker_beats_and_keeps_its_connections(registered, running):
    opened = []

    def count(**kwargs):
        opened.append(1)

    registered("t.query", lambda owner: WorkerHeartbeat.objects.count() * 0, every=0)
    connection_created.connect(count)
    try:
        running(idle_sleep=0.01)
        wait_for(heartbeat_written, "the heartbeat")
        time.sleep(0.5)  # many idle passes of t.query
        before = len(opened)
        time.sleep(0.5)
        assert len(opened) == before  # idle passes open no connection
    finally:
        connection_created.disconnect(count)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="LISTEN/NOTIFY is PostgreSQL's")
def test_a_wake_from_another_process_reaches_an_idle_worker_through_notify(registered, running):
    woken = registered("t.notify", Recorder(), every=3600)
    scheduler = running(idle_sleep=0.05)
    wait_for(lambda: len(woken.runs) == 1, "the first run")
    wait_for(lambda: any(t.name == "task listen" for t in scheduler.threads), "the listener")
    time.sleep(0.5)  # LISTEN issued
    # What a web process does: NOTIFY with its commit (this process is the worker here, so the
    # local path is taken away to see the notification do it).
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, %s)", [worker.CHANNEL, "t.notify"])
    wait_for(lambda: len(woken.runs) >= 2, "the notified run")
