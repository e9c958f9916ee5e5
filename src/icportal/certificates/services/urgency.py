"""The member's urgent flag on an application: a reason, seen first in the office's queue.

The flag asks the office for speed; it issues nothing. Only the office decides how the IC is
issued, and an urgent physical IC still needs its request and a second officer (issue.py).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icportal.audit.models import Verb
from icportal.audit.services import audit_record

from ..models import Application, AppStatus
from .common import check_member_side, lock_application, require_status

URGENT_STATUSES = {AppStatus.DRAFT, AppStatus.SUBMITTED, AppStatus.QUERY}


@transaction.atomic
def application_mark_urgent(
    *, by, application: Application, urgent: bool, reason: str = "", version: int | None = None
) -> Application:
    """Mark (with a reason the office reads) or unmark an open application as urgent."""
    check_member_side(by, application)
    application = lock_application(application, version=version)
    require_status(application, URGENT_STATUSES, "mark as urgent")
    reason = (reason or "").strip()
    if urgent and not reason:
        raise ValidationError(
            {"urgent_reason": [_("Say why it is urgent: the office reads it when it decides")]}
        )
    if len(reason) > 1000:
        raise ValidationError({"urgent_reason": [_("At most 1,000 characters")]})
    application.urgent = urgent
    application.urgent_reason = reason if urgent else ""
    application.urgent_marked_at = timezone.now() if urgent else None
    application.version += 1
    application.save(
        update_fields=["urgent", "urgent_reason", "urgent_marked_at", "version", "updated_at"]
    )
    audit_record(
        actor=by,
        verb=Verb.APP_UPDATED,
        target=application,
        member=application.member,
        office=application.office,
        payload={"urgent": urgent, "urgent_reason": application.urgent_reason},
    )
    return application
