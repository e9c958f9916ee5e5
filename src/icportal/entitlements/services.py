"""Writes for scheme parameters, eligible items and EPCs. Ledger postings live in `ledger`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icportal.accounts import scopes
from icportal.accounts.roles import require_head_office, scope_for
from icportal.audit.models import Verb
from icportal.audit.services import audit_record
from icportal.common.counters import next_number
from icportal.common.dates import financial_year, financial_year_bounds
from icportal.common.files import check_pdf_upload
from icportal.common.identifiers import normalise_hs_code
from icportal.common.money import format_inr, rupees

from .ledger import account_lock, ledger_post
from .models import (
    EligibleItem,
    EntryKind,
    Epc,
    EpcFobLine,
    EpcStatus,
    SchemeRate,
    SchemeVersion,
    SegmentGroup,
)
from .selectors import rate_for_year

OTHER_OFFICE = "Staff act only on their own office's work"


@transaction.atomic
def scheme_version_create(
    *,
    by,
    effective_from: dt.date,
    notification_number: str,
    notification_serials: str,
    ic_document_type_code: str,
    rates: dict[str, Decimal],
    charges_enabled: bool = False,
    epc_service_charge: Decimal = Decimal(0),
    ic_service_charge: Decimal = Decimal(0),
    service_charge_gst_percent: Decimal = Decimal("18"),
    note: str = "",
) -> SchemeVersion:
    """Head office sets new parameters from a date. Earlier versions stay as they were."""
    require_head_office(by)
    errors: dict[str, list[str]] = {}
    code = (ic_document_type_code or "").strip().upper()
    if not (len(code) == 6 and code.isalnum()):
        errors["ic_document_type_code"] = [
            _("Document type code is 6 letters or digits, like 6261WC")
        ]
    if not (notification_number or "").strip():
        errors["notification_number"] = [_("Enter the customs notification number")]
    groups = {g.code: g for g in SegmentGroup.objects.all()}
    if set(rates) != set(groups):
        errors["rates"] = [
            _("Give a percentage for each segment group: %(groups)s")
            % {"groups": ", ".join(groups)}
        ]
    for key, value in rates.items():
        try:
            in_range = Decimal(0) <= Decimal(value) <= Decimal(100)
        except (ArithmeticError, ValueError, TypeError):
            in_range = False
        if not in_range:
            errors.setdefault("rates", []).append(
                _("%(group)s: percentage must be between 0 and 100") % {"group": key}
            )
    if epc_service_charge < 0 or ic_service_charge < 0:
        errors["ic_service_charge"] = [_("Service charges cannot be negative")]
    if errors:
        raise ValidationError(errors)
    version = SchemeVersion.objects.create(
        effective_from=effective_from,
        notification_number=notification_number.strip(),
        notification_serials=notification_serials.strip(),
        ic_document_type_code=code,
        charges_enabled=charges_enabled,
        epc_service_charge=rupees(epc_service_charge),
        ic_service_charge=rupees(ic_service_charge),
        service_charge_gst_percent=service_charge_gst_percent,
        note=note.strip(),
        created_by=by,
    )
    SchemeRate.objects.bulk_create(
        SchemeRate(version=version, segment_group=groups[k], percentage=Decimal(v))
        for k, v in rates.items()
    )
    audit_record(
        actor=by,
        verb=Verb.SCHEME_VERSION_CREATED,
        target=version,
        payload={
            "effective_from": effective_from.isoformat(),
            "notification_number": version.notification_number,
            "rates": {k: str(v) for k, v in rates.items()},
            "ic_service_charge": str(version.ic_service_charge),
        },
    )
    return version


@transaction.atomic
def eligible_item_save(
    *,
    by,
    segment_group: SegmentGroup,
    name: str,
    hs_code: str = "",
    item: EligibleItem | None = None,
    needs_affidavit: bool = False,
    note: str = "",
    is_active: bool = True,
) -> EligibleItem:
    require_head_office(by)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": [_("Enter the item's name")]})
    if hs_code:
        try:
            hs_code = normalise_hs_code(hs_code)
        except ValidationError as exc:  # beside the field, not as a page-level error
            raise ValidationError({"hs_code": exc.messages}) from exc
    item = item or EligibleItem(segment_group=segment_group)
    item.segment_group, item.name, item.hs_code = segment_group, name, hs_code
    item.needs_affidavit, item.note, item.is_active = needs_affidavit, note, is_active
    item.full_clean()
    item.save()
    audit_record(actor=by, verb=Verb.ITEM_SAVED, target=item, payload={"hs_code": hs_code})
    return item


def _parse_fob(fob_lines: dict, segment_group: SegmentGroup, member) -> dict:
    allowed = {s.code: s for s in segment_group.segments.all()}
    member_segments = {s.code for s in member.segments.all()}
    parsed, errors = {}, []
    for code, raw in fob_lines.items():
        if raw in (None, ""):
            continue
        if code not in allowed:
            errors.append(
                _("%(code)s is not a segment of %(group)s")
                % {"code": code, "group": segment_group.name}
            )
            continue
        if code not in member_segments:
            errors.append(
                _("The firm is not registered for %(segment)s") % {"segment": allowed[code].name}
            )
            continue
        try:
            value = rupees(raw)
            if not value.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError, TypeError):
            errors.append(
                _("%(segment)s: enter the FOB value in rupees, like 12500000.00")
                % {"segment": allowed[code].name}
            )
            continue
        if value <= 0:
            errors.append(
                _("%(segment)s: the FOB value must be more than zero")
                % {"segment": allowed[code].name}
            )
            continue
        parsed[allowed[code]] = value
    if not parsed and not errors:
        errors.append(
            _("Enter last year's FOB value of own manufactured exports for at least one segment")
        )
    if errors:
        raise ValidationError({"fob_lines": errors})
    return parsed


@transaction.atomic
def epc_submit(
    *,
    by,
    member,
    financial_year_of_entitlement: str,
    segment_group: SegmentGroup,
    fob_lines: dict[str, object],
    ca_certificate,
) -> Epc:
    """The member applies for the year's EPC with last year's FOB per segment and the CA certificate."""
    scope = scope_for(by)
    if scope.member_id is not None and scope.member_id != member.pk:
        raise PermissionDenied("You can only apply for your own firm")
    if scope.office_id is not None and scope.office_id != member.office_id:
        raise PermissionDenied("Staff apply only for members of their own office")
    fy = financial_year_of_entitlement
    current = financial_year()
    start, _end = financial_year_bounds(current)
    previous = financial_year(start - dt.timedelta(days=1))
    if fy not in (current, previous):
        raise ValidationError(
            {
                "financial_year": [
                    _("Apply for %(current)s (or %(previous)s until it is settled)")
                    % {"current": current, "previous": previous}
                ]
            }
        )
    lines = _parse_fob(fob_lines, segment_group, member)
    check_pdf_upload(ca_certificate, field="ca_certificate", label=_("CA certificate"))
    live = Epc.objects.filter(
        member=member, financial_year=fy, segment_group=segment_group
    ).exclude(status=EpcStatus.RETURNED)
    if live.exists():
        raise ValidationError(
            {
                "financial_year": [
                    _("There is already an EPC for %(year)s and %(group)s")
                    % {"year": fy, "group": segment_group.name}
                ]
            }
        )
    epc = Epc.objects.create(
        member=member,
        office=member.office,
        financial_year=fy,
        segment_group=segment_group,
        fob_total=sum(lines.values()),
        ca_certificate=ca_certificate,
        submitted_by=by,
    )
    EpcFobLine.objects.bulk_create(
        EpcFobLine(epc=epc, segment=s, fob_value=v) for s, v in lines.items()
    )
    audit_record(
        actor=by,
        verb=Verb.EPC_SUBMITTED,
        target=epc,
        member=member,
        office=member.office,
        payload={
            "financial_year": fy,
            "group": segment_group.name,
            "fob_total_display": format_inr(epc.fob_total),
        },
    )
    return epc


@transaction.atomic
def epc_approve(*, by, epc: Epc) -> Epc:
    """Approval numbers the EPC and credits percentage × FOB to the member's ledger for that year."""
    scopes.require_own_office(by, office_id=epc.office_id, message=OTHER_OFFICE)
    epc = Epc.objects.select_for_update().get(pk=epc.pk)
    if epc.status != EpcStatus.SUBMITTED:
        raise ValidationError(
            {
                "status": [
                    _("Only a submitted EPC can be approved (now: %(status)s)")
                    % {"status": epc.get_status_display()}
                ]
            }
        )
    version, percentage = rate_for_year(
        financial_year=epc.financial_year, segment_group=epc.segment_group
    )
    entitlement = rupees(epc.fob_total * percentage / 100)
    epc.number, _counter = next_number(
        office=epc.office, financial_year=epc.financial_year, kind="EPC"
    )
    epc.status, epc.percentage, epc.entitlement = EpcStatus.APPROVED, percentage, entitlement
    epc.decided_by, epc.decided_at, epc.scheme_version = by, timezone.now(), version
    epc.save()
    account = account_lock(
        member=epc.member, financial_year=epc.financial_year, segment_group=epc.segment_group
    )
    ledger_post(
        account=account,
        kind=EntryKind.CREDIT,
        amount=entitlement,
        by=by,
        epc=epc,
        note=f"EPC {epc.number}: {percentage}% of FOB {format_inr(epc.fob_total)}",
    )
    audit_record(
        actor=by,
        verb=Verb.EPC_APPROVED,
        target=epc,
        member=epc.member,
        office=epc.office,
        payload={
            "number": epc.number,
            "entitlement": str(entitlement),
            "entitlement_display": format_inr(entitlement),
            "percentage": str(percentage),
        },
    )
    return epc


@transaction.atomic
def epc_return(*, by, epc: Epc, reason: str) -> Epc:
    scopes.require_own_office(by, office_id=epc.office_id, message=OTHER_OFFICE)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say what the member must correct")]})
    epc = Epc.objects.select_for_update().get(pk=epc.pk)
    if epc.status != EpcStatus.SUBMITTED:
        raise ValidationError({"status": [_("Only a submitted EPC can be returned")]})
    epc.status, epc.return_reason = EpcStatus.RETURNED, reason.strip()
    epc.decided_by, epc.decided_at = by, timezone.now()
    epc.save()
    audit_record(
        actor=by,
        verb=Verb.EPC_RETURNED,
        target=epc,
        member=epc.member,
        office=epc.office,
        payload={"reason": epc.return_reason},
    )
    return epc
