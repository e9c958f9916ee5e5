"""Shared guards for the certificate services."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from icportal.accounts import scopes

from ..models import Application


def check_member_side(by, application: Application) -> None:
    """The member's own users, or staff of its office (who may act for the member)."""
    scopes.require_in_scope(
        by,
        member_id=application.member_id,
        office_id=application.office_id,
        what="This application",
    )


def check_office_side(by, office_id: int):
    """The office guard with the certificates' wording (documents and esanchit use it too)."""
    return scopes.require_own_office(
        by, office_id=office_id, message="Staff act only on their own office's applications"
    )


def lock_application(
    application: Application,
    *,
    version: int | None = None,
    related: tuple[str, ...] = (),
    annotations: dict | None = None,
) -> Application:
    """The application's row, locked; `related` rows and `annotations` come with it in the same
    query (read, not locked: only the application's row is)."""
    rows = Application.objects.select_for_update()
    if related:
        rows = Application.objects.select_for_update(of=("self",)).select_related(*related)
    if annotations:
        rows = rows.annotate(**annotations)
    locked = rows.get(pk=application.pk)
    if version is not None and locked.version != version:
        raise ValidationError(
            "Someone else saved this application after you opened it. "
            "Reload to see their changes; yours were not saved.",
            code="conflict",
        )
    return locked


def require_status(application: Application, allowed, action: str) -> None:
    if application.status not in allowed:
        raise ValidationError(
            {
                "status": [
                    f"You cannot {action} an application that is {application.get_status_display().lower()}"
                ]
            }
        )
