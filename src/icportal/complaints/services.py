"""Every write of complaints and their tickets: one transaction, one audit row, mails queued inside.

The ICEGATE check is a network call, so it runs before the transaction opens: a slow ICEGATE never
holds a database lock, and an unreachable one becomes a finding, not an error.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from icportal.accounts import scopes
from icportal.accounts.models import Role, User
from icportal.accounts.roles import scope_for
from icportal.audit.models import Verb
from icportal.audit.services import audit_record
from icportal.common.counters import next_number
from icportal.common.dates import financial_year
from icportal.notifications.services import email_queue, notify_member
from icportal.notifications.templates import (
    ComplaintEscalationPayload,
    ComplaintResolvedPayload,
    ComplaintUpdatePayload,
    EmailTemplate,
)

from . import diagnosis as diag
from . import routing
from .mails import COMPLAINT_CUSTOMS_ESCALATION, CustomsEscalationPayload
from .models import Cause, Complaint, EscalationSide, Note, Status
from .validation import check_image_upload, quoted_clean

QUOTED_FIELDS = (
    "company_name",
    "iec",
    "boe_no",
    "ic_number",
    "drn",
    "irn",
    "official_name",
    "official_designation",
    "official_mobile",
    "port_code",
    "boe_date",
    "uploader_icegate_id",
    "officer_said",
)

OTHER_OFFICE = gettext_lazy("Staff act only on their own office's complaints")
# The escalation table, labelled in the language of whoever reads it (page or mail).
ROW_LABELS = {
    "company_name": gettext_lazy("Name of the company"),
    "iec": gettext_lazy("IE Code"),
    "boe_no": gettext_lazy("Bill of Entry number"),
    "boe_date": gettext_lazy("Bill of Entry date"),
    "port_code": gettext_lazy("Port code"),
    "ic_number": gettext_lazy("Import Certificate number"),
    "drn": gettext_lazy("DRN number"),
    "irn": gettext_lazy("IRN number"),
    "uploader_icegate_id": gettext_lazy("Uploader ICEGATE ID quoted"),
    "document_type_code": gettext_lazy("Document type code"),
    "official": gettext_lazy("Name of customs official and designation"),
    "official_mobile": gettext_lazy("Mobile number of customs official"),
    "officer_said": gettext_lazy("What the officer said"),
}
REFUSALS = {  # why a resolved complaint refuses each step
    "assign": gettext_lazy("You cannot assign it: the complaint is resolved."),
    "ask": gettext_lazy("You cannot ask the member: the complaint is resolved."),
    "write": gettext_lazy("You cannot write on it: the complaint is resolved."),
    "escalate": gettext_lazy("You cannot escalate it: the complaint is resolved."),
    "resolve": gettext_lazy("You cannot resolve it again: the complaint is resolved."),
}


def _english(text) -> str:
    """What the record keeps (complaint fields, audit payloads) is English whatever the actor reads."""
    with translation.override("en"):
        return str(text)


def _language_of(address: str) -> str:
    """The language of the account with this address ("" — English — for an address without one,
    like the ICEGATE helpdesk's)."""
    found = User.objects.filter(email__iexact=address, is_active=True).values_list(
        "language", flat=True
    )
    return next(iter(found), "") or ""


def _lock(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update()
        .select_related("member", "office", "certificate")
        .get(pk=complaint.pk)
    )


def _require_open(complaint: Complaint, step: str) -> None:
    if not complaint.is_open:
        raise ValidationError({"status": [str(REFUSALS[step])]})


def _audit(by, verb, complaint: Complaint, **payload):
    audit_record(
        actor=by,
        verb=verb,
        target=complaint,
        member=complaint.member,
        office=complaint.office,
        payload={"reference": complaint.reference, "ic": complaint.certificate.number, **payload},
    )


def _link(complaint: Complaint) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("complaints:detail", args=[complaint.slug])


def quoted_of(complaint: Complaint) -> dict:
    return {name: getattr(complaint, name) for name in QUOTED_FIELDS}


def complaint_file(*, by, certificate, data: dict, screenshot=None) -> Complaint:
    """The member reports what was quoted at customs; the diagnosis runs at once."""
    scopes.require_in_scope(
        by, member_id=certificate.member_id, office_id=certificate.office_id, what="This"
    )
    quoted = quoted_clean(data)
    extension = check_image_upload(screenshot) if screenshot is not None else ""
    result = diag.diagnose(quoted=quoted, certificate=certificate)
    with transaction.atomic():
        reference, _number = next_number(
            office=certificate.office, financial_year=financial_year(), kind="CMP"
        )
        complaint = Complaint(
            reference=reference,
            member=certificate.member,
            office=certificate.office,
            certificate=certificate,
            filed_by=by,
            findings=result.as_json(),
            icegate_check=result.icegate,
            diagnosed_at=timezone.now(),
            **quoted,
        )
        if screenshot is not None:
            complaint.screenshot.save(complaint.slug + extension, screenshot, save=False)
        complaint.save()
        _audit(by, Verb.COMPLAINT_FILED, complaint, codes=[f.code for f in result.findings])
    return complaint


def complaint_diagnose(*, by, complaint: Complaint) -> Complaint:
    """Run the diagnosis again (ICEGATE was down, an upload landed, the IC was replaced …)."""
    scopes.require_in_scope(
        by, member_id=complaint.member_id, office_id=complaint.office_id, what="This"
    )
    result = diag.diagnose(quoted=quoted_of(complaint), certificate=complaint.certificate)
    with transaction.atomic():
        complaint = _lock(complaint)
        complaint.findings, complaint.icegate_check = result.as_json(), result.icegate
        complaint.diagnosed_at = timezone.now()
        complaint.save(update_fields=["findings", "icegate_check", "diagnosed_at", "updated_at"])
        _audit(by, Verb.COMPLAINT_DIAGNOSED, complaint, codes=[f.code for f in result.findings])
    return complaint


@transaction.atomic
def complaint_assign(*, by, complaint: Complaint, to=None) -> Complaint:
    scopes.require_own_office(by, office_id=complaint.office_id, message=OTHER_OFFICE)
    complaint = _lock(complaint)
    _require_open(complaint, "assign")
    to = to or by
    same_office = to.role == Role.STAFF and to.office_id == complaint.office_id
    if not same_office and to.role != Role.HEAD_OFFICE:
        raise ValidationError({"to": [_("Assign it to an officer of the complaint's office")]})
    complaint.assigned_to = to
    if complaint.status == Status.OPEN:
        complaint.status = Status.IN_PROGRESS
    complaint.save()
    _audit(by, Verb.COMPLAINT_ASSIGNED, complaint, to=to.email)
    return complaint


@transaction.atomic
def complaint_note_add(*, by, complaint: Complaint, text: str, member_visible: bool) -> Note:
    """An internal note, or an update the member sees on the page and receives by e-mail."""
    scopes.require_own_office(by, office_id=complaint.office_id, message=OTHER_OFFICE)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write the note")]})
    complaint = _lock(complaint)
    note = Note.objects.create(
        complaint=complaint, author=by, text=text[:4000], member_visible=member_visible
    )
    _audit(by, Verb.COMPLAINT_NOTED, complaint, member_visible=member_visible)
    if member_visible:
        _tell_member(complaint, EmailTemplate.COMPLAINT_UPDATE, note.text)
    return note


def _tell_member(complaint: Complaint, template: EmailTemplate, text: str) -> None:
    notify_member(
        member=complaint.member,
        template=template,
        payload=ComplaintUpdatePayload(
            member_name=complaint.member.legal_name,
            reference=complaint.reference,
            ic_number=complaint.ic_number,
            update=text,
            office_name=complaint.office.name,
            link=_link(complaint),
        ),
    )


def _text(text: str, missing: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [missing]})
    if len(text) > 4000:
        raise ValidationError(
            {
                "text": [
                    _("Keep it under 4,000 characters (this is %(length)s)")
                    % {"length": f"{len(text):,}"}
                ]
            }
        )
    return text


@transaction.atomic
def complaint_ask_member(*, by, complaint: Complaint, question: str) -> Note:
    """Ask the member for what the office needs (a BoE copy, the officer's words …): the member
    is mailed, the complaint waits for the reply and leaves the office's workbench meanwhile."""
    scopes.require_own_office(by, office_id=complaint.office_id, message=OTHER_OFFICE)
    question = _text(question, _("Write the question for the member"))
    complaint = _lock(complaint)
    _require_open(complaint, "ask")
    note = Note.objects.create(
        complaint=complaint, author=by, text=question, member_visible=True, asks_reply=True
    )
    complaint.status = Status.WITH_MEMBER
    complaint.save(update_fields=["status", "updated_at"])
    _audit(by, Verb.COMPLAINT_ASKED, complaint)
    _tell_member(complaint, EmailTemplate.COMPLAINT_QUESTION, question)
    return note


def _status_after_reply(complaint: Complaint) -> str:
    if complaint.escalated_at is not None:
        return Status.ESCALATED
    return Status.IN_PROGRESS if complaint.assigned_to_id else Status.OPEN


@transaction.atomic
def complaint_member_write(*, by, complaint: Complaint, text: str) -> Note:
    """The member answers the office's question, or adds information to an open complaint. An
    answer puts the complaint back with the office, where it was before the question."""
    if scope_for(by).member_id != complaint.member_id:
        raise PermissionDenied(_("Only the firm that filed the complaint writes on it"))
    text = _text(text, _("Write your reply"))
    complaint = _lock(complaint)
    _require_open(complaint, "write")
    note = Note.objects.create(
        complaint=complaint, author=by, text=text, member_visible=True, from_member=True
    )
    reply = complaint.status == Status.WITH_MEMBER
    if reply:
        complaint.status = _status_after_reply(complaint)
        complaint.save(update_fields=["status", "updated_at"])
    _audit(by, Verb.COMPLAINT_MEMBER_WROTE, complaint, reply=reply)
    return note


def escalation_rows(complaint: Complaint) -> tuple:
    label = ROW_LABELS
    return (
        (label["company_name"], complaint.company_name),
        (label["iec"], complaint.iec),
        (label["boe_no"], complaint.boe_no),
        (label["boe_date"], f"{complaint.boe_date:%d/%m/%Y}"),
        (label["port_code"], complaint.port_code),
        (label["ic_number"], complaint.ic_number),
        (label["drn"], complaint.drn),
        (label["irn"], complaint.irn),
        (label["uploader_icegate_id"], complaint.uploader_icegate_id),
        (label["document_type_code"], complaint.certificate.document_type_code),
        (label["official"], f"{complaint.official_name}, {complaint.official_designation}"),
        (label["official_mobile"], complaint.official_mobile),
        (label["officer_said"], complaint.officer_said or "—"),
    )


@transaction.atomic
def complaint_escalate(*, by, complaint: Complaint, side: str | None = None):
    """A ready mail with every field in a table to the side that can fix it: the customs house of
    the port when the diagnosis points to customs, else the ICEGATE helpdesk (`side` overrides the
    suggestion). The outbox row is the record; the choice and its reason stay on the complaint."""
    scopes.require_own_office(by, office_id=complaint.office_id, message=OTHER_OFFICE)
    complaint = _lock(complaint)
    _require_open(complaint, "escalate")
    if complaint.escalated_at is not None:
        raise ValidationError(
            {
                "status": [
                    _("Already escalated to %(side)s.")
                    % {"side": complaint.get_escalated_to_display() or "ICEGATE"}
                ]
            }
        )
    if side and side not in EscalationSide.values:
        raise ValidationError({"side": [_("Choose the ICEGATE helpdesk or the customs house")]})
    chosen = routing.route(complaint, side)
    if chosen.blocked:
        raise ValidationError({"side": [str(chosen.blocked)]})
    if chosen.side == EscalationSide.CUSTOMS:
        house = chosen.customs_house
        email = email_queue(
            template=COMPLAINT_CUSTOMS_ESCALATION,
            to=chosen.to,
            payload=CustomsEscalationPayload(
                reference=complaint.reference,
                customs_house=f"{house.name} ({house.port_code})",
                officer_name=house.officer_name or gettext_lazy("The nodal officer"),
                office_name=complaint.office.name,
                office_icegate_id=complaint.office.icegate_id,
                rows=escalation_rows(complaint),
                findings=tuple(diag.sentence_lazy(f) for f in complaint.findings),
                contact=complaint.office.email or settings.DEFAULT_FROM_EMAIL,
            ),
            office=complaint.office,
            language=_language_of(chosen.to),
        )
    else:
        email = email_queue(
            template=EmailTemplate.COMPLAINT_ESCALATION,
            to=chosen.to,
            payload=ComplaintEscalationPayload(
                reference=complaint.reference,
                office_name=complaint.office.name,
                office_icegate_id=complaint.office.icegate_id,
                rows=escalation_rows(complaint),
                findings=tuple(diag.sentence_lazy(f) for f in complaint.findings),
                contact=complaint.office.email or settings.DEFAULT_FROM_EMAIL,
            ),
            office=complaint.office,
            language=_language_of(chosen.to),
        )
    complaint.status = Status.ESCALATED
    complaint.escalated_at, complaint.escalated_by, complaint.escalation_email = (
        timezone.now(),
        by,
        email,
    )
    complaint.escalated_to, complaint.escalation_why = chosen.side, _english(chosen.why)
    complaint.escalation_customs_house = chosen.customs_house
    complaint.save()
    with translation.override("en"):
        side_label = chosen.label
    _audit(
        by,
        Verb.COMPLAINT_ESCALATED,
        complaint,
        to=chosen.to,
        side=chosen.side,
        side_label=side_label,
        why=complaint.escalation_why,
        email_id=email.pk,
    )
    return complaint


@transaction.atomic
def complaint_resolve(*, by, complaint: Complaint, cause: str, resolution: str) -> Complaint:
    """Close with a cause from the list (head office reports them); the member is mailed."""
    scopes.require_own_office(by, office_id=complaint.office_id, message=OTHER_OFFICE)
    resolution = (resolution or "").strip()
    errors = {}
    if cause not in Cause.values:
        errors["cause"] = [_("Choose the cause from the list")]
    if not resolution:
        errors["resolution"] = [_("Say what was found and what the member should do")]
    if errors:
        raise ValidationError(errors)
    complaint = _lock(complaint)
    _require_open(complaint, "resolve")
    complaint.status, complaint.cause, complaint.resolution = Status.RESOLVED, cause, resolution
    complaint.resolved_at, complaint.resolved_by = timezone.now(), by
    complaint.save()
    _audit(by, Verb.COMPLAINT_RESOLVED, complaint, cause=_english(Cause(cause).label))
    notify_member(
        member=complaint.member,
        template=EmailTemplate.COMPLAINT_RESOLVED,
        payload=ComplaintResolvedPayload(
            member_name=complaint.member.legal_name,
            reference=complaint.reference,
            ic_number=complaint.ic_number,
            cause=Cause(cause).label,  # lazy: in each recipient's language
            resolution=resolution,
            office_name=complaint.office.name,
            link=_link(complaint),
        ),
    )
    return complaint
