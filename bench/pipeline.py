"""The IC pipeline end to end: approval to the member's "IC uploaded" mail, with real processes.

    .venv/bin/python bench/pipeline.py --ics 1000 [--workers 2]     bulk approval of N ICs
    .venv/bin/python bench/pipeline.py --one-at-a-time 50           one IC at a time (web-like)
    options: --sqlite (embedded SQLite, 1 worker), --profile DIR (cProfile of each worker)

Without DATABASE_URL a throwaway PostgreSQL cluster is started (scripts/pg.sh, as `make test`
does) and stopped at the end; with a PostgreSQL DATABASE_URL two fresh databases are made on that
server and dropped. It migrates, sets up an office with a signing identity, a member with a big
EPC and N submitted applications, then runs the ICEGATE sandbox (`icportal sandbox`, own database),
an SMTP server (aiosmtpd, in this process) and W `icportal worker` processes (bench/pipeline_spans.py:
the same command with CPU spans per stage). The office approves the N applications through the
workbench's bulk job; the bench waits until every IC is signed, uploaded (IRN/DRN) and its mail
received over SMTP. It prints ICs per minute, CPU ms per IC for each stage and process, the
latencies from approval (the IC's issued_at) to the mail's SMTP receipt, and last:

    pipeline: N ICs in S s, R ICs/min, p95 approval→mail P s, W workers
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
BIN = ROOT / ".venv" / "bin"

from bench import pipeline_report as report  # noqa: E402

SANDBOX_PASSWORD = "Pipeline-Bench-2026!"  # the office's ICEGATE password in the sandbox


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def say(text: str) -> None:
    print(text, flush=True)


def wait_for(what: str, condition, deadline: float, every: float = 0.5, progress=None):
    """Poll `condition` until it returns something true; fail naming `what` at the deadline."""
    end = time.monotonic() + deadline
    last_report = time.monotonic()
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > end:
            reached = f" (reached: {progress()})" if progress else ""
            raise SystemExit(f"timed out after {deadline:.0f} s waiting for {what}{reached}")
        if progress and time.monotonic() - last_report > 15:
            say(f"  … {progress()}")
            last_report = time.monotonic()
        time.sleep(every)


class Machine:
    """The databases and processes of one run; `close()` stops and removes everything."""

    def __init__(self, args):
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="icportal-pipeline."))
        self.tmp.chmod(0o755)  # PostgreSQL runs as its own user below it
        self.logs = self.tmp / "logs"
        self.logs.mkdir()
        self.procs: dict[str, subprocess.Popen] = {}
        self.pg_dir: Path | None = None
        self.drop: list[str] = []  # databases made on a given server, dropped at the end
        self.admin_url = ""

    def databases(self) -> tuple[str, str, str]:
        """(icportal URL, sandbox URL, what it is)."""
        given = os.environ.get("DATABASE_URL", "")
        if self.args.sqlite:
            return (
                f"sqlite:///{self.tmp / 'icportal.sqlite3'}",
                f"sqlite:///{self.tmp / 'sandbox.sqlite3'}",
                "SQLite (embedded, WAL)",
            )
        if given:
            base, what = given.rsplit("/", 1)[0], "PostgreSQL (DATABASE_URL's server)"
            names = [f"pipeline_{os.getpid()}", f"pipeline_{os.getpid()}_sandbox"]
        else:
            self.pg_dir = self.tmp / "pg"
            url = subprocess.run(
                ["bash", "scripts/pg.sh", "start", str(self.pg_dir)],
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            base, what = url.rsplit("/", 1)[0], "PostgreSQL (throwaway cluster, scripts/pg.sh)"
            names = ["icportal", "icegate_sandbox"]
        import psycopg

        self.admin_url = base + "/postgres"
        self.drop = names if given else []
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            for name in names:
                conn.execute(f'CREATE DATABASE "{name}"')
        with psycopg.connect(self.admin_url) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0].split()[0]
        return f"{base}/{names[0]}", f"{base}/{names[1]}", f"{what}, version {version}"

    def start(self, name: str, argv: list[str], env: dict) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(
            argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT
        )
        self.procs[name] = proc
        return proc

    def run_all(self, steps: dict[str, tuple[list[str], dict]]) -> None:
        procs = {name: self.start(name, argv, env) for name, (argv, env) in steps.items()}
        failed = [name for name, proc in procs.items() if proc.wait() != 0]
        if failed:
            self.tail(failed)
            raise SystemExit(f"{', '.join(failed)} failed")

    def tail(self, names) -> None:
        for name in names:
            lines = (self.logs / f"{name}.log").read_text(errors="replace").splitlines()[-20:]
            print(f"--- {name}.log (last lines)\n" + "\n".join(lines), file=sys.stderr)

    def stop(self, name: str, sig=signal.SIGTERM) -> None:
        proc = self.procs[name]
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def close(self, failed: bool) -> None:
        for name, proc in list(self.procs.items()):
            if proc.poll() is None:
                self.stop(name)
        if failed:
            self.tail(sorted(p.stem for p in self.logs.glob("*.log")))
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if self.drop:
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                for name in self.drop:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if self.pg_dir is not None:
            subprocess.run(["bash", "scripts/pg.sh", "stop", str(self.pg_dir)], cwd=ROOT)
        if self.args.keep:
            say(f"kept {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


def environment(machine: Machine, db_url: str, smtp_port: int, sandbox_port: int, pki_url=""):
    """Development settings without DEBUG (no query log in a long-running worker), SMTP and ICEGATE
    as in production: real servers on loopback, the office's password in ICEGATE_CREDENTIALS."""
    seed = importlib.import_module("icportal.offices.migrations.0002_seed_council_offices")
    credentials = {office[3]: secrets.token_urlsafe(12) for office in seed.OFFICES}
    chennai = next(office[3] for office in seed.OFFICES if office[0] == "CHN")
    credentials[chennai] = SANDBOX_PASSWORD  # the bench's office; the others only pass the check
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return {
        **base,
        "PATH": f"{BIN}:{os.environ['PATH']}",
        "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}",
        "DJANGO_SETTINGS_MODULE": "icportal.config.settings.base",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DATABASE_URL": db_url,
        "ICPORTAL_VAR_DIR": str(machine.tmp / "var"),
        "ICEGATE_SANDBOX_ENABLED": "false",
        "ICEGATE_BASE_URL": f"http://127.0.0.1:{sandbox_port}/sandbox/icegate/",
        "ICEGATE_CREDENTIALS": json.dumps(credentials),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "LOG_LEVEL": "WARNING",
        # ICs are signed PAdES B-LT: the development PKI's TSA, OCSP and CRL (issue 16).
        "DEV_PKI_URL": pki_url,
        "TSA_URL": pki_url + "tsa",
        "SIGNING_TRUST_ANCHORS": str(machine.tmp / "keys" / "dev-ca.pem"),
    }


def set_up(machine: Machine, args):
    """Databases, migrations, processes and people: everything before the first approval."""
    db_url, sandbox_db_url, what = machine.databases()
    ports = {"smtp": free_port(), "sandbox": free_port(), "pki": free_port()}
    keys = machine.tmp / "keys"
    pki_url = f"http://127.0.0.1:{ports['pki']}/"
    env = environment(machine, db_url, ports["smtp"], ports["sandbox"], pki_url)
    sandbox_env = {
        **env,
        "DATABASE_URL": sandbox_db_url,
        "ICEGATE_SANDBOX_ENABLED": "true",
        "ICEGATE_SANDBOX_ADMIN_KEY": secrets.token_urlsafe(16),
        "ICPORTAL_VAR_DIR": str(machine.tmp / "sandbox-var"),
    }
    icportal = str(BIN / "icportal")
    say(f"{what}: migrating icportal and the sandbox's own database")
    machine.run_all(
        {
            "migrate": ([icportal, "migrate", "--noinput"], env),
            "migrate-sandbox": ([icportal, "migrate", "--noinput"], sandbox_env),
        }
    )
    sandbox_argv = [icportal, "sandbox", "--host", "127.0.0.1", "--port", str(ports["sandbox"])]
    machine.start("sandbox", [*sandbox_argv, "--noreload"], sandbox_env)
    from dev_pki.keys import build
    from dev_pki.process import healthy

    build(keys, pki_url)  # keys made here once; the server (and ensure_office_keys) load them
    pki_argv = [sys.executable, "-m", "dev_pki", "serve", "--dir", str(keys), "--host", "127.0.0.1"]
    machine.start("pki", [*pki_argv, "--port", str(ports["pki"])], env)
    while not healthy(pki_url):  # a condition, not a time: the server answers or exits
        if machine.procs["pki"].poll() is not None:
            machine.tail(["pki"])
            raise SystemExit("the development PKI server did not start")
        time.sleep(0.05)
    from aiosmtpd.controller import Controller

    inbox = report.Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=ports["smtp"])
    smtp.start()

    os.environ.update(env)
    import django

    django.setup()
    from bench import pipeline_world as world

    count = args.one_at_a_time + 1 if args.one_at_a_time else args.ics
    say(f"Office signing identity, a member and {count} submitted applications")
    people = world.people(keys, count)
    from icportal.documents.devkeys import passphrase

    env[world.SECRET_ENV] = os.environ[world.SECRET_ENV] = passphrase(keys).decode()
    started = time.monotonic()
    world.applications_submit(people, count, say)
    say(f"  {count} applications in {time.monotonic() - started:.0f} s")
    seed = machine.tmp / "sandbox-seed.json"
    cert_pem = (keys / f"office-{people.office_code}.pem").read_text()
    seed.write_text(json.dumps(world.sandbox_seed(people, cert_pem, SANDBOX_PASSWORD)))
    machine.run_all(
        {"sandbox-seed": ([icportal, "sandbox_seed", "--from", str(seed)], sandbox_env)}
    )

    say(
        f"Starting {args.workers} worker(s), SMTP on :{ports['smtp']}, sandbox on :{ports['sandbox']}"
    )
    for n in range(1, args.workers + 1):
        worker_env = {**env, "PIPELINE_STATS": str(machine.tmp / f"worker-{n}.json")}
        if args.profile:
            worker_env["PIPELINE_PROFILE"] = str(
                Path(args.profile).resolve() / f"worker-{n}.pstats"
            )
        machine.start(f"worker-{n}", [str(BIN / "python"), "bench/pipeline_spans.py"], worker_env)
    wait_for("the sandbox to listen", lambda: _listening(ports["sandbox"]), 120)
    wait_for("every worker's first heartbeat", lambda: world.workers_seen() >= args.workers, 180)
    return world, people, inbox, smtp, what


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def run_bulk(world, people, inbox, n: int) -> float:
    """Approve every application through bulk jobs; wait for every mail. Returns the start time."""
    t0 = time.time()
    jobs = world.approve_bulk(people, people.application_ids)
    say(f"Approved {n} applications in {jobs} bulk job(s) ({time.time() - t0:.1f} s)")
    _wait_mails(world, inbox, n)
    return t0


def snapshot(machine: Machine) -> dict[str, dict]:
    """Every worker's figures now (SIGUSR1), to subtract start-up and idle passes: taken once no
    task of any worker is still on its start-up work (see bench/pipeline_spans.py)."""
    from bench.pipeline_spans import figures

    def taken() -> dict[str, dict]:
        paths = {}
        for name, proc in machine.procs.items():
            if name.startswith("worker-"):
                paths[name] = machine.tmp / f"{name}.json.before"
                paths[name].unlink(missing_ok=True)
                os.kill(proc.pid, signal.SIGUSR1)
        wait_for("the workers' figures", lambda: all(p.exists() for p in paths.values()), 120, 0.1)
        return {name: json.loads(path.read_text()) for name, path in paths.items()}

    state: dict[str, dict] = {}

    def settled() -> bool:
        state.update(taken())
        return not any(f.get("busy") for f in state.values())

    wait_for(
        "the workers' start-up work",
        settled,
        600,
        1.0,
        progress=lambda: ", ".join(f"{n}: {f.get('busy')}" for n, f in state.items()),
    )
    return {**state, "bench": figures()}


def warm_up(world, people, inbox) -> None:
    """One IC through before the measured ones (first ICEGATE login, fonts, keys): not counted."""
    world.approve_one(people, people.application_ids[0])
    _wait_mails(world, inbox, 1)
    inbox.clear()


def run_one_at_a_time(world, people, inbox, k: int) -> float:
    """K ICs approved as the web does, each once the previous one's mail has arrived."""
    t0 = time.time()
    for done, application_id in enumerate(people.application_ids[1 : k + 1], start=1):
        world.approve_one(people, application_id)
        _wait_mails(world, inbox, done, every=0.02)
    return t0


def _wait_mails(world, inbox, n: int, every: float = 0.5) -> None:
    def reached():
        if every >= 0.5:
            state = world.progress()
            if state.problems:
                raise SystemExit("the pipeline refused work:\n  " + "\n  ".join(state.problems))
        return inbox.count() >= n

    wait_for(
        f"{n} 'IC uploaded' mails over SMTP",
        reached,
        deadline=max(600.0, n * 0.6),
        every=every,
        progress=lambda: f"{world.progress()}, mails received {inbox.count()}",
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ics", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--one-at-a-time", type=int, default=0, metavar="K")
    parser.add_argument("--sqlite", action="store_true", help="the embedded SQLite default")
    parser.add_argument("--profile", metavar="DIR", help="cProfile each worker into DIR")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    args.sqlite = args.sqlite or os.environ.get("DATABASE_URL", "").startswith("sqlite")
    if args.workers is None:
        args.workers = 1 if args.sqlite else 2
    if args.profile:
        Path(args.profile).mkdir(parents=True, exist_ok=True)
    machine = Machine(args)
    failed = True
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda *_: sys.exit(130))
    try:
        world, people, inbox, smtp, what = set_up(machine, args)
        from bench.pipeline_spans import figures, instrument, since

        instrument()  # the one-at-a-time approvals run the web's share in this process
        pg_data = machine.pg_dir / "data" if machine.pg_dir else None
        if args.one_at_a_time:
            n = args.one_at_a_time
            warm_up(world, people, inbox)
            spans_before = snapshot(machine)
            before = report.cpu_of(machine, time.process_time(), pg_data)
            t0 = run_one_at_a_time(world, people, inbox, n)
        else:
            n = args.ics
            spans_before = snapshot(machine)
            before = report.cpu_of(machine, time.process_time(), pg_data)
            t0 = run_bulk(world, people, inbox, n)
        after = report.cpu_of(machine, time.process_time(), pg_data)
        stats = []
        for name in [k for k in machine.procs if k.startswith("worker-")]:
            machine.stop(name)
            path = machine.tmp / f"{name}.json"
            if path.exists():
                stats.append(since(json.loads(path.read_text()), spans_before[name]))
        stats.append(since(figures(), spans_before["bench"]))
        smtp.stop()
        report.show(
            n=n,
            workers=args.workers,
            what=what,
            t0=t0,
            mails=inbox.first_times(),
            duplicates=inbox.duplicates(),
            timeline=world.timeline(),
            cpu=(before, after),
            stats=stats,
        )
        failed = False
    finally:
        machine.close(failed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
