"""bench/documents.py at a tiny N: it starts its own development PKI, signs B-LT on both sides and
prints the figures and its last line in the documented form (the speed itself is not asserted)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAST_LINE = re.compile(
    r"^documents: 1 line [\d.]+×, 20 lines [\d.]+×, 200 lines [\d.]+× "
    r"\(B-LT both sides, interleaved\)$"
)

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs in its own process on its own SQLite file: once per `make test` is enough",
)


def test_the_documents_bench_runs_both_sides_at_b_lt_and_reports_each_stage():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    done = subprocess.run(
        [sys.executable, "bench/documents.py", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    assert LAST_LINE.match(lines[-1]), lines[-1]
    header = next(
        line for line in lines if line.lstrip().startswith("lines |") and "render" in line
    )
    for stage in ("render", "sign", "timestamp", "validation data", "store"):
        assert stage in header
    rows = [line for line in lines if re.match(r"^\s+(1|20|200) \| ", line)]
    assert len(rows) == 6, rows  # three sizes in the comparison, three in the stage table
