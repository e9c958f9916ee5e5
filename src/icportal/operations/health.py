"""What /healthz reports: the database, the worker's heartbeat, queue depths, ICEGATE and SMTP.

Each check answers `{"ok": bool, ...}` with figures only — no names, addresses or error texts that
could carry private data, since /healthz needs no login. External probes use short timeouts, and
the whole answer is kept for settings.HEALTHZ_CACHE_SECONDS in this process's cache, so a proxy
polling every second costs one round of probes per interval.
"""

from __future__ import annotations

import smtplib
import time
from datetime import timedelta

import httpx
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Max, Q
from django.utils import timezone

from icportal.certificates.models import CertStatus, ImportCertificate
from icportal.common.models import WorkerHeartbeat
from icportal.documents.models import CertificateDocument, DocStatus
from icportal.esanchit.models import Upload, UploadMode, UploadStatus
from icportal.notifications.models import Email, EmailStatus

CACHE_KEY = "icportal:healthz"


def _timed(check):
    started = time.perf_counter()
    try:
        result = check()
    except Exception as exc:  # the failing part is named, its text (hosts, paths) is not shown
        result = {"ok": False, "error": type(exc).__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def check_worker() -> dict:
    max_age = settings.HEALTHZ_WORKER_MAX_AGE
    now = timezone.now()
    newest = WorkerHeartbeat.objects.aggregate(last=Max("last_seen"))["last"]
    alive = WorkerHeartbeat.objects.filter(last_seen__gte=now - timedelta(seconds=max_age)).count()
    if newest is None:
        return {"ok": False, "error": "no worker has ever reported", "max_age_seconds": max_age}
    age = max(0.0, (now - newest).total_seconds())
    return {
        "ok": age <= max_age,
        "last_seen_seconds_ago": round(age, 1),
        "max_age_seconds": max_age,
        "workers_alive": alive,
    }


def queue_depths() -> dict[str, int]:
    """Rows waiting for the worker (also the `icportal_queue_depth` gauge of /metrics)."""
    return {
        "outbox": Email.objects.filter(
            Q(status__in=[EmailStatus.READY, EmailStatus.SENDING])
            | Q(status=EmailStatus.FAILED, next_attempt_at__isnull=False)
        ).count(),
        "uploads": Upload.objects.filter(
            mode=UploadMode.GATEWAY,
            status__in=[UploadStatus.WAITING, UploadStatus.UPLOADING, UploadStatus.FAILED_RETRYING],
        ).count(),
        # An IC issued but not yet taken in by documents waits for its PDF just the same. Only
        # the last day is looked at (the `issued_at` index): older ones are the hourly sweep's.
        "documents_waiting": CertificateDocument.objects.filter(
            status__in=[DocStatus.WAITING, DocStatus.RENDERED]
        ).count()
        + ImportCertificate.objects.filter(
            status=CertStatus.ISSUED,
            issued_at__gte=timezone.now() - timedelta(days=1),
            document__isnull=True,
        ).count(),
    }


def check_queues() -> dict:
    # Depths are information for the operator, not a failure: a burst of issuing fills them.
    return {"ok": True, **queue_depths()}


def check_icegate() -> dict:
    if settings.ICEGATE_MODE != "gateway" or not settings.ICEGATE_BASE_URL:
        return {"ok": True, "skipped": "uploads are manual"}
    response = httpx.get(settings.ICEGATE_BASE_URL, timeout=settings.HEALTHZ_TIMEOUT)
    # Any answer below 500 means ICEGATE is up (its front page may want a login or redirect).
    return {"ok": response.status_code < 500, "status_code": response.status_code}


def check_smtp() -> dict:
    if not (settings.EMAIL_ENABLED and settings.EMAIL_HOST):
        return {"ok": True, "skipped": "no mail relay configured; mail stays in the outbox"}
    smtp_class = smtplib.SMTP_SSL if getattr(settings, "EMAIL_USE_SSL", False) else smtplib.SMTP
    with smtp_class(
        settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=settings.HEALTHZ_TIMEOUT
    ) as client:
        code, _ = client.noop()
    return {"ok": code == 250}


CHECKS = {
    "database": check_database,
    "worker": check_worker,
    "queues": check_queues,
    "icegate": check_icegate,
    "smtp": check_smtp,
}


def report(*, use_cache: bool = True) -> dict:
    seconds = settings.HEALTHZ_CACHE_SECONDS
    if use_cache and seconds > 0:
        kept = cache.get(CACHE_KEY)
        if kept is not None:
            return kept
    checks = {name: _timed(check) for name, check in CHECKS.items()}
    failing = [name for name, result in checks.items() if not result["ok"]]
    answer = {
        "status": "failing" if failing else "ok",
        "failing": failing,
        "checked_at": timezone.now().isoformat(timespec="seconds"),
        "checks": checks,
    }
    if seconds > 0:
        cache.set(CACHE_KEY, answer, seconds)
    return answer
