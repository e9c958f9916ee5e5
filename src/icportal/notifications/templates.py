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
}


def subject_for(template: EmailTemplate, payload) -> str:
    return SUBJECTS[template].format(**asdict(payload))
