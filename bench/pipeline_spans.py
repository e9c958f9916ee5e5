"""CPU per pipeline stage inside one process, for bench/pipeline.py.

`instrument()` wraps the function that does each stage's work (wherever a module holds a reference
to it, so `from x import f` sites are covered too) with a span that adds the calling thread's CPU
time (`time.thread_time`, right also when tasks run in threads) to the stage, minus the CPU of
spans nested inside it: the SMTP send that runs on commit inside `irn_record` counts as "mail",
not as "record". Each worker task's CPU (inclusive) is added up the same way.

`python bench/pipeline_spans.py` is the `icportal worker` the bench starts: the same command,
with the spans on, writing its figures as JSON to $PIPELINE_STATS when it gets SIGTERM; on
SIGUSR1 it writes them to $PIPELINE_STATS.before (the bench subtracts those). With
$PIPELINE_PROFILE set it also runs under cProfile and writes the pstats file there.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import json
import os
import signal
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

# Stage -> the functions doing its work ("module:attribute"); a name not found (moved by a
# later change) is listed as missing in the report instead of failing the run.
STAGES = {
    "issue": ["icportal.certificates.services.issue:certificate_issue"],
    "intake": [  # each stage pulling its rows: documents for issued ICs, uploads for signed ones
        "icportal.documents.services:documents_intake",
        "icportal.esanchit.services:uploads_queue",
    ],
    "sign": ["icportal.documents.services:_produce"],
    "upload": ["icportal.esanchit.gateway:upload"],
    "record": [  # one request's answers together; one by one for a manual IC (or a fallback)
        "icportal.esanchit.services:uploads_answer",
        "icportal.esanchit.services:irn_record",
    ],
    "mail": ["icportal.notifications.services.outbox:_send"],
}

_lock = threading.Lock()
_local = threading.local()
spans: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])  # name -> [cpu seconds, calls]
queries: dict[str, int] = defaultdict(int)  # stage (innermost span) -> SQL statements sent
tasks: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
idle: set[str] = set()  # tasks that have had a run finding nothing (start-up work done)
missing: list[str] = []


def _measured(name: str, function, into: dict, nested: bool):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        stack = _local.__dict__.setdefault("stack", [])
        names = _local.__dict__.setdefault("names", [])
        start = time.thread_time()
        stack.append(0.0)
        names.append(name if nested else names[-1] if names else "")
        try:
            return function(*args, **kwargs)
        finally:
            elapsed = time.thread_time() - start
            children = stack.pop()
            names.pop()
            with _lock:
                into[name][0] += elapsed - children if nested else elapsed
                into[name][1] += 1
            if nested and stack:
                stack[-1] += elapsed

    return wrapper


_profiles: list = []  # with $PIPELINE_PROFILE: one cProfile per task thread (task runs only)


def _profiled(run):
    """Each task thread's runs under its own profiler (cProfile follows only the thread that
    enabled it): written out, merged, at SIGTERM."""

    @functools.wraps(run)
    def wrapper(owner):
        profiler = _local.__dict__.get("profiler")
        if profiler is None:
            import cProfile

            profiler = _local.profiler = cProfile.Profile(time.thread_time)
            with _lock:
                _profiles.append(profiler)
        profiler.enable()
        try:
            return run(owner)
        finally:
            profiler.disable()

    return wrapper


def _noting_idle(name: str, run):
    if os.environ.get("PIPELINE_PROFILE"):
        run = _profiled(run)

    @functools.wraps(run)
    def wrapper(owner):
        handled = run(owner)
        if not handled:
            with _lock:
                idle.add(name)
        return handled

    return wrapper


def _replace_everywhere(original, wrapped) -> None:
    for module in list(sys.modules.values()):
        namespace = getattr(module, "__dict__", None)
        if not isinstance(namespace, dict):
            continue
        for key, value in list(namespace.items()):
            if value is original:
                namespace[key] = wrapped


def _count_queries() -> None:
    from django.db.backends.utils import CursorWrapper

    original = CursorWrapper._execute_with_wrappers

    def counted(self, *args, **kwargs):
        names = _local.__dict__.get("names")
        with _lock:
            queries[(names[-1] if names else "") or "outside"] += 1
        return original(self, *args, **kwargs)

    CursorWrapper._execute_with_wrappers = counted


def instrument() -> None:
    from icportal.common import worker

    _count_queries()
    worker.autodiscover()  # imports every app's tasks (and with them the services)
    for stage, paths in STAGES.items():
        for path in paths:
            module_name, attribute = path.split(":")
            try:
                original = getattr(importlib.import_module(module_name), attribute)
            except (ImportError, AttributeError):
                missing.append(path)
                continue
            _replace_everywhere(original, _measured(stage, original, spans, nested=True))
    for name, registered in list(worker.TASKS.items()):
        run = _noting_idle(name, _measured(name, registered.run, tasks, nested=False))
        try:
            worker.TASKS[name] = dataclasses.replace(registered, run=run)
        except TypeError:  # not a dataclass any more: leave this task unmeasured
            missing.append(f"task {name}")


def since(now: dict, before: dict) -> dict:
    """The figures of `now` less those of `before` (the same process, earlier)."""
    out = dict(now)
    for key in ("spans", "tasks"):
        out[key] = {
            name: [v[0] - before[key].get(name, [0, 0])[0], v[1] - before[key].get(name, [0, 0])[1]]
            for name, v in now[key].items()
        }
    out["queries"] = {k: v - before["queries"].get(k, 0) for k, v in now["queries"].items()}
    return out


def figures() -> dict:
    with _lock:
        return {
            "pid": os.getpid(),
            "cpu": time.process_time(),
            "spans": {k: list(v) for k, v in spans.items()},
            "tasks": {k: list(v) for k, v in tasks.items()},
            "queries": dict(queries),
            "missing": list(missing),
            "busy": sorted(set(worker_tasks()) - idle),  # still on their start-up work
        }


def worker_tasks() -> list[str]:
    from icportal.common import worker

    return list(worker.TASKS)


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    sys.path[:0] = [str(root / "src")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icportal.config.settings.base")
    import django

    django.setup()
    from django.core.management import call_command

    instrument()
    profiler = None
    if os.environ.get("PIPELINE_PROFILE"):
        import cProfile

        profiler = cProfile.Profile(time.thread_time)  # CPU, not time spent waiting
        profiler.enable()

    def stop(*_):
        if profiler is not None:
            import pstats

            profiler.disable()
            merged = pstats.Stats(profiler)
            for each in list(_profiles):
                each.create_stats()
                merged.add(each)
            merged.dump_stats(os.environ["PIPELINE_PROFILE"])
        Path(os.environ["PIPELINE_STATS"]).write_text(json.dumps(figures()))
        os._exit(0)  # threads of the worker need not finish: the bench is done with them

    def snapshot(*_):  # the bench's "before": figures of start-up and idle passes to subtract
        path = Path(os.environ["PIPELINE_STATS"] + ".before")
        path.with_suffix(".tmp").write_text(json.dumps(figures()))
        path.with_suffix(".tmp").rename(path)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGUSR1, snapshot)
    call_command("worker")


if __name__ == "__main__":
    main()
