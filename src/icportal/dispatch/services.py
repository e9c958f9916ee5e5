"""Every write of the dispatch register: one transaction, one audit row, and the member's mail."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from icportal.accounts import scopes
from icportal.audit.models import Verb
from icportal.audit.services import audit_record
from icportal.certificates.models import CertStatus, DeliveryMode, ImportCertificate
from icportal.common.counters import next_number
from icportal.common.dates import financial_year
from icportal.notifications.services import notify_member
from icportal.notifications.templates import (
    CopyDeclinedPayload,
    CopyDispatchedPayload,
    EmailTemplate,
)

from . import selectors
from .addresses import destination_clean, paper_destination
from .models import (
    MEMBER_REASONS,
    OPEN_STATUSES,
    TRANSITIONS,
    CopyRequest,
    DeliverTo,
    Kind,
    Method,
    PhysicalCopy,
    Reason,
    Status,
)

OTHER_OFFICE = gettext_lazy("Staff act only on their own office's requests")

CUSTOMS_DISCRETION = gettext_lazy("Acceptance of this physical IC is at the discretion of Customs.")
_CHANNEL_REASONS = {
    "courier": Reason.COURIER,
    "sez": Reason.SEZ,
    "epz": Reason.EPZ,
    "bonded": Reason.BONDED,
}


def _link(request: CopyRequest) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("dispatch:detail", args=[request.slug])


def _lock(request: CopyRequest) -> CopyRequest:
    return (
        CopyRequest.objects.select_for_update()
        .select_related("certificate", "member", "office")
        .get(pk=request.pk)
    )


def _move(request: CopyRequest, to: Status, refusal: str) -> None:
    """`refusal` names the step, with %(status)s for where the request is."""
    if to not in TRANSITIONS.get(request.status, set()):
        raise ValidationError({"status": [refusal % {"status": request.get_status_display()}]})
    request.status = to


def _english(text) -> str:
    """Audit payloads stay in English whatever language the actor reads."""
    with translation.override("en"):
        return str(text)


def _audit(by, verb, request: CopyRequest, **payload):
    audit_record(
        actor=by,
        verb=verb,
        target=request,
        member=request.member,
        office=request.office,
        payload={"reference": request.reference, "ic": request.certificate.number, **payload},
    )


def _new(*, by, certificate, kind, reason, reason_text, status, destination: dict) -> CopyRequest:
    if certificate.copy_requests.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            {
                "reason": [
                    _("A physical copy of this IC is already being prepared: see its request.")
                ]
            }
        )
    reference, _number = next_number(
        office=certificate.office, financial_year=financial_year(), kind="PC"
    )
    now = timezone.now()
    # The IC has entered the dispatch register (dispatch.selectors.physical_ics_waiting).
    ImportCertificate.objects.filter(pk=certificate.pk, copy_requested_at__isnull=True).update(
        copy_requested_at=now
    )
    return CopyRequest.objects.create(
        reference=reference,
        certificate=certificate,
        member=certificate.member,
        office=certificate.office,
        kind=kind,
        reason=reason,
        reason_text=reason_text,
        status=status,
        requested_by=by,
        decided_by=by if status == Status.APPROVED else None,
        decided_at=now if status == Status.APPROVED else None,
        **destination,
    )


@transaction.atomic
def copy_request_create(
    *,
    by,
    certificate: ImportCertificate,
    reason: str,
    reason_text: str = "",
    deliver_to: str = DeliverTo.REGISTERED,
    address: dict | None = None,
) -> CopyRequest:
    """The member asks the issuing office for a physical copy of a digitally signed IC, and says
    where it goes: the registered address, another address (`address`), or the office."""
    scopes.require_in_scope(
        by, member_id=certificate.member_id, office_id=certificate.office_id, what="This IC"
    )
    certificate = ImportCertificate.objects.select_for_update().get(pk=certificate.pk)
    reason_text = (reason_text or "").strip()
    if reason not in MEMBER_REASONS:
        raise ValidationError({"reason": [_("Choose why you need a physical copy")]})
    if reason == Reason.OTHER and not reason_text:
        raise ValidationError({"reason_text": [_("Say why you need a physical copy")]})
    if certificate.status != CertStatus.ISSUED:
        raise ValidationError(
            {
                "reason": [
                    _("This IC is %(status)s: no copies.")
                    % {"status": certificate.get_status_display().lower()}
                ]
            }
        )
    destination = destination_clean(
        member=certificate.member, deliver_to=deliver_to, address=address
    )
    request = _new(
        by=by,
        certificate=certificate,
        kind=Kind.COPY,
        reason=reason,
        reason_text=reason_text,
        status=Status.REQUESTED,
        destination=destination,
    )
    _audit(
        by,
        Verb.COPY_REQUESTED,
        request,
        reason=_english(Reason(request.reason).label),
        deliver_to=_english(DeliverTo(request.deliver_to).label),
    )
    return request


def _paper_open(*, by, certificate: ImportCertificate, actor_label: str = "") -> CopyRequest:
    if certificate.delivery_mode == DeliveryMode.ELECTRONIC:
        raise ValidationError({"status": [_("This IC is electronic: the member asks for copies.")]})
    if certificate.status != CertStatus.ISSUED:
        raise ValidationError({"status": [_("Only an IC in force is dispatched.")]})
    if certificate.delivery_mode == DeliveryMode.URGENT_PHYSICAL:
        reason = Reason.URGENT_PHYSICAL
    else:
        reason = _CHANNEL_REASONS.get(certificate.application.channel, Reason.OTHER)
    request = _new(
        by=by,
        certificate=certificate,
        kind=Kind.PHYSICAL_IC,
        reason=reason,
        reason_text=certificate.urgent_reason,
        status=Status.APPROVED,
        destination=paper_destination(certificate.member),
    )
    audit_record(
        actor=None if actor_label else by,
        actor_label=actor_label or None,
        verb=Verb.COPY_APPROVED,
        target=request,
        member=request.member,
        office=request.office,
        payload={
            "reference": request.reference,
            "ic": certificate.number,
            "note": "physical IC entered the register",
        },
    )
    return request


@transaction.atomic
def physical_ic_open(*, by, certificate: ImportCertificate) -> CopyRequest:
    """Put a paper IC (courier/SEZ/EPZ/bonded, or urgent physical) into the dispatch register by
    hand: the worker does it at issue (`paper_ics_enter`); this is the office's way if it did not."""
    scopes.require_own_office(
        by, office_id=certificate.office_id, message=_("Staff act only on their own office's ICs")
    )
    certificate = ImportCertificate.objects.select_for_update().get(pk=certificate.pk)
    return _paper_open(by=by, certificate=certificate)


PAPER_TASK = "dispatch.paper_ics"  # certificates wakes it by name when it issues a paper IC
AT_ISSUE = "Dispatch register (at issue)"


def paper_ics_enter(*, limit: int = 100) -> int:
    """Every paper IC in force without a register entry gets one, as the issuing officer's: from
    that moment the member sees "being printed", then "dispatched (docket …)", then "received".
    One transaction per IC; an IC another worker entered meanwhile is skipped under its lock."""
    entered = 0
    for pk in selectors.paper_ics_unentered(limit=limit):
        with transaction.atomic():
            certificate = (
                ImportCertificate.objects.select_for_update(of=("self",))
                .select_related("application", "member", "issued_by")
                .get(pk=pk)
            )
            if (
                certificate.copy_requested_at is not None
                or certificate.status != CertStatus.ISSUED
                or certificate.delivery_mode == DeliveryMode.ELECTRONIC
            ):
                continue
            _paper_open(by=certificate.issued_by, certificate=certificate, actor_label=AT_ISSUE)
            entered += 1
    return entered


@transaction.atomic
def copy_request_approve(*, by, request: CopyRequest) -> CopyRequest:
    scopes.require_own_office(by, office_id=request.office_id, message=OTHER_OFFICE)
    request = _lock(request)
    _move(request, Status.APPROVED, _("You cannot approve it: the request is %(status)s."))
    request.decided_by, request.decided_at = by, timezone.now()
    request.save()
    _audit(by, Verb.COPY_APPROVED, request)
    return request


@transaction.atomic
def copy_request_decline(*, by, request: CopyRequest, reason: str) -> CopyRequest:
    """The office declines, saying why; the member is mailed."""
    scopes.require_own_office(by, office_id=request.office_id, message=OTHER_OFFICE)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why: the member reads it")]})
    request = _lock(request)
    _move(request, Status.DECLINED, _("You cannot decline it: the request is %(status)s."))
    request.decided_by, request.decided_at, request.decline_reason = by, timezone.now(), reason
    request.save()
    _audit(by, Verb.COPY_DECLINED, request, reason=reason)
    notify_member(
        member=request.member,
        template=EmailTemplate.COPY_DECLINED,
        payload=CopyDeclinedPayload(
            member_name=request.member.legal_name,
            reference=request.reference,
            ic_number=request.certificate.number,
            reason=reason,
            office_name=request.office.name,
            link=_link(request),
        ),
    )
    return request


@transaction.atomic
def copy_print(*, by, request: CopyRequest) -> PhysicalCopy:
    """Take the next copy number of the certificate (gap-free under the certificate's row lock)."""
    scopes.require_own_office(by, office_id=request.office_id, message=OTHER_OFFICE)
    request = _lock(request)
    _move(request, Status.PRINTED, _("You cannot print it: the request is %(status)s."))
    ImportCertificate.objects.select_for_update().get(pk=request.certificate_id)
    last = PhysicalCopy.objects.filter(certificate_id=request.certificate_id).aggregate(
        n=Max("copy_number")
    )["n"]
    copy = PhysicalCopy.objects.create(
        certificate_id=request.certificate_id,
        request=request,
        copy_number=(last or 0) + 1,
        printed_by=by,
    )
    request.save()
    _audit(by, Verb.COPY_PRINTED, request, copy_number=copy.copy_number)
    return copy


def _clean_dispatch(data: dict) -> dict:
    method = data.get("method")
    errors: dict[str, list[str]] = {}
    clean = {"method": method}
    if method == Method.COURIER:
        for field, missing in (
            ("courier_name", _("Enter the courier")),
            ("docket_no", _("Enter the docket number")),
        ):
            clean[field] = (data.get(field) or "").strip()
            if not clean[field]:
                errors[field] = [missing]
        when = data.get("dispatch_date")
        if not isinstance(when, dt.date):
            errors["dispatch_date"] = [_("Enter the date it was sent, like 14/03/2026")]
        elif when > timezone.localdate():
            errors["dispatch_date"] = [_("The dispatch date cannot be in the future")]
        clean["dispatch_date"] = when
    elif method == Method.HAND:
        for field, missing in (
            ("receiver_name", _("Enter the receiver's name")),
            ("receiver_id", _("Enter the ID seen")),
        ):
            clean[field] = (data.get(field) or "").strip()
            if not clean[field]:
                errors[field] = [missing]
        clean["dispatch_date"] = timezone.localdate()
    else:
        errors["method"] = [_("Choose courier or hand-over at the office")]
    if errors:
        raise ValidationError(errors)
    return clean


def dispatch_details_problems(*, data: dict) -> dict[str, list[str]]:
    """What the dispatch details lack, by field (no write): the form shows these beside its own
    messages, so one submission names every box to correct."""
    try:
        _clean_dispatch(data)
    except ValidationError as exc:
        return exc.message_dict
    return {}


@transaction.atomic
def copy_dispatch(*, by, request: CopyRequest, data: dict) -> CopyRequest:
    """Record the courier (courier, docket no., date) or the hand-over (receiver, ID). Once only."""
    scopes.require_own_office(by, office_id=request.office_id, message=OTHER_OFFICE)
    clean = _clean_dispatch(data)
    request = _lock(request)
    if request.status in (Status.DISPATCHED, Status.ACKNOWLEDGED):
        raise ValidationError(
            {"status": [_("This copy was already dispatched: it is recorded once.")]}
        )
    _move(
        request,
        Status.DISPATCHED,
        _("You cannot dispatch it before it is printed: the request is %(status)s."),
    )
    for field, value in clean.items():
        setattr(request, field, value)
    request.dispatched_by, request.dispatched_at = by, timezone.now()
    request.save()
    copy = request.copy
    _audit(
        by, Verb.COPY_DISPATCHED, request, copy_number=copy.copy_number, how=_english(_how(request))
    )
    notify_member(
        member=request.member,
        template=EmailTemplate.COPY_DISPATCHED,
        payload=CopyDispatchedPayload(
            member_name=request.member.legal_name,
            reference=request.reference,
            ic_number=request.certificate.number,
            copy_number=copy.copy_number,
            how=_how(request),
            customs_discretion=request.customs_discretion,
            office_name=request.office.name,
            link=_link(request),
        ),
    )
    return request


def _how(request: CopyRequest):
    """How it left, read in the language it is shown in (lazy: the mail is written out in each
    recipient's language)."""
    if request.method == Method.COURIER:
        return format_lazy(
            gettext_lazy("by {courier}, docket {docket}, sent on {date}"),
            courier=request.courier_name,
            docket=request.docket_no,
            date=f"{request.dispatch_date:%d/%m/%Y}",
        )
    return format_lazy(
        gettext_lazy("handed over at the office to {receiver} ({receiver_id})"),
        receiver=request.receiver_name,
        receiver_id=request.receiver_id,
    )


@transaction.atomic
def copy_acknowledge(*, by, request: CopyRequest) -> CopyRequest:
    """The member (or the office, on the member's word) records that the paper arrived."""
    scopes.require_in_scope(
        by, member_id=request.member_id, office_id=request.office_id, what="This request"
    )
    request = _lock(request)
    if request.status != Status.DISPATCHED:
        if request.status == Status.ACKNOWLEDGED:
            raise ValidationError({"status": [_("Receipt was already acknowledged.")]})
        raise ValidationError(
            {"status": [_("It has not been dispatched yet: acknowledge once you have it.")]}
        )
    _move(request, Status.ACKNOWLEDGED, _("You cannot acknowledge it: the request is %(status)s."))
    request.acknowledged_by, request.acknowledged_at = by, timezone.now()
    request.save()
    _audit(by, Verb.COPY_ACKNOWLEDGED, request)
    return request
