"""The one way to write an audit row. Call it inside the service's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise

from .models import AuditEvent, Verb


@dataclass(frozen=True)
class Ref:
    """A target that is no row of ours: an exported list, an account name nobody has."""

    type: str
    id: str
    label: str


def _label(actor) -> str:
    if actor is None:
        return "system"
    name, email = getattr(actor, "full_name", ""), getattr(actor, "email", "")
    return f"{name} ({email})" if name and email else (email or str(actor))


def audit_record(*, actor, verb: Verb, target, **details) -> AuditEvent:
    """One audit row, inside the service's transaction. `details`: payload (a JSON-able dict),
    member, office (whose records it belongs to, for scoping), actor_label (see `_event`)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction")
    event = _event(actor=actor, verb=verb, target=target, **details)
    event.save()
    return event


def audit_records(entries: list[dict[str, Any]]) -> list[AuditEvent]:
    """Many audit rows in one INSERT, for a service that changes a batch of records in one
    transaction (e-SANCHIT answers for ten ICs): still one row per change, each entry taking
    audit_record's keyword arguments (`member_id`/`office_id` may stand for `member`/`office`)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_records must run inside the service's transaction")
    return AuditEvent.objects.bulk_create([_event(**entry) for entry in entries])


def _plain(value):
    """The payload with every lazy translation made a str (in the language active: English)."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _event(
    *,
    actor,
    verb: Verb,
    target,
    payload: dict[str, Any] | None = None,
    member=None,
    office=None,
    member_id=None,
    office_id=None,
    actor_label: str | None = None,
) -> AuditEvent:
    # The trail is data, written in English whatever the acting user reads (issue 18): a label
    # such as get_role_display() is a lazy translation, read here in English, never stored lazy.
    with translation.override("en"):
        if isinstance(target, Ref):
            target_type, target_id, target_label = target.type, target.id, str(target.label)
        else:
            target_type, target_id = target._meta.label_lower, str(target.pk)
            target_label = str(target)
        payload = _plain(payload or {})
    event = AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=(actor_label or _label(actor))[:200],
        verb=verb,
        target_type=target_type[:40],
        target_id=target_id[:64],
        target_label=target_label[:200],
        member=member,
        office=office,
        payload=payload,
    )
    if member is None:
        event.member_id = member_id
    if office is None:
        event.office_id = office_id
    return event


@transaction.atomic(savepoint=False)  # nothing else to keep apart from: no savepoint if nested
def audit_access(
    *,
    request,
    verb: Verb,
    target,
    payload: dict[str, Any] | None = None,
    member=None,
    office=None,
) -> AuditEvent:
    """A read (a download, an export) changes nothing else, so its row is its own transaction.
    Written before the file is sent: a download that fails half-way was still asked for."""
    user = getattr(request, "user", None)
    actor = user if getattr(user, "is_authenticated", False) else None
    if actor is not None and member is None and office is None:
        member, office = actor.member, actor.office
    payload = dict(payload or {})
    payload.setdefault("via", "api" if request.path.startswith("/api/") else "web")
    return audit_record(
        actor=actor, verb=verb, target=target, payload=payload, member=member, office=office
    )


def audit_download(*, request, target, what: str, name: str, scope=None, member=None, office=None):
    """Someone took a file: `what` reads in the timeline ("the signed PDF of IC …"). `scope` is the
    record whose firm and office see the row (an IC, an application): its `.member`, `.office`."""
    if scope is not None:
        member, office = scope.member, scope.office
    return audit_access(
        request=request,
        verb=Verb.FILE_DOWNLOADED,
        target=target,
        member=member,
        office=office,
        payload={"what": what, "name": name},
    )


EXPORT_IGNORED = {"export", "page", "chart"}


def audit_export(*, request, stem: str, fmt: str):
    """A list left the portal as a file, with the filters it was taken with. The acting user's own
    scope (their firm, their office) is the row's: exports span many records."""
    filters = {
        key: value[:100]
        for key, value in request.GET.items()
        if key not in EXPORT_IGNORED and value.strip()
    }
    return audit_access(
        request=request,
        verb=Verb.LIST_EXPORTED,
        target=Ref("export", stem, f"{stem}.{fmt}"),
        payload={"list": stem, "format": fmt, "filters": filters},
    )
