"""Prometheus metrics (prometheus-client), for several gunicorn processes and the worker.

With `PROMETHEUS_MULTIPROC_DIR` set (to an empty directory, the same for the web processes and the
worker, emptied at each start), every process writes its counters there and `/metrics` adds them
up (`MultiProcessCollector`); without it, `/metrics` shows this process only (development).
Queue depths are not counters of a process: they are read from the database at scrape time.
"""

from __future__ import annotations

import ipaddress
import os
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.crypto import constant_time_compare
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from icportal.common.net import client_ip

REQUESTS = Counter(
    "icportal_http_requests",
    "HTTP requests answered, by method, status code and route name.",
    ["method", "status", "route"],
)
REQUEST_SECONDS = Histogram(
    "icportal_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and route name.",
    ["method", "route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
UPLOADS = Counter(
    "icportal_esanchit_uploads",
    "e-SANCHIT upload attempts by the worker, by outcome (accepted, rejected, failed_retrying).",
    ["outcome"],
)
MAILS = Counter(
    "icportal_mails",
    "E-mail delivery attempts over SMTP, by outcome (sent, failed).",
    ["outcome"],
)
SIGNING_SECONDS = Histogram(
    "icportal_signing_duration_seconds",
    "Time to sign one IC's PDF (PAdES), by outcome (signed, failed).",
    ["outcome"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
)


def observe_request(request, response, seconds: float) -> None:
    match = getattr(request, "resolver_match", None)
    # The route name, never the path: paths carry ids and would make one series per IC.
    route = (match.view_name if match else "") or "unmatched"
    REQUESTS.labels(request.method, str(response.status_code), route).inc()
    REQUEST_SECONDS.labels(request.method, route).observe(seconds)


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        observe_request(request, response, time.perf_counter() - started)
        return response


class QueueCollector:
    """Queue depths, read when Prometheus scrapes; `depths` (from the operations app, which knows
    the queues) returns {queue name: rows waiting}."""

    def __init__(self, depths):
        self.depths = depths

    def collect(self):
        gauge = GaugeMetricFamily(
            "icportal_queue_depth", "Rows waiting in a background queue.", labels=["queue"]
        )
        for queue, depth in self.depths().items():
            gauge.add_metric([queue], depth)
        yield gauge


def registry(*, queue_depths=None) -> CollectorRegistry:
    collected = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(collected)
    else:
        collected.register(_ProcessRegistry())
    if queue_depths is not None:
        collected.register(QueueCollector(queue_depths))
    return collected


class _ProcessRegistry:
    """This process's default registry, as one collector of a per-scrape registry."""

    def collect(self):
        yield from REGISTRY.collect()


def allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        return constant_time_compare(header.removeprefix("Bearer ").strip(), token)
    if "HTTP_X_FORWARDED_FOR" in request.META:
        # It came through a proxy, i.e. from outside this host (nginx's own connection is
        # loopback): only the token opens it, whatever TRUSTED_PROXIES says.
        return False
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    for allowed_net in settings.METRICS_ALLOWED_IPS:
        if address in ipaddress.ip_network(allowed_net, strict=False):
            return True
    return False


def metrics_view(request, *, queue_depths=None):
    if not allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    answer = generate_latest(registry(queue_depths=queue_depths))
    return HttpResponse(answer, content_type=CONTENT_TYPE_LATEST)
