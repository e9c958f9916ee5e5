"""The office's side before issue: take an application, query, reject, record the service charge."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icportal.audit.models import Verb
from icportal.audit.services import audit_record
from icportal.notifications.services import notify_member
from icportal.notifications.templates import (
    ApplicationRejectedPayload,
    EmailTemplate,
    QueryRaisedPayload,
)

from ..links import application_link
from ..models import OPEN_STATUSES, Application, ApplicationNote, AppStatus, Query
from .common import check_office_side, lock_application, require_status


def _audit(by, verb, application, **payload):
    audit_record(
        actor=by,
        verb=verb,
        target=application,
        member=application.member,
        office=application.office,
        payload=payload,
    )


@transaction.atomic
def application_assign(*, by, application: Application) -> Application:
    """'Assign to me': the officer takes the application from the office queue."""
    check_office_side(by, application.office_id)
    application = lock_application(application)
    require_status(application, OPEN_STATUSES, "take")
    application.assigned_to = by
    application.save(update_fields=["assigned_to", "updated_at"])
    _audit(by, Verb.APP_ASSIGNED, application)
    return application


@transaction.atomic
def query_raise(*, by, application: Application, question: str) -> Query:
    """Ask the member a question; the member is e-mailed and can correct and reply."""
    check_office_side(by, application.office_id)
    application = lock_application(application)
    require_status(application, {AppStatus.SUBMITTED}, "raise a query on")
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": [_("Write the question for the member")]})
    query = Query.objects.create(application=application, question=question, asked_by=by)
    application.status = AppStatus.QUERY
    application.version += 1
    application.assigned_to = application.assigned_to or by
    application.save()
    _audit(by, Verb.APP_QUERIED, application, question=question[:500])
    notify_member(
        member=application.member,
        template=EmailTemplate.QUERY_RAISED,
        payload=QueryRaisedPayload(
            member_name=application.member.legal_name,
            reference=application.reference,
            question=question,
            office_name=application.office.name,
            link=application_link(application),
        ),
    )
    return query


@transaction.atomic
def application_reject(*, by, application: Application, reason: str) -> Application:
    check_office_side(by, application.office_id)
    application = lock_application(application)
    require_status(application, OPEN_STATUSES, "reject")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason: the member sees it")]})
    application.status = AppStatus.REJECTED
    application.reject_reason = reason
    application.decided_by, application.decided_at = by, timezone.now()
    application.version += 1
    application.save()
    _audit(by, Verb.APP_REJECTED, application, reason=reason[:500])
    notify_member(
        member=application.member,
        template=EmailTemplate.APPLICATION_REJECTED,
        payload=ApplicationRejectedPayload(
            member_name=application.member.legal_name,
            reference=application.reference,
            reason=reason,
            office_name=application.office.name,
            link=application_link(application),
        ),
    )
    return application


@transaction.atomic
def charge_record(*, by, application: Application, receipt_no: str) -> Application:
    """The office records that the service charge was paid, with the receipt number."""
    check_office_side(by, application.office_id)
    application = lock_application(application)
    require_status(application, OPEN_STATUSES, "record a payment on")
    receipt_no = (receipt_no or "").strip()
    if not receipt_no or len(receipt_no) > 40:
        raise ValidationError(
            {"receipt_no": [_("Enter the receipt number (at most 40 characters)")]}
        )
    application.charge_receipt_no = receipt_no
    application.charge_paid_recorded_by, application.charge_paid_recorded_at = by, timezone.now()
    application.save()
    _audit(by, Verb.CHARGE_RECORDED, application, receipt_no=receipt_no)
    return application


NOTE_MAX_LENGTH = 4000


@transaction.atomic
def application_note_add(*, by, application: Application, text: str) -> ApplicationNote:
    """An internal note by the office (its staff or head office), in any status: never the member's."""
    check_office_side(by, application.office_id)  # staff of its office, or head office
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write the note")]})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "text": [
                    _("Keep the note under %(limit)s characters")
                    % {"limit": f"{NOTE_MAX_LENGTH:,}"}
                ]
            }
        )
    note = ApplicationNote.objects.create(application=application, author=by, text=text)
    _audit(by, Verb.APP_NOTE_ADDED, application, note=note.pk, text=text[:500])
    return note
