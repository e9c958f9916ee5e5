"""Shared guards for the certificate services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
        by, office_id=office_id, message=_("Staff act only on their own office's applications")
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
            _(
                "Someone else saved this application after you opened it. "
                "Reload to see their changes; yours were not saved."
            ),
            code="conflict",
        )
    return locked


# One whole sentence per action (a translator cannot build one from a verb put in a frame).
_CANNOT = {
    "change": gettext_lazy("You cannot change an application that is %(status)s"),
    "add documents to": gettext_lazy(
        "You cannot add documents to an application that is %(status)s"
    ),
    "submit": gettext_lazy("You cannot submit an application that is %(status)s"),
    "reply to": gettext_lazy("You cannot reply to an application that is %(status)s"),
    "withdraw": gettext_lazy("You cannot withdraw an application that is %(status)s"),
    "take": gettext_lazy("You cannot take an application that is %(status)s"),
    "raise a query on": gettext_lazy(
        "You cannot raise a query on an application that is %(status)s"
    ),
    "reject": gettext_lazy("You cannot reject an application that is %(status)s"),
    "record a payment on": gettext_lazy(
        "You cannot record a payment on an application that is %(status)s"
    ),
    "mark as urgent": gettext_lazy("You cannot mark as urgent an application that is %(status)s"),
    "issue": gettext_lazy("You cannot issue an application that is %(status)s"),
    "request an urgent physical IC for": gettext_lazy(
        "You cannot request an urgent physical IC for an application that is %(status)s"
    ),
}


def require_status(application: Application, allowed, action: str) -> None:
    if application.status not in allowed:
        status = application.get_status_display().lower()
        raise ValidationError({"status": [str(_CANNOT[action]) % {"status": status}]})


def in_english(label) -> str:
    """A label as the audit trail keeps it: in English, whatever language the actor reads."""
    with translation.override("en"):
        return str(label)
