"""E-mail templates: one enum value and one frozen payload dataclass each."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class EmailTemplate(StrEnum):
    USER_INVITE = "user_invite"
    PASSWORD_RESET = "password_reset"
    EPC_APPROVED = "epc_approved"
    EPC_RETURNED = "epc_returned"
    QUERY_RAISED = "query_raised"
    APPLICATION_REJECTED = "application_rejected"
    IC_ISSUED_PHYSICAL = "ic_issued_physical"
    IC_CANCELLED = "ic_cancelled"
    IC_REPLACED = "ic_replaced"
    IC_UPLOADED = "ic_uploaded"
    DAILY_TABLE = "daily_table"
    ICEGATE_REMINDER = "icegate_reminder"
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
class IcIssuedPhysicalPayload:
    member_name: str
    ic_number: str
    delivery: str
    customs_discretion: bool
    office_name: str
    link: str


@dataclass(frozen=True)
class IcCancelledPayload:
    member_name: str
    ic_number: str
    reason: str
    link: str


@dataclass(frozen=True)
class IcReplacedPayload:
    member_name: str
    original_number: str
    new_number: str
    reason: str
    link: str


@dataclass(frozen=True)
class IcUploadedPayload:
    member_name: str
    ic_number: str
    invoice_no: str
    bill_of_entry_no: str  # "not yet known" until the member reports it
    drn: str
    irn: str
    uploader_icegate_id: str
    document_type_code: str
    link: str


@dataclass(frozen=True)
class DailyTableLine:
    bill_of_entry_no: str  # or "Invoice <number>" while the Bill of Entry is not known
    ic_number: str
    drn: str
    irn: str
    uploader_icegate_id: str


@dataclass(frozen=True)
class DailyTablePayload:
    member_name: str
    day: str  # dd/mm/yyyy, IST
    lines: tuple[DailyTableLine, ...]
    link: str


@dataclass(frozen=True)
class IcegateReminderPayload:
    member_name: str
    open_applications: int
    guide_link: str


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


PAYLOADS = {
    EmailTemplate.USER_INVITE: UserInvitePayload,
    EmailTemplate.PASSWORD_RESET: PasswordResetPayload,
    EmailTemplate.EPC_APPROVED: EpcApprovedPayload,
    EmailTemplate.EPC_RETURNED: EpcReturnedPayload,
    EmailTemplate.QUERY_RAISED: QueryRaisedPayload,
    EmailTemplate.APPLICATION_REJECTED: ApplicationRejectedPayload,
    EmailTemplate.IC_ISSUED_PHYSICAL: IcIssuedPhysicalPayload,
    EmailTemplate.IC_CANCELLED: IcCancelledPayload,
    EmailTemplate.IC_REPLACED: IcReplacedPayload,
    EmailTemplate.IC_UPLOADED: IcUploadedPayload,
    EmailTemplate.DAILY_TABLE: DailyTablePayload,
    EmailTemplate.ICEGATE_REMINDER: IcegateReminderPayload,
    EmailTemplate.COPY_DECLINED: CopyDeclinedPayload,
    EmailTemplate.COPY_DISPATCHED: CopyDispatchedPayload,
    EmailTemplate.COMPLAINT_UPDATE: ComplaintUpdatePayload,
    EmailTemplate.COMPLAINT_QUESTION: ComplaintUpdatePayload,
    EmailTemplate.COMPLAINT_RESOLVED: ComplaintResolvedPayload,
    EmailTemplate.COMPLAINT_ESCALATION: ComplaintEscalationPayload,
}

SUBJECTS = {
    EmailTemplate.USER_INVITE: "Your icportal account for {firm_or_office}",
    EmailTemplate.PASSWORD_RESET: "Reset your icportal password",
    EmailTemplate.EPC_APPROVED: "EPC {epc_number} approved: entitlement {entitlement}",
    EmailTemplate.EPC_RETURNED: "Your EPC application for {financial_year} needs correction",
    EmailTemplate.QUERY_RAISED: "Query on your IC application {reference}",
    EmailTemplate.APPLICATION_REJECTED: "IC application {reference} rejected",
    EmailTemplate.IC_ISSUED_PHYSICAL: "Import Certificate {ic_number} issued as a physical certificate",
    EmailTemplate.IC_CANCELLED: "Import Certificate {ic_number} cancelled",
    EmailTemplate.IC_REPLACED: "Import Certificate {original_number} replaced by {new_number}",
    EmailTemplate.IC_UPLOADED: "IC {ic_number} on e-SANCHIT: IRN {irn}, DRN {drn}",
    EmailTemplate.DAILY_TABLE: "Your Import Certificates of {day}: which IC is for which Bill of Entry",
    EmailTemplate.ICEGATE_REMINDER: "Register on ICEGATE to receive your Import Certificates",
    EmailTemplate.COPY_DECLINED: "Physical copy of IC {ic_number} declined ({reference})",
    EmailTemplate.COPY_DISPATCHED: "Physical copy {copy_number} of IC {ic_number} dispatched",
    EmailTemplate.COMPLAINT_UPDATE: "Update on your complaint {reference} (IC {ic_number})",
    EmailTemplate.COMPLAINT_QUESTION: "Reply needed: complaint {reference} (IC {ic_number})",
    EmailTemplate.COMPLAINT_RESOLVED: "Complaint {reference} resolved (IC {ic_number})",
    EmailTemplate.COMPLAINT_ESCALATION: "DRN/IRN not accepted at customs: {reference}, uploader {office_icegate_id}",
}


def subject_for(template: EmailTemplate, payload) -> str:
    return SUBJECTS[template].format(**asdict(payload))
