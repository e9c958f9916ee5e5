"""The assessed Bill of Entry: reported by the member within 7 days, reconciled by the office."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icportal.accounts import scopes
from icportal.audit.models import Verb
from icportal.audit.services import audit_record
from icportal.common import identifiers
from icportal.common.dates import ist_today
from icportal.common.files import check_pdf_upload
from icportal.common.money import format_inr, rupees
from icportal.entitlements.ledger import account_lock, ledger_post
from icportal.entitlements.models import EntryKind

from ..models import AssessedBoe, CertStatus, ImportCertificate
from .common import check_office_side

REPORT_WITHIN_DAYS = 7


def boe_due_on(*, boe_date: dt.date | None, issued_at: dt.datetime) -> dt.date:
    """Seven days after the Bill of Entry date, or after the IST day of issue when that is later
    (a BoE filed before the IC still gives the member a week from the IC) or the date unknown."""
    issued_on = timezone.localtime(issued_at).date()
    return max(boe_date or issued_on, issued_on) + dt.timedelta(days=REPORT_WITHIN_DAYS)


def boe_due_date(certificate: ImportCertificate) -> dt.date:
    """The IC's report due day: stored at issue (`ImportCertificate.boe_due_on`)."""
    if certificate.boe_due_on is not None:
        return certificate.boe_due_on
    return boe_due_on(boe_date=certificate.application.boe_date, issued_at=certificate.issued_at)


@transaction.atomic
def boe_report(
    *,
    by,
    certificate: ImportCertificate,
    boe_no: str,
    boe_date,
    port_code: str,
    assessed_value,
    assessed_copy,
) -> AssessedBoe:
    """The member records the assessed Bill of Entry with the assessed copy (PDF)."""
    scopes.require_in_scope(
        by, member_id=certificate.member_id, office_id=certificate.office_id, what="This IC"
    )
    certificate = ImportCertificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != CertStatus.ISSUED:
        raise ValidationError({"status": [_("Report the Bill of Entry against the IC in force")]})
    if AssessedBoe.objects.filter(certificate=certificate).exists():
        raise ValidationError(
            {"boe_no": [_("The assessed Bill of Entry for this IC is already reported")]}
        )
    errors: dict[str, list[str]] = {}
    try:
        boe_no = identifiers.normalise_bill_of_entry_no(boe_no)
    except ValidationError as exc:
        errors["boe_no"] = [exc.message]
    try:
        port_code = identifiers.normalise_port_code(port_code)
    except ValidationError as exc:
        errors["port_code"] = [exc.message]
    if not isinstance(boe_date, dt.date):
        errors["boe_date"] = [_("Enter the Bill of Entry date")]
    elif boe_date > ist_today():
        errors["boe_date"] = [_("Bill of Entry date cannot be in the future")]
    elif boe_date < timezone.localtime(certificate.issued_at).date() - dt.timedelta(days=60):
        errors["boe_date"] = [_("Bill of Entry date is long before the IC was issued: check it")]
    try:
        assessed_value = rupees(Decimal(str(assessed_value)))
        if assessed_value <= 0:
            raise ValueError
    except (ArithmeticError, ValueError):
        errors["assessed_value"] = [_("Enter the assessed value in rupees, more than zero")]
    if errors:
        raise ValidationError(errors)
    check_pdf_upload(assessed_copy, field="assessed_copy", label="assessed Bill of Entry copy")
    report = AssessedBoe.objects.create(
        certificate=certificate,
        boe_no=boe_no,
        boe_date=boe_date,
        port_code=port_code,
        assessed_value=assessed_value,
        assessed_copy=assessed_copy,
        reported_by=by,
        office_id=certificate.office_id,
    )
    certificate.boe_reported_at = report.reported_at
    certificate.save(update_fields=["boe_reported_at"])
    audit_record(
        actor=by,
        verb=Verb.BOE_REPORTED,
        target=certificate,
        member=certificate.member,
        office=certificate.office,
        payload={
            "boe_no": boe_no,
            "assessed_value": str(assessed_value),
            "assessed_value_display": format_inr(assessed_value),
            "difference": str(assessed_value - certificate.value),
        },
    )
    return report


@transaction.atomic
def boe_adjust(*, by, report: AssessedBoe, post_adjustment: bool) -> AssessedBoe:
    """The office reviews the report; optionally brings the entitlement in line with the assessed value."""
    report = AssessedBoe.objects.select_for_update().select_related("certificate").get(pk=report.pk)
    certificate = report.certificate
    check_office_side(by, certificate.office_id)
    if report.reviewed_at is not None:
        raise ValidationError({"status": [_("This Bill of Entry was already reviewed")]})
    difference = report.assessed_value - certificate.value
    if post_adjustment and difference != 0:
        account = account_lock(
            member=certificate.member,
            financial_year=certificate.account.financial_year,
            segment_group=certificate.account.segment_group,
        )
        # Assessed above the IC value takes more entitlement (negative); below gives some back.
        report.adjustment = ledger_post(
            account=account,
            kind=EntryKind.ADJUSTMENT,
            amount=-difference,
            by=by,
            certificate=certificate,
            note=f"Assessed value {format_inr(report.assessed_value)} vs IC {format_inr(certificate.value)}",
        )
        audit_record(
            actor=by,
            verb=Verb.BOE_ADJUSTED,
            target=certificate,
            member=certificate.member,
            office=certificate.office,
            payload={"amount": str(-difference), "amount_display": format_inr(-difference)},
        )
    else:
        # Reviewed without touching the entitlement: the review itself is the record.
        audit_record(
            actor=by,
            verb=Verb.BOE_REVIEWED,
            target=certificate,
            member=certificate.member,
            office=certificate.office,
            payload={"boe_no": report.boe_no, "difference": str(difference)},
        )
    report.reviewed_by, report.reviewed_at = by, timezone.now()
    report.save()
    return report
