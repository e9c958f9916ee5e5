"""Issue and urgent physical issue: each one transaction with its ledger entries (cancel and
replace: changes.py, same lock order).

Lock order everywhere: application → entitlement account → IC counter. The number is taken after
the account lock and inside the same transaction, so a refused debit rolls the counter back too and
IC numbers stay gap-free per office and financial year.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from icportal.audit.models import Verb
from icportal.audit.services import audit_record
from icportal.common.counters import next_number
from icportal.common.dates import financial_year
from icportal.common.money import format_inr, rupees
from icportal.common.worker import wake
from icportal.entitlements.ledger import account_lock, ledger_post
from icportal.entitlements.models import EntryKind
from icportal.entitlements.selectors import scheme_in_force
from icportal.members.models import RegistrationStatus
from icportal.notifications.services import notify_member

from ..links import certificate_link
from ..mails import IC_ISSUED_PHYSICAL, IcIssuedPhysicalPayload
from ..models import (
    PHYSICAL_CHANNELS,
    Application,
    AppStatus,
    Attachment,
    AttachmentKind,
    DeliveryMode,
    ImportCertificate,
    Item,
    UrgentRequest,
)
from .applications import submission_problems
from .common import check_office_side, in_english, lock_application, require_status
from .reconciliation import boe_due_on

DOCUMENTS_TASK = "documents.produce"
DISPATCH_PAPER_TASK = "dispatch.paper_ics"  # dispatch takes issued paper ICs into its register
# What issuing reads of the application's neighbours, fetched with the locked row (one query
# instead of five per IC: the bulk job issues thousands).
ISSUE_READS = ("member__icegate_registration", "office", "epc__segment_group")
# What the issue checks count, read with the locked row too (two queries fewer per IC).
ISSUE_FACTS = {
    "issue_has_items": Exists(Item.objects.filter(application=OuterRef("pk"))),
    **{
        f"issue_has_{kind}": Exists(
            Attachment.objects.filter(application=OuterRef("pk"), kind=kind)
        )
        for kind in (AttachmentKind.INVOICE, AttachmentKind.DRAFT_BOE)
    },
}


ELECTRONIC_REFUSED = gettext_lazy(
    "The member is not verified on ICEGATE, so an electronic IC cannot reach them. "
    "Ask them to register, or request an urgent physical IC (a second officer approves)."
)


def delivery_mode_for(application: Application) -> DeliveryMode | None:
    """Electronic for an ICES port and an ICEGATE-verified member; physical copy for courier, SEZ,
    EPZ and bonded warehouse; None when only an urgent physical IC is possible."""
    if application.channel in PHYSICAL_CHANNELS:
        return DeliveryMode.PHYSICAL_COPY
    registration = getattr(application.member, "icegate_registration", None)
    if registration is not None and registration.status == RegistrationStatus.VERIFIED:
        return DeliveryMode.ELECTRONIC
    return None


# Lazy: the mail is written in each recipient's language (the outbox renders it under theirs).
_DELIVERY_WORDS = {
    DeliveryMode.URGENT_PHYSICAL: gettext_lazy("an urgent physical IC"),
    DeliveryMode.PHYSICAL_COPY: gettext_lazy(
        "a paper IC (courier, SEZ, EPZ or bonded-warehouse import)"
    ),
    DeliveryMode.ELECTRONIC: gettext_lazy("Electronic"),
}


def delivery_words(mode: DeliveryMode) -> str:
    """How a mail names the delivery mid-sentence, its capitals kept ("an urgent physical IC":
    lowering the label gave "urgent physical ic")."""
    return _DELIVERY_WORDS[DeliveryMode(mode)]


def _issue(
    *,
    by,
    application: Application,
    mode: DeliveryMode,
    second_approver=None,
    urgent_reason: str = "",
    replaces: ImportCertificate | None = None,
    replace_reason: str = "",
) -> ImportCertificate:
    fy = financial_year()
    epc = application.epc
    account = account_lock(
        member=application.member,
        financial_year=epc.financial_year,
        segment_group=epc.segment_group,
    )
    if replaces is not None:
        ledger_post(
            account=account,
            kind=EntryKind.REVERSAL,
            amount=replaces.value,
            by=by,
            certificate=replaces,
            note=f"Replaced by a new IC: {replace_reason}"[:300],
        )
    number, sequence = next_number(office=application.office, financial_year=fy, kind="IC")
    scheme = scheme_in_force(with_rates=False)
    issued_at = timezone.now()
    certificate = ImportCertificate.objects.create(
        number=number,
        office=application.office,
        financial_year=fy,
        sequence=sequence,
        application=application,
        member=application.member,
        epc=epc,
        account=account,
        value=application.total_value,
        balance_after=account.balance - rupees(application.total_value),  # as the debit leaves it
        delivery_mode=mode,
        issued_by=by,
        issued_at=issued_at,
        boe_due_on=boe_due_on(boe_date=application.boe_date, issued_at=issued_at),
        second_approver=second_approver,
        urgent_reason=urgent_reason,
        notification_number=scheme.notification_number,
        notification_serials=scheme.notification_serials,
        document_type_code=scheme.ic_document_type_code,
        replaces=replaces,
        replace_reason=replace_reason,
    )
    entry = ledger_post(
        account=account,
        kind=EntryKind.DEBIT,
        amount=application.total_value,
        by=by,
        certificate=certificate,
        note=f"IC {number}",
    )
    if certificate.balance_after != entry.balance_after:  # never, unless the ledger's rule changes
        certificate.balance_after = entry.balance_after
        certificate.save(update_fields=["balance_after"])
    # The signed PDF: documents takes issued ICs without one; woken by name, as it is a higher
    # stage this app does not import (docs/documents.md).
    wake(DOCUMENTS_TASK)
    application.status = AppStatus.ISSUED
    application.decided_by, application.decided_at = by, certificate.issued_at
    application.version += 1
    application.save(update_fields=["status", "decided_by", "decided_at", "version", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.IC_ISSUED,
        target=certificate,
        member=application.member,
        office=application.office,
        payload={
            "number": number,
            "value": str(certificate.value),
            "value_display": format_inr(certificate.value),
            "delivery_mode": in_english(DeliveryMode(mode).label),
            "balance_after": str(certificate.balance_after),
        },
    )
    if mode != DeliveryMode.ELECTRONIC:
        # The dispatch register entry: dispatch pulls issued paper ICs (a later stage, by name).
        wake(DISPATCH_PAPER_TASK)
        notify_member(
            member=application.member,
            template=IC_ISSUED_PHYSICAL,
            payload=IcIssuedPhysicalPayload(
                member_name=application.member.legal_name,
                ic_number=number,
                delivery=delivery_words(mode),
                customs_discretion=mode == DeliveryMode.URGENT_PHYSICAL,
                office_name=application.office.name,
                link=certificate_link(certificate),
            ),
        )
    return certificate


def _ready_for_issue(application: Application) -> None:
    # The balance is checked again under the account lock by the debit itself.
    facts = {}
    if hasattr(application, "issue_has_items"):  # locked with ISSUE_FACTS
        facts = {
            "has_items": application.issue_has_items,
            "attachment_kinds": {
                kind
                for kind in (AttachmentKind.INVOICE, AttachmentKind.DRAFT_BOE)
                if getattr(application, f"issue_has_{kind}")
            },
        }
    errors = submission_problems(application, check_balance=False, **facts)
    if application.epc is not None and application.epc.financial_year != financial_year():
        errors.setdefault("epc", []).append(_("The EPC is not for the current financial year"))
    if application.service_charge and not application.charge_receipt_no:
        errors.setdefault("charge_receipt_no", []).append(
            _("Record the service charge of %(charge)s as paid first")
            % {"charge": format_inr(application.service_charge)}
        )
    if errors:
        raise ValidationError(errors)


def issue_refusals(application: Application) -> list[str]:
    """Why certificate_issue would refuse this application now, without changing anything: for
    the confirmation pages, which flag it before the officer signs. The balance is left to the
    caller (a bulk selection draws several ICs on one balance)."""
    try:
        _ready_for_issue(application)
    except ValidationError as exc:
        return exc.messages
    return [] if delivery_mode_for(application) else [str(ELECTRONIC_REFUSED)]


@transaction.atomic
def certificate_issue(
    *, by, application: Application, version: int | None = None
) -> ImportCertificate:
    """Approve and issue: number, debit, delivery mode and audit, all or nothing."""
    check_office_side(by, application.office_id)
    application = lock_application(
        application, version=version, related=ISSUE_READS, annotations=ISSUE_FACTS
    )
    require_status(application, {AppStatus.SUBMITTED}, "issue")
    _ready_for_issue(application)
    mode = delivery_mode_for(application)
    if mode is None:
        raise ValidationError({"status": [str(ELECTRONIC_REFUSED)]})
    return _issue(by=by, application=application, mode=mode)


@transaction.atomic
def urgent_request(*, by, application: Application, reason: str) -> UrgentRequest:
    check_office_side(by, application.office_id)
    application = lock_application(application)
    require_status(application, {AppStatus.SUBMITTED}, "request an urgent physical IC for")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the IC is urgent")]})
    if application.urgent_requests.filter(status=UrgentRequest.Status.PENDING).exists():
        raise ValidationError({"reason": [_("An urgent request is already waiting for approval")]})
    request = UrgentRequest.objects.create(application=application, reason=reason, requested_by=by)
    audit_record(
        actor=by,
        verb=Verb.URGENT_REQUESTED,
        target=application,
        member=application.member,
        office=application.office,
        payload={"reason": reason},
    )
    return request


@transaction.atomic
def urgent_approve(
    *, by, request: UrgentRequest, second_factor: bool = False, version: int | None = None
) -> ImportCertificate:
    """A second officer approves: the IC is issued as a physical certificate, signed and sealed.

    The approval is its own audit row (who, when, whether this session passed the second factor:
    `second_factor`, from accounts.otp.request_verified), beside the issue row of the officer who
    asked: the two names on a paper IC that customs accepts at its discretion."""
    request = (
        UrgentRequest.objects.select_for_update().select_related("application").get(pk=request.pk)
    )
    check_office_side(by, request.application.office_id)
    if request.status != UrgentRequest.Status.PENDING:
        raise ValidationError({"status": [_("This urgent request was already decided")]})
    if request.requested_by_id == by.pk:
        raise ValidationError(
            {"status": [_("A second officer must approve an urgent physical IC")]}
        )
    # `version`: the application as the approver saw it on the confirmation page.
    application = lock_application(request.application, version=version)
    require_status(application, {AppStatus.SUBMITTED}, "issue")
    _ready_for_issue(application)
    certificate = _issue(
        by=request.requested_by,
        application=application,
        mode=DeliveryMode.URGENT_PHYSICAL,
        second_approver=by,
        urgent_reason=request.reason,
    )
    request.status, request.decided_by, request.decided_at = (
        UrgentRequest.Status.APPROVED,
        by,
        timezone.now(),
    )
    request.save()
    audit_record(
        actor=by,
        verb=Verb.URGENT_APPROVED,
        target=certificate,
        member=application.member,
        office=application.office,
        payload={
            "number": certificate.number,
            "approved_by": by.full_name,
            "approved_at": request.decided_at.isoformat(),
            "requested_by": request.requested_by.full_name,
            "second_factor_verified": bool(second_factor),
            "reason": request.reason,
        },
    )
    return certificate


@transaction.atomic
def urgent_decline(*, by, request: UrgentRequest, reason: str) -> UrgentRequest:
    request = (
        UrgentRequest.objects.select_for_update().select_related("application").get(pk=request.pk)
    )
    check_office_side(by, request.application.office_id)
    if request.status != UrgentRequest.Status.PENDING:
        raise ValidationError({"status": [_("This urgent request was already decided")]})
    request.status, request.decided_by, request.decided_at = (
        UrgentRequest.Status.DECLINED,
        by,
        timezone.now(),
    )
    request.save()
    audit_record(
        actor=by,
        verb=Verb.URGENT_DECLINED,
        target=request.application,
        member=request.application.member,
        office=request.application.office,
        payload={"reason": (reason or "").strip()},
    )
    return request
