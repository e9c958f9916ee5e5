"""`make rehearsal`: run icportal the way the council will, on this machine, and try to break it.

PostgreSQL 15 (throwaway cluster), production settings from an env file with the names of
deploy/icportal.env.example, collectstatic, migrate, gunicorn (the ExecStart of
deploy/icportal-web.service) behind nginx (deploy/nginx.conf) over TLS, two `icportal worker`s
(deploy/icportal-worker@.service), the ICEGATE sandbox as its own process with its own database,
and an SMTP server. Then the journey over HTTPS, with a gunicorn worker and an icportal worker
SIGKILLed mid-way, and the checks. Everything is cleaned up on exit, also on failure.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from mailbox import Maildir
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
DEPLOY = ROOT / "deploy"
sys.path.insert(0, str(Path(__file__).parent))

import journey  # noqa: E402

ICS = int(os.environ.get("REHEARSAL_ICS", "24"))
DEADLINE = float(os.environ.get("REHEARSAL_DEADLINE", "420"))  # seconds for any one wait
OFFICE_ID = "CLEINDIA1984"
SOURCE = {
    "member": "127.0.0.10",
    "staff": "127.0.0.11",
    "head": "127.0.0.12",
    "public": "127.0.0.13",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, condition, deadline: float = DEADLINE, every: float = 0.5, progress=None):
    """Poll `condition` until it returns something true; fail naming `what` (and `progress()`,
    what was reached) at the deadline."""
    end = time.monotonic() + deadline
    while True:
        try:
            result = condition()
        except journey.Failure:
            raise
        except Exception as exc:  # not up yet
            result, last = None, exc
        else:
            last = None
        if result:
            return result
        if time.monotonic() > end:
            reached = f"; reached: {progress()}" if progress else ""
            raise journey.Failure(
                f"timed out after {deadline:.0f} s waiting for {what}"
                + (f" ({last})" if last else "")
                + reached
            )
        time.sleep(every)


class Rehearsal:
    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="icportal-rehearsal."))
        self.tmp.chmod(0o755)  # PostgreSQL (user postgres) and nginx's workers read below it
        self.logs = self.tmp / "logs"
        self.logs.mkdir()
        self.procs: dict[str, subprocess.Popen] = {}
        self.pg_dir = self.tmp / "pg"
        self.pg_started = False
        self.notes: list[str] = []
        self.started = time.monotonic()

    # --- processes --------------------------------------------------------------------------
    def start(self, name: str, argv: list[str], env: dict) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(  # noqa: S603 (our own argv)
            argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT
        )
        self.procs[name] = proc
        return proc

    def run(self, argv: list[str], env: dict, name: str) -> str:
        done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
        (self.logs / f"{name}.log").write_text(done.stdout + done.stderr)
        if done.returncode != 0:
            raise journey.Failure(f"{name} failed:\n{done.stdout[-1500:]}{done.stderr[-3000:]}")
        return done.stdout

    def run_all(self, steps: dict[str, tuple[list[str], dict]]) -> None:
        """Independent operator steps at once (each is a Django start-up: seconds on a busy box)."""
        procs = {name: self.start(name, argv, env) for name, (argv, env) in steps.items()}
        failed = [name for name, proc in procs.items() if proc.wait() != 0]
        if failed:
            raise journey.Failure(f"{', '.join(failed)} failed (see its log below)")

    def stop_all(self):
        for proc in self.procs.values():  # the whole group: gunicorn's and nginx's workers too
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGTERM)
        end = time.monotonic() + 15
        for proc in self.procs.values():
            try:
                proc.wait(timeout=max(0.1, end - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if self.pg_started:
            subprocess.run(["bash", "scripts/pg.sh", "stop", str(self.pg_dir)], cwd=ROOT)  # noqa: S603, S607

    def cleanup(self, failed: bool):
        self.stop_all()
        if failed:
            for log in sorted(self.logs.glob("*.log")):
                tail = log.read_text(errors="replace").splitlines()[-15:]
                print(f"--- {log.name} (last lines)\n" + "\n".join(tail), file=sys.stderr)
        if os.environ.get("REHEARSAL_KEEP"):
            print(f"kept {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def say(self, text: str):
        print(f"[{time.monotonic() - self.started:6.1f}s] {text}", flush=True)

    # --- the machine ------------------------------------------------------------------------
    def postgres(self) -> tuple[str, str]:
        url = subprocess.run(  # noqa: S603
            ["bash", "scripts/pg.sh", "start", str(self.pg_dir)],  # noqa: S607
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        self.pg_started = True
        import psycopg

        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE icportal")
            conn.execute("CREATE DATABASE icegate_sandbox")
        return url, url.rsplit("/", 1)[0] + "/icegate_sandbox"

    def tls_certificate(self) -> tuple[Path, Path]:
        cert, key = self.tmp / "tls" / "cert.pem", self.tmp / "tls" / "key.pem"
        cert.parent.mkdir()
        self.run(
            [
                *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
                *("-subj", "/CN=icportal rehearsal", "-keyout", str(key), "-out", str(cert)),
                *("-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"),
            ],
            os.environ.copy(),
            "openssl",
        )
        return cert, key

    def env(self, **values: str) -> dict:
        """The env file's names only (deploy/icportal.env.example), as an operator writes it."""
        documented = set(
            re.findall(
                r"^#?\s*([A-Z][A-Z0-9_]+)=", (DEPLOY / "icportal.env.example").read_text(), re.M
            )
        )
        unknown = sorted(set(values) - documented)
        if unknown:
            raise journey.Failure(f"not in deploy/icportal.env.example: {', '.join(unknown)}")
        (self.tmp / "env").write_text("".join(f"{k}={shlex.quote(v)}\n" for k, v in values.items()))
        base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
        return {**base, "PATH": f"{BIN}:{os.environ['PATH']}", **values}

    def exec_start(self, unit: str) -> list[str]:
        line = re.search(r"^ExecStart=(.+)$", (DEPLOY / unit).read_text(), re.M).group(1)
        return [a.replace("/srv/icportal/.venv/bin/", f"{BIN}/") for a in shlex.split(line)]

    def nginx(self, https_port: int, http_port: int, web_port: int, cert: Path, key: Path):
        site = (DEPLOY / "nginx.conf").read_text()
        for old, new in (
            ("server 127.0.0.1:8000;", f"server 127.0.0.1:{web_port};"),
            ("listen 80;", f"listen 127.0.0.1:{http_port};"),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
            ("/etc/ssl/icportal/fullchain.pem", str(cert)),
            ("/etc/ssl/icportal/privkey.pem", str(key)),
        ):
            if old not in site:
                raise journey.Failure(f"deploy/nginx.conf no longer has {old!r}")
            site = site.replace(old, new)
        root = self.tmp / "nginx"
        for sub in ("", "client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (root / sub).mkdir(exist_ok=True)
            (root / sub).chmod(0o777)
        (root / "site.conf").write_text(site)
        temp = " ".join(f"{k}_temp_path {root / k};" for k in ("fastcgi", "uwsgi", "scgi"))
        (root / "nginx.conf").write_text(
            f"daemon off;\nworker_processes 2;\npid {root / 'nginx.pid'};\n"
            f"error_log {self.logs / 'nginx-error.log'};\nevents {{ worker_connections 256; }}\n"
            f"http {{\n  access_log {self.logs / 'nginx-access.log'};\n"
            f"  client_body_temp_path {root / 'client_body'};\n"
            f"  proxy_temp_path {root / 'proxy'};\n  {temp}\n  include site.conf;\n}}\n"
        )
        argv = ["/usr/sbin/nginx", "-p", str(root), "-e", str(self.logs / "nginx-error.log")]
        argv += ["-c", str(root / "nginx.conf")]
        self.run([*argv, "-t"], os.environ.copy(), "nginx-test")
        self.start("nginx", argv, os.environ.copy())

    def gunicorn_workers(self) -> list[int]:
        master = self.procs["gunicorn"].pid
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                children.append(int(stat.parent.name))
        return children

    def mails(self) -> list[str]:
        box = Maildir(self.tmp / "maildir", create=False)
        # Long subjects arrive folded over two lines: unfold (RFC 5322 2.2.3).
        return [re.sub(r"\r?\n(?=[ \t])", "", str(m["Subject"])) for m in box]


def main() -> int:
    rh = Rehearsal()
    failed = True
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda *_: sys.exit(130))
    try:
        from scenario import play

        play(rh)
        failed = False
    except journey.Failure as exc:
        print(f"\nREHEARSAL FAILED: {exc}", file=sys.stderr)
    finally:
        rh.cleanup(failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
