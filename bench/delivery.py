"""Time from approval to the "IC uploaded" mail delivered, and uploads per minute.

    .venv/bin/python bench/delivery.py [N]      (N ICs per phase, default 50)

Everything runs in one process on a temporary SQLite file (WAL): the ICEGATE sandbox is served
over HTTP on 127.0.0.1 by Django's threaded live server, with zero added latency and no injected
faults; mail goes to the locmem backend (delivery = the outbox row marked sent). The worker is the
real loop, `icportal.common.worker.run_once()`, run in a thread of this process.

A warm-up IC goes through first (first ICEGATE login, task discovery) and is not counted.

Phase 1 (one at a time): an IC is approved through `certificate_issue` (which signs the PDF on
commit, as the web request does), then `run_once()` is called until its "IC uploaded" mail is
sent. Per IC: approval start → the outbox row's `sent_at`; p50/p95.
Phase 2 (backlog): N ICs are approved with the worker stopped, then the worker drains them
(up to 10 files per ICEGATE request): uploads per minute of the worker alone.
Phase 3 (mixed): the worker polls in a thread while N ICs are approved back to back. Signing,
the sandbox and the worker share one process and its GIL here, so latencies are pessimistic
next to a separate worker process.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
TMP = Path(tempfile.mkdtemp(prefix="icportal-bench-delivery-"))
os.environ["ICPORTAL_VAR_DIR"] = str(TMP)
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icportal.config.settings.test")
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test.testcases import LiveServerThread  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SECRET_ENV = "ICPORTAL_BENCH_P12_PASSPHRASE"


def prepare():
    """Migrate, office signing identity, a member with a large EPC, sandbox seeded, server up."""
    setup_test_environment()  # locmem outbox, ALLOWED_HOSTS for the live server
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0, interactive=False)

    from tests.certificates import factories as f
    from tests.esanchit.conftest import register
    from tests.factories import office

    from icportal.documents import services as documents
    from icportal.documents.devkeys import ensure_office_keys

    keys = TMP / "keys"
    ensure_office_keys(keys, [("CHN", "Chennai"), ("DEL", "Delhi"), ("KOL", "Kolkata")])
    os.environ[SECRET_ENV] = (keys / "p12-passphrase").read_text().strip()
    documents.identity_register_pkcs12(
        office=office("CHN"),
        p12_path=keys / "office-CHN.p12",
        secret_env=SECRET_ENV,
        certificate_pem=(keys / "office-CHN.pem").read_text(),
    )

    server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    settings.ICEGATE_BASE_URL = f"http://127.0.0.1:{server.port}/sandbox/icegate/"
    settings.ICEGATE_MODE = "gateway"
    settings.ICEGATE_TIMEOUT = 20

    member, user, officer, epc = f.ready(fob=Decimal("1000000000"))
    register(
        TMP,
        SimpleNamespace(member=member, office=member.office),
        (keys / "office-CHN.pem").read_text(),
        settings=settings,
    )
    return server, user, officer, epc


class Worker(threading.Thread):
    """The worker loop in a thread: run_once() until stopped, short sleeps when idle."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stopping = threading.Event()
        self.errors: list[BaseException] = []

    def run(self):
        from icportal.common import worker

        try:
            while not self.stopping.is_set():
                if worker.run_once("bench") == 0:
                    time.sleep(0.005)
        except BaseException as exc:  # reported by the main thread
            self.errors.append(exc)
        finally:
            connection.close()

    def stop(self):
        self.stopping.set()
        self.join()
        if self.errors:
            raise self.errors[0]


def applications(user, epc, n):
    from tests.certificates import factories as f

    return [f.submitted_application(user, epc, values=("1200.50",)) for _ in range(n)]


def issue(officer, application):
    from icportal.certificates import services as ic

    return ic.certificate_issue(by=officer, application=application)


def mail_times(certificate_ids) -> dict[int, float]:
    """certificate id → epoch seconds its "IC uploaded" mail was marked sent."""
    from icportal.esanchit.models import Upload
    from icportal.notifications.models import Email

    uploads = dict(
        Upload.objects.filter(certificate_id__in=certificate_ids, status="accepted").values_list(
            "pk", "certificate_id"
        )
    )
    sent = {}
    for key, sent_at in Email.objects.filter(
        dedupe_key__in=[f"ic-uploaded:{pk}" for pk in uploads], status="sent"
    ).values_list("dedupe_key", "sent_at"):
        sent[uploads[int(key.split(":")[1])]] = sent_at.timestamp()
    return sent


def wait_all(certificate_ids, timeout=600.0) -> dict[int, float]:
    deadline = time.monotonic() + timeout
    while True:
        close_old_connections()
        sent = mail_times(certificate_ids)
        if len(sent) == len(certificate_ids):
            return sent
        if time.monotonic() > deadline:
            raise SystemExit(f"Only {len(sent)} of {len(certificate_ids)} mails sent in {timeout}s")
        time.sleep(0.02)


def upload_only(latencies, signing):
    return [total - sign for total, sign in zip(latencies, signing, strict=True)]


def pct(values, q) -> float:
    values = sorted(values)
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def phase_sequential(n, user, officer, epc):
    from icportal.common import worker

    latencies, signing = [], []
    for application in applications(user, epc, n):
        t0 = time.time()
        certificate = issue(officer, application)
        signing.append((time.time() - t0) * 1000)
        while certificate.pk not in mail_times([certificate.pk]):
            if worker.run_once("bench") == 0:
                time.sleep(0.001)
        latencies.append((mail_times([certificate.pk])[certificate.pk] - t0) * 1000)
    return latencies, signing


def phase_live(n, user, officer, epc):
    apps = applications(user, epc, n)
    worker = Worker()
    worker.start()
    started, ids = {}, []
    signing = []
    for application in apps:
        t0 = time.time()
        certificate = issue(officer, application)
        signing.append(time.time() - t0)
        started[certificate.pk] = t0
        ids.append(certificate.pk)
    sent = wait_all(ids)
    worker.stop()
    latencies = [(sent[pk] - started[pk]) * 1000 for pk in ids]
    span = max(sent.values()) - min(started.values())
    return latencies, [s * 1000 for s in signing], span


def phase_backlog(n, user, officer, epc):
    apps = applications(user, epc, n)
    ids = [issue(officer, application).pk for application in apps]
    t0 = time.time()
    worker = Worker()
    worker.start()
    sent = wait_all(ids)
    worker.stop()
    return max(sent.values()) - t0


def check(expected):
    from icportal.esanchit.models import Upload
    from icportal.notifications.models import Email

    accepted = Upload.objects.filter(status="accepted").count()
    mails = Email.objects.filter(template="ic_uploaded", status="sent").count()
    outbox = sum(1 for m in mail.outbox if "on e-SANCHIT" in m.subject)
    assert accepted == mails == outbox == expected, (accepted, mails, outbox, expected)
    return accepted


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    server, user, officer, epc = prepare()
    print(f"Delivery bench: {n} ICs per phase, sandbox at {settings.ICEGATE_BASE_URL}")
    print("SQLite file DB (WAL), sandbox zero latency, locmem mail, worker run_once() in-process\n")

    phase_sequential(1, user, officer, epc)  # warm-up, not counted

    latencies, signing = phase_sequential(n, user, officer, epc)
    print(f"Phase 1 — one IC at a time ({n} ICs)")
    print(f"  approval → 'IC uploaded' mail sent:   p50 {pct(latencies, 50):7.1f} ms")
    print(f"                                        p95 {pct(latencies, 95):7.1f} ms")
    print(f"                                        max {max(latencies):7.1f} ms")
    print(f"  of which certificate_issue + signing: p50 {pct(signing, 50):7.1f} ms")
    print(
        f"  upload + mail alone:                  p50 {pct(upload_only(latencies, signing), 50):7.1f} ms\n"
    )

    drain = phase_backlog(n, user, officer, epc)
    print(f"Phase 2 — backlog ({n} signed ICs waiting, then the worker starts)")
    print(
        f"  drained in {drain * 1000:.0f} ms: {n / drain * 60:,.0f} uploads (and mails) per minute\n"
    )

    latencies, signing, span = phase_live(n, user, officer, epc)
    print(f"Phase 3 — mixed (worker thread polling while {n} ICs are approved back to back)")
    print(f"  approval → 'IC uploaded' mail sent:   p50 {pct(latencies, 50):7.1f} ms")
    print(f"                                        p95 {pct(latencies, 95):7.1f} ms")
    print(f"  uploads per minute (first approval → last mail): {n / span * 60:,.0f}\n")

    total = check(3 * n + 1)
    print(f"Check: {total} uploads accepted, {total} 'IC uploaded' mails sent, none twice.")
    server.terminate()
    server.join(timeout=5)


if __name__ == "__main__":
    main()
