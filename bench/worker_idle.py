"""What an idle worker costs: CPU milliseconds and new database connections per pass.

    .venv/bin/python bench/worker_idle.py [--seconds 20] [--tick 0.05] [--mode forever|once]

A temporary SQLite file (WAL, the embedded default settings) with the migrations applied and no
work anywhere, or PostgreSQL with DATABASE_URL set (the database must be empty of work too).
`--mode forever` runs the real worker loop (`run_forever`, every task in its own thread) with a
short tick, so many idle passes fit in a few seconds; a pass is one tick (each task declared
every=0 looks once; the others when their `every` comes round). `--mode once` calls `run_once()`
back to back (every task once per pass), the loop of the worker before issue 14.
CPU is the process's (all threads) from `time.process_time()`; connections are counted by
Django's `connection_created` signal.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
if not os.environ.get("DATABASE_URL"):
    TMP = Path(tempfile.mkdtemp(prefix="icportal-bench-idle-"))
    os.environ["ICPORTAL_VAR_DIR"] = str(TMP)
    os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'idle.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icportal.config.settings.base")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402

from icportal.common import worker  # noqa: E402

opened = []
connection_created.connect(lambda sender, connection, **kw: opened.append(1), weak=False)


def warm() -> None:
    """Imports, first queries, and the work an empty database still has: the dashboard's kept
    figures (computed again only after 200 s), the hourly sweeps."""
    while worker.run_once("bench"):
        pass


def measure_once(seconds: float, tick: float) -> tuple[int, float, int]:
    warm()
    passes, cpu0, conns0 = 0, time.process_time(), len(opened)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        worker.run_once("bench")
        passes += 1
        time.sleep(tick)
    return passes, time.process_time() - cpu0, len(opened) - conns0


def measure_forever(seconds: float, tick: float) -> tuple[int, float, int]:
    warm()
    stop = threading.Event()
    thread = threading.Thread(
        target=worker.run_forever, kwargs={"idle_sleep": tick, "stop": stop.is_set}
    )
    thread.start()
    time.sleep(max(2.0, tick * 3))  # every thread past its first run (its connection opened)
    cpu0, conns0 = time.process_time(), len(opened)
    time.sleep(seconds)
    cpu, conns = time.process_time() - cpu0, len(opened) - conns0
    stop.set()
    thread.join()
    return int(seconds / tick), cpu, conns


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--tick", type=float, default=0.05)
    parser.add_argument("--mode", choices=["forever", "once"], default="forever")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    connection.close()
    measure = measure_forever if args.mode == "forever" else measure_once
    passes, cpu, conns = measure(args.seconds, args.tick)
    print(
        f"worker idle ({args.mode}, {connection.vendor}): {passes} passes in {args.seconds:.0f} s, "
        f"{cpu / passes * 1000:.2f} ms CPU a pass, {conns / passes:.2f} new connections a pass"
    )


if __name__ == "__main__":
    main()
