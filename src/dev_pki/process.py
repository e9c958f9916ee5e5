"""Start a PKI server as its own process and wait until it answers: for the tests' fixture,
benchmarks and the production rehearsal (`make run` uses the `icportal dev_pki` command).

    running = start(directory)            # builds the PKI here (keys once), then serves it
    running.url, running.admin_key       # e.g. http://127.0.0.1:41234/
    running.stop()
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .keys import Pki, build
from .server import ADMIN_HEADER

SRC = Path(__file__).resolve().parents[1]


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class NotStarted(RuntimeError):
    pass


@dataclass
class Running:
    url: str
    admin_key: str
    pki: Pki
    proc: subprocess.Popen = field(repr=False)
    log: Path

    @property
    def directory(self) -> Path:
        return self.pki.directory

    @property
    def tsa_url(self) -> str:
        return self.url + "tsa"

    def admin(self, action: str, body: dict) -> dict:
        """POST /admin/<action> with the key; the answer's JSON (RuntimeError when refused)."""
        request = urllib.request.Request(  # noqa: S310 (our own loopback server)
            f"{self.url}admin/{action}",
            data=json.dumps(body).encode(),
            headers={ADMIN_HEADER: self.admin_key, "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
                return json.loads(answer.read())
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"dev PKI admin/{action}: {exc.code} {exc.read()!r}") from exc

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def health(url: str) -> dict | None:
    """The server's /healthz answer, None while nothing answers there."""
    try:
        with urllib.request.urlopen(url + "healthz", timeout=5) as answer:  # noqa: S310
            return json.loads(answer.read()) if answer.status == 200 else None
    except (OSError, urllib.error.URLError, ValueError):
        return None


def healthy(url: str) -> bool:
    return health(url) is not None


def start(
    directory: Path,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    admin_key: str | None = None,
    tsa_user: str = "",
    tsa_password: str = "",
    deadline: float = 120.0,
) -> Running:
    """Build (or load) the PKI in `directory` for http://host:port/, start `python -m dev_pki
    serve` on it (stopping with this process) and wait for /healthz (NotStarted after
    `deadline` seconds or if it exits; its log is directory/server.log). Without a `port`, a
    free one is taken, and another if someone else bound it first."""
    for attempt in range(3):
        try:
            return _start(
                Path(directory),
                host,
                port or free_port(host),
                admin_key=admin_key,
                tsa_user=tsa_user,
                tsa_password=tsa_password,
                deadline=deadline,
            )
        except NotStarted:
            if port or attempt == 2:
                raise
    raise AssertionError("unreachable")


def _start(directory, host, port, *, admin_key, tsa_user, tsa_password, deadline) -> Running:
    url = f"http://{host}:{port}/"
    pki = build(directory, url)  # keys made in this process; the server only loads them
    admin_key = secrets.token_urlsafe(16) if admin_key is None else admin_key
    env = {
        **os.environ,
        "DEV_PKI_ADMIN_KEY": admin_key,
        "DEV_PKI_TSA_USER": tsa_user,
        "DEV_PKI_TSA_PASSWORD": tsa_password,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
    }
    argv = [sys.executable, "-m", "dev_pki", "serve", "--dir", str(directory)]
    argv += ["--host", host, "--port", str(port), "--exit-with-parent"]
    log = directory / "server.log"
    with open(log, "ab") as out:
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    running = Running(url=url, admin_key=admin_key, pki=pki, proc=proc, log=log)
    end = time.monotonic() + deadline
    # Ours, not another server that got the port first: the same PKI generation, still running.
    while (health(url) or {}).get("generation") != pki.generation or proc.poll() is not None:
        if proc.poll() is not None or time.monotonic() > end:
            running.stop()
            raise NotStarted(f"the dev PKI server at {url} did not start:\n{log.read_text()}")
        time.sleep(0.05)
    return running
