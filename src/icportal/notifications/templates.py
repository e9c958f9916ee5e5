"""E-mail templates: a name, one frozen payload dataclass and a subject line each.

The outbox's own mails and those of apps not moved yet are the `EmailTemplate` values below. An app
that owns a mail declares it next to the code that sends it with `register(...)` (esanchit's "IC
uploaded" mail and daily table, certificates' physical-IC mail and ICEGATE reminder), so the outbox
knows no domain. Bodies are `notifications/email/<name>.txt` and `.html` in the owning app's
templates directory, found by the app template loader.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class EmailTemplate(StrEnum):
    USER_INVITE = "user_invite"
    PASSWORD_RESET = "password_reset"
    EPC_APPROVED = "epc_approved"
    EPC_RETURNED = "epc_returned"
    QUERY_RAISED = "query_raised"
    APPLICATION_REJECTED = "application_rejected"
    IC_CANCELLED = "ic_cancelled"
    IC_REPLACED = "ic_replaced"
    COPY_DECLINED = "copy_declined"
    COPY_DISPATCHED = "copy_dispatched"
    COMPLAINT_UPDATE = "complaint_update"
    COMPLAINT_QUESTION = "complaint_question"
    COMPLAINT_RESOLVED = "complaint_resolved"
    COMPLAINT_ESCALATION = "complaint_escalation"


@dataclass(frozen=True)
class UserInvitePayload:
    full_name: str
    firm_or_office: str
    invited_by: str
    set_password_url: str


@dataclass(frozen=True)
class PasswordResetPayload:
    full_name: str
    reset_url: str


@dataclass(frozen=True)
class EpcApprovedPayload:
    member_name: str
    epc_number: str
    financial_year: str
    segment_group: str
    entitlement: str
    link: str


@dataclass(frozen=True)
class EpcReturnedPayload:
    member_name: str
    financial_year: str
    segment_group: str
    reason: str
    link: str


@dataclass(frozen=True)
class QueryRaisedPayload:
    member_name: str
    reference: str
    question: str
    office_name: str
    link: str


@dataclass(frozen=True)
class ApplicationRejectedPayload:
    member_name: str
    reference: str
    reason: str
    office_name: str
    link: str


@dataclass(frozen=True)
class IcCancelledPayload:
    member_name: str
    ic_number: str
    reason: str
    link: str
    paper: bool = False  # a paper IC: the mail speaks of no IRN/DRN (it never had one)


@dataclass(frozen=True)
class IcReplacedPayload:
    member_name: str
    original_number: str
    new_number: str
    reason: str
    link: str
    paper: bool = False  # the new IC is on paper: no e-SANCHIT, no IRN in the mail


@dataclass(frozen=True)
class CopyDeclinedPayload:
    member_name: str
    reference: str
    ic_number: str
    reason: str
    office_name: str
    link: str


@dataclass(frozen=True)
class CopyDispatchedPayload:
    member_name: str
    reference: str
    ic_number: str
    copy_number: int
    how: str
    customs_discretion: bool
    office_name: str
    link: str


@dataclass(frozen=True)
class ComplaintUpdatePayload:
    member_name: str
    reference: str
    ic_number: str
    update: str
    office_name: str
    link: str


@dataclass(frozen=True)
class ComplaintResolvedPayload:
    member_name: str
    reference: str
    ic_number: str
    cause: str
    resolution: str
    office_name: str
    link: str


@dataclass(frozen=True)
class ComplaintEscalationPayload:
    reference: str
    office_name: str
    office_icegate_id: str
    rows: tuple  # ((label, value), ...) — the circular's fields and what the officer said
    findings: tuple  # (sentence, ...)
    contact: str


PAYLOADS: dict[str, type] = {
    EmailTemplate.USER_INVITE: UserInvitePayload,
    EmailTemplate.PASSWORD_RESET: PasswordResetPayload,
    EmailTemplate.EPC_APPROVED: EpcApprovedPayload,
    EmailTemplate.EPC_RETURNED: EpcReturnedPayload,
    EmailTemplate.QUERY_RAISED: QueryRaisedPayload,
    EmailTemplate.APPLICATION_REJECTED: ApplicationRejectedPayload,
    EmailTemplate.IC_CANCELLED: IcCancelledPayload,
    EmailTemplate.IC_REPLACED: IcReplacedPayload,
    EmailTemplate.COPY_DECLINED: CopyDeclinedPayload,
    EmailTemplate.COPY_DISPATCHED: CopyDispatchedPayload,
    EmailTemplate.COMPLAINT_UPDATE: ComplaintUpdatePayload,
    EmailTemplate.COMPLAINT_QUESTION: ComplaintUpdatePayload,
    EmailTemplate.COMPLAINT_RESOLVED: ComplaintResolvedPayload,
    EmailTemplate.COMPLAINT_ESCALATION: ComplaintEscalationPayload,
}

# Lazy: each mail is composed under its recipient's language (outbox `_composed`), where str()
# reads the subject in it. Another app's `register(subject=…)` passes a gettext_lazy too.
SUBJECTS: dict[str, str | Promise] = {
    EmailTemplate.USER_INVITE: _("Your icportal account for {firm_or_office}"),
    EmailTemplate.PASSWORD_RESET: _("Reset your icportal password"),
    EmailTemplate.EPC_APPROVED: _("EPC {epc_number} approved: entitlement {entitlement}"),
    EmailTemplate.EPC_RETURNED: _("Your EPC application for {financial_year} needs correction"),
    EmailTemplate.QUERY_RAISED: _("Query on your IC application {reference}"),
    EmailTemplate.APPLICATION_REJECTED: _("IC application {reference} rejected"),
    EmailTemplate.IC_CANCELLED: _("Import Certificate {ic_number} cancelled"),
    EmailTemplate.IC_REPLACED: _("Import Certificate {original_number} replaced by {new_number}"),
    EmailTemplate.COPY_DECLINED: _("Physical copy of IC {ic_number} declined ({reference})"),
    EmailTemplate.COPY_DISPATCHED: _("Physical copy {copy_number} of IC {ic_number} dispatched"),
    EmailTemplate.COMPLAINT_UPDATE: _("Update on your complaint {reference} (IC {ic_number})"),
    EmailTemplate.COMPLAINT_QUESTION: _("Reply needed: complaint {reference} (IC {ic_number})"),
    EmailTemplate.COMPLAINT_RESOLVED: _("Complaint {reference} resolved (IC {ic_number})"),
    EmailTemplate.COMPLAINT_ESCALATION: _(
        "DRN/IRN not accepted at customs: {reference}, uploader {office_icegate_id}"
    ),
}


def register(template: str, *, payload: type, subject: str | Promise) -> str:
    """Declare another app's typed mail: `email_queue(template=<the name returned>, payload=…)`
    then checks the payload's type and writes `subject` (a `str.format` of its fields)."""
    if PAYLOADS.get(template, payload) is not payload:
        raise ValueError(f"Mail template {template!r} is declared twice")
    PAYLOADS[template], SUBJECTS[template] = payload, subject
    return template


def subject_for(template: str, payload) -> str:
    # Subjects are lazy translations: str() reads them in the language active while composing.
    return str(SUBJECTS[template]).format(**asdict(payload))
