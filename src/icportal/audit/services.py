"""The one way to write an audit row. Call it inside the service's transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import AuditEvent, Verb


def _label(actor) -> str:
    if actor is None:
        return "system"
    name, email = getattr(actor, "full_name", ""), getattr(actor, "email", "")
    return f"{name} ({email})" if name and email else (email or str(actor))


def audit_record(
    *,
    actor,
    verb: Verb,
    target,
    payload: dict[str, Any] | None = None,
    member=None,
    office=None,
) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction")
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_label(actor),
        verb=verb,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:200],
        member=member,
        office=office,
        payload=payload or {},
    )
