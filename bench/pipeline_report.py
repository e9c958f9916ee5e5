"""bench/pipeline.py's measuring side: process CPU from /proc, the SMTP inbox, and the report."""

from __future__ import annotations

import email
import os
import re
import statistics
import threading
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
IC_NUMBER = re.compile(r"IC (\S+) on e-SANCHIT")
STAGE_LABELS = {
    "issue": "issue: certificate_issue (number, debit, audit)",
    "intake": "intake: documents and uploads pull their rows",
    "sign": "sign: render, sign, check and store the PDF",
    "upload": "upload: ICEGATE client (files read, request)",
    "record": "record: IRN/DRN saved, mail queued",
    "mail": "mail: the SMTP conversation",
}


def cpu_seconds(pid: int, children: bool = False) -> float:
    """utime + stime of a live process (and of its reaped children), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / TICK


def postgres_cpu(data_dir: Path | None) -> float:
    """The cluster's postmaster, its reaped children and its live backends."""
    if data_dir is None:
        return 0.0
    try:
        master = int((data_dir / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0
    total = cpu_seconds(master, children=True)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                total += cpu_seconds(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return total


class Inbox:
    """The SMTP server's handler: when each "IC uploaded" mail arrived, by IC number."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received: dict[str, list[float]] = {}

    async def handle_DATA(self, server, session, envelope):
        at = time.time()
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        subject = re.sub(r"\r?\n[ \t]", " ", str(message.get("Subject", "")))
        found = IC_NUMBER.search(subject)
        if found:
            with self.lock:
                self.received.setdefault(found.group(1), []).append(at)
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.received)

    def first_times(self) -> dict[str, float]:
        with self.lock:
            return {number: min(times) for number, times in self.received.items()}

    def duplicates(self) -> int:
        with self.lock:
            return sum(len(times) - 1 for times in self.received.values())

    def clear(self) -> None:
        with self.lock:
            self.received.clear()


def cpu_of(machine, bench_cpu: float, pg_data: Path | None) -> dict[str, float]:
    """CPU seconds so far of every live process of the run, the bench and PostgreSQL."""
    cpu = {n: cpu_seconds(p.pid) for n, p in machine.procs.items() if p.poll() is None}
    cpu["bench"] = bench_cpu
    cpu["postgres"] = postgres_cpu(pg_data)
    return cpu


def pct(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(sorted(values), n=100, method="inclusive")[q - 1]


def _spread(label: str, values: list[float]) -> str:
    return (
        f"  {label:<34} p50 {pct(values, 50):6.2f} s   p95 {pct(values, 95):6.2f} s   "
        f"max {max(values, default=float('nan')):6.2f} s"
    )


def show(*, n, workers, what, t0, mails, duplicates, timeline, cpu, stats) -> str:
    """Print the report; return its last line."""
    numbers = [number for number in mails if number in timeline]
    latency = [mails[k] - timeline[k]["issued"] for k in numbers]
    span = max(mails.values()) - t0 if mails else float("nan")
    rate = n / span * 60 if span else float("nan")
    cores = os.cpu_count()
    print(f"\nPipeline: {n} ICs, {workers} worker(s), {what}, {cores} cores")
    print(f"  {len(numbers)} 'IC uploaded' mails received over SMTP, {duplicates} duplicates")
    print("Latency (from the IC's issued_at):")
    print(_spread("approval → mail received", latency))
    for label, a, b in (
        ("approval → signed", "issued", "signed"),
        ("signed → uploaded (IRN/DRN)", "signed", "uploaded"),
    ):
        print(_spread(label, [t[b] - t[a] for t in timeline.values() if a in t and b in t]))
    print(
        _spread(
            "uploaded → mail received",
            [mails[k] - timeline[k]["uploaded"] for k in numbers if "uploaded" in timeline[k]],
        )
    )
    before, after = cpu
    used = {k: after[k] - before.get(k, 0.0) for k in after}
    spans: dict[str, float] = {}
    tasks: dict[str, float] = {}
    worker_spans = 0.0
    for figures in stats:
        own = sum(v[0] for v in figures["spans"].values())
        if figures["pid"] != os.getpid():
            worker_spans += own
        for name, (seconds, _calls) in figures["spans"].items():
            spans[name] = spans.get(name, 0.0) + seconds
        for name, (seconds, _calls) in figures["tasks"].items():
            tasks[name] = tasks.get(name, 0.0) + seconds
    queries: dict[str, int] = {}
    for figures in stats:
        for name, count in figures["queries"].items():
            if name != "outside" or figures["pid"] != os.getpid():  # not the bench's polls
                queries[name] = queries.get(name, 0) + count
    missing = sorted({m for figures in stats for m in figures["missing"]})
    worker_cpu = sum(v for k, v in used.items() if k.startswith("worker-"))
    per = 1000 / n
    print(f"{'CPU ms per IC (spans in the workers and this process)':<54} {'ms':>8} {'SQL':>6}")
    for stage, label in STAGE_LABELS.items():
        sql = queries.get(stage, 0) / n
        print(f"  {label:<52} {spans.get(stage, 0.0) * per:8.1f} {sql:6.1f}")
    other = worker_cpu * 1000 / n - worker_spans * per
    outside = queries.get("outside", 0) / n
    print(f"  {'workers, outside those (claims, bulk job, polls)':<52} {other:8.1f} {outside:6.1f}")
    print(f"  {'= worker processes in all':<52} {worker_cpu * 1000 / n:8.1f}")
    rows = [
        ("ICEGATE sandbox process", used.get("sandbox", 0.0)),
        ("PostgreSQL (postmaster and backends)", used.get("postgres", 0.0)),
        ("bench process (approvals, polls, SMTP server; web)", used.get("bench", 0.0)),
    ]
    for label, seconds in rows:
        print(f"  {label:<52} {seconds * 1000 / n:8.1f}")
    total = worker_cpu + sum(seconds for _, seconds in rows)
    print(f"  {'total':<52} {total * 1000 / n:8.1f}")
    if total:
        print(
            f"  (at 100 % of {cores} cores that is {cores * 60 * n / total:,.0f} ICs/min at most)"
        )
    if tasks:
        shown = ", ".join(f"{k} {v * per:.1f}" for k, v in sorted(tasks.items()) if v)
        print(f"Worker tasks, CPU ms per IC (inclusive): {shown}")
    if missing:
        print(f"Not measured (moved or renamed): {', '.join(missing)}")
    line = (
        f"pipeline: {n} ICs in {span:.1f} s, {rate:,.0f} ICs/min, "
        f"p95 approval→mail {pct(latency, 95):.2f} s, {workers} workers"
    )
    print(line, flush=True)
    return line
