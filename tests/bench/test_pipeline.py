"""bench/pipeline.py at a tiny size, on the embedded SQLite default with one worker: 20 ICs approved
through the bulk job are signed, uploaded to the sandbox and mailed over SMTP, each mail once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAST_LINE = re.compile(
    r"^pipeline: 20 ICs in [\d.]+ s, [\d,]+ ICs/min, p95 approval→mail [\d.]+ s, 1 workers$"
)

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs its own processes on SQLite: once per `make test` (the SQLite leg) is enough",
)


def test_twenty_ics_reach_the_member_by_mail_once_each_with_one_worker_on_sqlite():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    done = subprocess.run(
        [sys.executable, "bench/pipeline.py", "--sqlite", "--ics", "20", "--workers", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    assert LAST_LINE.match(lines[-1]), lines[-1]
    assert "  20 'IC uploaded' mails received over SMTP, 0 duplicates" in lines
    stages = [line for line in lines if re.match(r"^  (issue|sign|upload|record|mail): ", line)]
    assert len(stages) == 5, stages  # CPU per IC of each stage is reported
    for stage in stages:  # and measured: a stage at 0 lost its span (a function renamed)
        assert float(stage.split()[-2]) > 0, stage
