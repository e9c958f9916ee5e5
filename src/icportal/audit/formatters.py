"""One sentence per verb for the timeline, built from the payload."""

from __future__ import annotations

from collections.abc import Callable

from .models import AuditEvent, Verb


def _changes(event: AuditEvent) -> str:
    changed = event.payload.get("changed", {})
    if not changed:
        return "no fields changed"
    return "; ".join(f"{field}: {v[0] or '—'} → {v[1] or '—'}" for field, v in changed.items())


FORMATTERS: dict[str, Callable[[AuditEvent], str]] = {
    Verb.OFFICE_CREATED: lambda e: f"created office {e.target_label}",
    Verb.OFFICE_UPDATED: lambda e: f"updated office {e.target_label} ({_changes(e)})",
    Verb.MEMBER_CREATED: lambda e: f"created member {e.target_label}",
    Verb.MEMBER_UPDATED: lambda e: f"updated the firm's details ({_changes(e)})",
    Verb.MEMBERS_IMPORTED: lambda e: (
        f"imported {e.payload.get('count', 0)} members from {e.payload.get('filename', 'a file')}"
    ),
    Verb.ICEGATE_CLAIMED: lambda e: (
        f"gave ICEGATE ID {e.payload.get('icegate_id')} "
        f"({e.payload.get('method_label', e.payload.get('method'))})"
    ),
    Verb.ICEGATE_VERIFIED: lambda e: (
        f"verified ICEGATE ID {e.payload.get('icegate_id')} — {e.payload.get('how', '')}"
    ),
    Verb.ICEGATE_REJECTED: lambda e: (
        f"returned ICEGATE ID {e.payload.get('icegate_id')}: {e.payload.get('reason', '')}"
    ),
    Verb.USER_INVITED: lambda e: f"invited {e.payload.get('email')} as {e.payload.get('role')}",
    Verb.USER_DEACTIVATED: lambda e: f"deactivated user {e.target_label}",
    Verb.TOKEN_CREATED: lambda e: f"created API token “{e.payload.get('name')}”",
    Verb.TOKEN_REVOKED: lambda e: f"revoked API token “{e.payload.get('name')}”",
    Verb.EMAIL_RESENT: lambda e: f"resent e-mail “{e.payload.get('subject')}”",
}


def describe(event: AuditEvent) -> str:
    formatter = FORMATTERS.get(event.verb)
    return formatter(event) if formatter else event.get_verb_display()
