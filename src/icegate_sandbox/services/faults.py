"""Fault injection: make an operation fail with 503, answer late, hang, or be down — reproducibly.

A fault is set per operation or per pattern (`registration.*`, `*`); the most specific one wins.
Each call it judges increments the fault's persisted `calls` counter n, and call n's outcome comes
from `random.Random(f"{operation}|{seed}|{n}")`: the same seed gives the same sequence of outcomes,
whichever process serves the call. Setting a fault again resets n to 0.

For `esanchit.upload`, a share of the injected errors and timeouts (setting
`ICEGATE_SANDBOX_FAULT_AFTER_STORAGE_SHARE`, default 0.5, drawn from the same RNG) strikes AFTER the
upload was processed and its documents stored: the client gets a 503 (or no answer) although the
IRNs exist, exactly the lost answer that retries with the same idempotency key must survive.
The rest strike before the request is read, so nothing is stored.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from django.db import transaction

from icegate_sandbox import conf
from icegate_sandbox.errors import SandboxError
from icegate_sandbox.models import Fault
from icegate_sandbox.services import counters

UPLOAD = "esanchit.upload"
OPERATIONS = (
    UPLOAD,
    "esanchit.documents",
    "customs.boe_check",
    "registration.simplified.start",
    "registration.simplified.verify",
    "registration.simplified.complete",
    "registration.simplified.confirm",
    "registration.dsc",
    "registration.login",
    "registration.lookup",
)
OUTAGE = "outage"
ERROR = "error"
TIMEOUT = "timeout"


def pause(seconds: float) -> None:
    """Sleep; a separate function so tests can watch the latency and hangs without waiting."""
    if seconds > 0:
        time.sleep(seconds)


def _matches(pattern: str, operation: str) -> bool:
    if pattern in ("*", operation):
        return True
    return pattern.endswith(".*") and operation.startswith(pattern[:-1])


def _specificity(pattern: str) -> tuple[int, int]:
    return (0 if "*" in pattern else 1, len(pattern))


@dataclass(frozen=True)
class FaultDecision:
    operation: str
    latency_ms: int = 0
    kind: str | None = None  # OUTAGE, ERROR, TIMEOUT or None
    after_storage: bool = False
    call: int = 0

    def error(self) -> SandboxError:
        messages = {
            OUTAGE: ("SERVICE_OUTAGE", "ICEGATE is down (injected outage)."),
            ERROR: ("SERVICE_UNAVAILABLE", "ICEGATE is temporarily unavailable (injected error)."),
            TIMEOUT: ("SERVICE_TIMEOUT", "ICEGATE did not answer in time (injected hang)."),
        }
        code, message = messages[self.kind]
        return SandboxError(code, message, status=503)


def fault_set(
    *,
    operation: str,
    error_rate: float = 0.0,
    latency_ms: int = 0,
    timeout_rate: float = 0.0,
    outage: bool = False,
    seed: int = 0,
) -> Fault:
    if not any(_matches(operation, known) for known in OPERATIONS):
        raise SandboxError(
            "UNKNOWN_OPERATION",
            f"{operation} is not an operation; use one of {', '.join(OPERATIONS)}, "
            "a pattern like registration.*, or *.",
            field="operation",
        )
    fault, _ = Fault.objects.update_or_create(
        operation=operation,
        defaults={
            "error_rate": error_rate,
            "latency_ms": latency_ms,
            "timeout_rate": timeout_rate,
            "outage": outage,
            "seed": seed,
            "calls": 0,
        },
    )
    return fault


def fault_clear(*, operation: str | None = None) -> int:
    faults = Fault.objects.all()
    if operation:
        faults = faults.filter(operation=operation)
    deleted, _ = faults.delete()
    return deleted


def fault_as_dict(fault: Fault) -> dict:
    return {
        "operation": fault.operation,
        "error_rate": fault.error_rate,
        "latency_ms": fault.latency_ms,
        "timeout_rate": fault.timeout_rate,
        "outage": fault.outage,
        "seed": fault.seed,
        "calls": fault.calls,
    }


def fault_decide(*, operation: str) -> FaultDecision:
    """Judge one call of `operation` against the most specific fault that matches it."""
    patterns = [
        p for p in Fault.objects.values_list("operation", flat=True) if _matches(p, operation)
    ]
    if not patterns:
        return FaultDecision(operation)
    pattern = max(patterns, key=_specificity)
    with transaction.atomic():
        fault = Fault.objects.select_for_update().filter(operation=pattern).first()
        if fault is None:  # cleared meanwhile
            return FaultDecision(operation)
        fault.calls += 1
        fault.save(update_fields=["calls"])
    rng = random.Random(f"{fault.operation}|{fault.seed}|{fault.calls}")  # noqa: S311 - not crypto
    draw_timeout, draw_error, draw_after = rng.random(), rng.random(), rng.random()
    kind = None
    if fault.outage:
        kind = OUTAGE
    elif draw_timeout < fault.timeout_rate:
        kind = TIMEOUT
    elif draw_error < fault.error_rate:
        kind = ERROR
    after = (
        kind in (ERROR, TIMEOUT)
        and operation == UPLOAD
        and draw_after < conf.fault_after_storage_share()
    )
    if kind:
        counters.counter_add(name=counters.FAULTS_INJECTED)
    if after:
        counters.counter_add(name=counters.FAULTS_AFTER_STORAGE)
    return FaultDecision(operation, fault.latency_ms, kind, after, fault.calls)
