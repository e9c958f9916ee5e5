"""Small helpers of the PKI directory: times, serials, JSON files replaced whole under a lock."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
from pathlib import Path


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def normalise_url(base_url: str) -> str:
    return base_url if base_url.endswith("/") else base_url + "/"


def serial_hex(serial: int) -> str:
    return format(serial, "x")


def parse_serial(value: int | str) -> int:
    """A serial as an int, from an int or hex text ('0x1f', '1F', '1f:2a' all accepted)."""
    if isinstance(value, int):
        return value
    text = value.strip().lower().replace(":", "")
    return int(text.removeprefix("0x"), 16)


@contextlib.contextmanager
def locked(directory: Path, name: str = ".lock"):
    """An exclusive lock across processes (not re-entrant: take it once per operation)."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / name, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return {}


def write_json(path: Path, data: dict) -> None:
    """Whole-file replace, so a reader in another process never sees half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True))
    os.replace(tmp, path)
