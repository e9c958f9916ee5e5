"""Cancelling and replacing an issued IC, one transaction each; the replacement is issued as any IC
(issue.py) and the cancelled one stays on record, marked, never deleted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icportal.audit.models import Verb
from icportal.audit.services import audit_record
from icportal.common.counters import next_number
from icportal.common.dates import financial_year
from icportal.entitlements.ledger import account_lock, ledger_post
from icportal.entitlements.models import EntryKind
from icportal.entitlements.selectors import eligible_items
from icportal.notifications.services import notify_member
from icportal.notifications.templates import (
    EmailTemplate,
    IcCancelledPayload,
    IcReplacedPayload,
)

from ..links import certificate_link
from ..models import (
    Application,
    AppStatus,
    CertStatus,
    DeliveryMode,
    ImportCertificate,
    Item,
)
from .common import check_office_side
from .issue import (
    _issue,
    delivery_mode_for,
)


def _lock_certificate(certificate: ImportCertificate) -> ImportCertificate:
    locked = ImportCertificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.status != CertStatus.ISSUED:
        raise ValidationError(
            {
                "status": [
                    _("This IC is already %(status)s")
                    % {"status": locked.get_status_display().lower()}
                ]
            }
        )
    return locked


@transaction.atomic
def certificate_cancel(*, by, certificate: ImportCertificate, reason: str) -> ImportCertificate:
    """Cancel an IC; its debit is reversed and the member told not to use it."""
    check_office_side(by, certificate.office_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for cancelling: the member sees it")]})
    certificate = _lock_certificate(certificate)
    account = account_lock(
        member=certificate.member,
        financial_year=certificate.account.financial_year,
        segment_group=certificate.account.segment_group,
    )
    ledger_post(
        account=account,
        kind=EntryKind.REVERSAL,
        amount=certificate.value,
        by=by,
        certificate=certificate,
        note=f"IC {certificate.number} cancelled",
    )
    certificate.status = CertStatus.CANCELLED
    certificate.cancel_reason, certificate.cancelled_by, certificate.cancelled_at = (
        reason,
        by,
        timezone.now(),
    )
    certificate.save()
    audit_record(
        actor=by,
        verb=Verb.IC_CANCELLED,
        target=certificate,
        member=certificate.member,
        office=certificate.office,
        payload={"number": certificate.number, "reason": reason},
    )
    notify_member(
        member=certificate.member,
        template=EmailTemplate.IC_CANCELLED,
        payload=IcCancelledPayload(
            member_name=certificate.member.legal_name,
            ic_number=certificate.number,
            reason=reason,
            link=certificate_link(certificate),
            paper=certificate.delivery_mode != DeliveryMode.ELECTRONIC,
        ),
    )
    return certificate


@transaction.atomic
def certificate_replace(
    *, by, certificate: ImportCertificate, header: dict, items: list[dict], reason: str
) -> ImportCertificate:
    """Amend an IC: a new number pointing to the original, which becomes superseded.

    The original's debit is reversed and the new value debited, so the balance moves by the
    difference. The member is told the Bill of Entry must carry the new IRN.
    """
    from ..validation import header_clean, items_clean

    check_office_side(by, certificate.office_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say what changed: the member sees it")]})
    certificate = _lock_certificate(certificate)
    original = certificate.application
    data, errors = header_clean(header, for_submit=True)
    group = certificate.epc.segment_group
    eligible = {i.pk: i for i in eligible_items(segment_group=group)}
    lines, item_errors = items_clean(items, segment_group=group, eligible=eligible)
    if not items:
        item_errors.setdefault("items", []).append(_("Add at least one item"))
    errors.update(item_errors)
    if errors:
        raise ValidationError(errors)
    reference, _sequence = next_number(
        office=certificate.office, financial_year=financial_year(), kind="APP"
    )
    application = Application.objects.create(
        reference=reference,
        member=certificate.member,
        office=certificate.office,
        epc=certificate.epc,
        status=AppStatus.SUBMITTED,
        created_by=by,
        cloned_from=original,
        submitted_at=timezone.now(),
        total_value=sum((line.value_inr for line in lines), start=0),
        charge_receipt_no=original.charge_receipt_no,
        **data,
    )
    Item.objects.bulk_create(
        Item(application=application, line_no=n, **line.__dict__) for n, line in enumerate(lines, 1)
    )
    for attachment in original.attachments.all():
        attachment.pk = None
        attachment.application = application
        attachment.save()
    mode = delivery_mode_for(application) or certificate.delivery_mode
    certificate.status = CertStatus.SUPERSEDED
    certificate.save(update_fields=["status"])
    replacement = _issue(
        by=by,
        application=application,
        mode=mode,
        replaces=certificate,
        replace_reason=reason,
        second_approver=certificate.second_approver,
        urgent_reason=certificate.urgent_reason,
    )
    audit_record(
        actor=by,
        verb=Verb.IC_REPLACED,
        target=replacement,
        member=certificate.member,
        office=certificate.office,
        payload={"original": certificate.number, "number": replacement.number, "reason": reason},
    )
    notify_member(
        member=certificate.member,
        template=EmailTemplate.IC_REPLACED,
        payload=IcReplacedPayload(
            member_name=certificate.member.legal_name,
            original_number=certificate.number,
            new_number=replacement.number,
            reason=reason,
            link=certificate_link(replacement),
            paper=replacement.delivery_mode != DeliveryMode.ELECTRONIC,
        ),
    )
    return replacement
