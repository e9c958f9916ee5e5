"""The member's side of an IC application: draft, items, attachments, submit, reply, clone."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icportal.accounts.roles import scope_for
from icportal.audit.models import Verb
from icportal.audit.services import audit_record
from icportal.common.counters import next_number
from icportal.common.dates import financial_year
from icportal.common.files import check_pdf_upload
from icportal.common.money import format_inr
from icportal.entitlements.models import Epc, EpcStatus
from icportal.entitlements.selectors import balance_for_application, eligible_items, scheme_in_force

from ..affidavits import affidavit_problems, items_needing_affidavit
from ..models import (
    EDITABLE_STATUSES,
    Application,
    AppStatus,
    Attachment,
    AttachmentKind,
    Channel,
    Item,
    Query,
)
from ..validation import HEADER_FIELDS, header_clean, items_clean
from .common import check_member_side, in_english, lock_application, require_status


def _audit(by, verb, application, **payload):
    audit_record(
        actor=by,
        verb=verb,
        target=application,
        member=application.member,
        office=application.office,
        payload=payload,
    )


def _check_epc(application: Application, epc: Epc | None) -> None:
    if epc is None:
        return
    if epc.member_id != application.member_id:
        raise PermissionDenied(_("This EPC belongs to another firm"))
    if epc.status != EpcStatus.APPROVED:
        raise ValidationError({"epc": [_("Choose an approved EPC")]})


def _service_charge(application: Application):
    version = scheme_in_force()
    if not version.charges_enabled:
        return 0
    return version.charge_with_gst(version.ic_service_charge)


@transaction.atomic
def application_create(*, by, member, epc: Epc | None = None) -> Application:
    """A new draft, numbered for the member's office (application references may have gaps)."""
    scope = scope_for(by)
    if scope.member_id is not None and scope.member_id != member.pk:
        raise PermissionDenied(_("You can only apply for your own firm"))
    fy = financial_year()
    reference, _sequence = next_number(office=member.office, financial_year=fy, kind="APP")
    application = Application(
        reference=reference, member=member, office=member.office, created_by=by
    )
    _check_epc(application, epc)
    application.epc = epc
    application.service_charge = _service_charge(application)
    application.save()
    _audit(by, Verb.APP_CREATED, application)
    return application


@transaction.atomic
def application_save(
    *,
    by,
    application: Application,
    header: dict,
    items: list[dict] | None,
    epc: Epc | None = None,
    version: int | None = None,
) -> Application:
    """Save a draft (or an application under query). Incomplete drafts are fine; wrong values are not."""
    check_member_side(by, application)
    application = lock_application(application, version=version)
    require_status(application, EDITABLE_STATUSES, "change")
    if epc is not None:
        _check_epc(application, epc)
        application.epc = epc
    data, errors = header_clean(header, for_submit=False)
    lines = []
    if items is not None:
        if items and application.epc is None:
            errors.setdefault("epc", []).append(
                _("Choose the EPC first: it decides which items are eligible")
            )
        elif items:
            group = application.epc.segment_group
            eligible = {i.pk: i for i in eligible_items(segment_group=group)}
            lines, item_errors = items_clean(items, segment_group=group, eligible=eligible)
            for key, messages in item_errors.items():
                errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    for key in HEADER_FIELDS:
        setattr(application, key, data[key])
    if items is not None:
        application.items.all().delete()
        Item.objects.bulk_create(
            Item(application=application, line_no=n, **line.__dict__)
            for n, line in enumerate(lines, 1)
        )
        application.total_value = sum((line.value_inr for line in lines), start=0)
    application.version += 1
    application.save()
    _audit(by, Verb.APP_UPDATED, application, total=str(application.total_value))
    return application


@transaction.atomic
def attachment_add(
    *, by, application: Application, kind: str, upload, eligible_item_id: int | None = None
) -> Attachment:
    """Attach a PDF; an affidavit names the item (of this application) it is for."""
    check_member_side(by, application)
    application = lock_application(application)
    require_status(application, EDITABLE_STATUSES, "add documents to")
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": [_("Choose what the document is")]})
    if kind == AttachmentKind.AFFIDAVIT:
        try:
            eligible_item_id = int(eligible_item_id)
        except (TypeError, ValueError):
            eligible_item_id = None
        if eligible_item_id not in {pk for pk, _name in items_needing_affidavit(application)}:
            raise ValidationError(
                {"eligible_item": [_("Choose the item that this affidavit is for")]}
            )
    else:
        eligible_item_id = None
    check_pdf_upload(upload, field="file", label=AttachmentKind(kind).label.lower())
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment.objects.create(
        application=application,
        kind=kind,
        eligible_item_id=eligible_item_id,
        file=upload,
        original_name=upload.name[:200],
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    _audit(
        by,
        Verb.APP_DOCUMENT_ADDED,
        application,
        kind=kind,
        kind_label=in_english(AttachmentKind(kind).label).lower(),
        name=attachment.original_name,
        sha256=attachment.sha256,
    )
    return attachment


def submission_problems(
    application: Application,
    *,
    check_balance: bool = True,
    has_items: bool | None = None,
    attachment_kinds: set[str] | None = None,
) -> dict[str, list[str]]:
    """Everything that stops submission, for the 'check your answers' page and the service.
    `has_items` and `attachment_kinds` may come read already (issuing reads them with the lock)."""
    header = {key: getattr(application, key) for key in HEADER_FIELDS}
    _data, errors = header_clean(header, for_submit=True)
    if application.epc is None:
        errors.setdefault("epc", []).append(_("Choose the EPC this IC draws on"))
    elif application.epc.financial_year != financial_year():
        errors.setdefault("epc", []).append(
            _("The EPC is for %(epc_year)s: ICs this year draw on a %(year)s EPC")
            % {"epc_year": application.epc.financial_year, "year": financial_year()}
        )
    if not (application.items.exists() if has_items is None else has_items):
        errors.setdefault("items", []).append(_("Add at least one item"))
    kinds = attachment_kinds
    if kinds is None:
        kinds = set(application.attachments.values_list("kind", flat=True))
    if AttachmentKind.INVOICE not in kinds:
        errors.setdefault("attachments", []).append(_("Attach the commercial invoice (PDF)"))
    if application.channel == Channel.ICES and AttachmentKind.DRAFT_BOE not in kinds:
        errors.setdefault("attachments", []).append(
            _("Attach the checklist (draft) Bill of Entry (PDF)")
        )
    if missing := affidavit_problems(application):
        errors.setdefault("affidavit", []).extend(missing)
    if application.epc is not None and check_balance:
        balance = balance_for_application(application=application)
        if application.total_value > balance:
            errors.setdefault("items", []).append(
                _("The items total %(total)s, more than the entitlement balance of %(balance)s")
                % {"total": format_inr(application.total_value), "balance": format_inr(balance)}
            )
    return errors


@transaction.atomic
def application_submit(*, by, application: Application, version: int | None = None) -> Application:
    """Send the application to the office's queue (or back to it after a query)."""
    check_member_side(by, application)
    application = lock_application(application, version=version)
    require_status(application, {AppStatus.DRAFT}, "submit")
    errors = submission_problems(application)
    if errors:
        raise ValidationError(errors)
    application.status = AppStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.version += 1
    application.save()
    _audit(by, Verb.APP_SUBMITTED, application, total=str(application.total_value))
    return application


@transaction.atomic
def query_reply(
    *, by, application: Application, reply: str, version: int | None = None
) -> Application:
    """The member answers the office's query; the application goes back to the office's queue."""
    check_member_side(by, application)
    application = lock_application(application, version=version)
    require_status(application, {AppStatus.QUERY}, "reply to")
    if not (reply or "").strip():
        raise ValidationError({"reply": [_("Write your reply to the office's question")]})
    errors = submission_problems(application)
    if errors:
        raise ValidationError(errors)
    query = application.queries.filter(replied_at__isnull=True).order_by("-asked_at").first()
    if query is not None:
        query.reply, query.replied_by, query.replied_at = reply.strip(), by, timezone.now()
        query.save()
    application.status = AppStatus.SUBMITTED
    application.version += 1
    application.save()
    _audit(by, Verb.APP_REPLIED, application, reply=reply.strip()[:500])
    return application


@transaction.atomic
def application_withdraw(*, by, application: Application) -> Application:
    check_member_side(by, application)
    application = lock_application(application)
    require_status(application, {AppStatus.DRAFT, AppStatus.SUBMITTED, AppStatus.QUERY}, "withdraw")
    application.status = AppStatus.WITHDRAWN
    application.version += 1
    application.save()
    _audit(by, Verb.APP_WITHDRAWN, application)
    return application


@transaction.atomic
def application_clone(*, by, application: Application) -> Application:
    """A new draft with the same supplier, port, channel and items; invoice and BoE left empty."""
    check_member_side(by, application)
    epc = application.epc
    if epc is not None and epc.financial_year != financial_year():
        epc = None
    copy = application_create(by=by, member=application.member, epc=epc)
    for key in ("supplier_name", "supplier_address", "country_of_origin", "port_code", "channel"):
        setattr(copy, key, getattr(application, key))
    copy.cloned_from = application
    if epc is not None:
        lines = list(application.items.all())
        Item.objects.bulk_create(
            Item(
                application=copy,
                line_no=line.line_no,
                eligible_item_id=line.eligible_item_id,
                description=line.description,
                hs_code=line.hs_code,
                quantity=line.quantity,
                unit=line.unit,
                value_inr=line.value_inr,
                currency=line.currency,
                foreign_amount=line.foreign_amount,
                exchange_rate=line.exchange_rate,
            )
            for line in lines
        )
        copy.total_value = sum((line.value_inr for line in lines), start=0)
    copy.save()
    return copy


def query_open(application: Application) -> Query | None:
    return application.queries.filter(replied_at__isnull=True).order_by("-asked_at").first()
