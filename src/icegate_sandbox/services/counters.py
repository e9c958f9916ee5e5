"""Persisted counters behind `api/admin/stats`."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from icegate_sandbox.models import Counter

UPLOAD_REQUESTS = "upload_requests"
UPLOADS_RECEIVED = "uploads_received"
UPLOADS_ACCEPTED = "uploads_accepted"
UPLOADS_REJECTED = "uploads_rejected"
UPLOADS_REPLAYED = "uploads_replayed"
FAULTS_INJECTED = "faults_injected"
FAULTS_AFTER_STORAGE = "faults_after_storage"


def counter_add(*, name: str, amount: int = 1) -> None:
    if amount == 0:
        return
    # One UPDATE is atomic by itself; the row is created only the first time.
    if Counter.objects.filter(name=name).update(value=F("value") + amount):
        return
    with transaction.atomic():
        counter, _ = Counter.objects.get_or_create(name=name)
        Counter.objects.filter(pk=counter.pk).update(value=F("value") + amount)


def counters_add(*, amounts: dict[str, int]) -> None:
    for name, amount in amounts.items():
        counter_add(name=name, amount=amount)


def counter_values() -> dict[str, int]:
    return dict(Counter.objects.values_list("name", "value"))
