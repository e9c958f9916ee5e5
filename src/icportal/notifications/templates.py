"""E-mail templates: one enum value and one frozen payload dataclass each."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class EmailTemplate(StrEnum):
    USER_INVITE = "user_invite"
    PASSWORD_RESET = "password_reset"


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


PAYLOADS = {
    EmailTemplate.USER_INVITE: UserInvitePayload,
    EmailTemplate.PASSWORD_RESET: PasswordResetPayload,
}

SUBJECTS = {
    EmailTemplate.USER_INVITE: "Your icportal account for {firm_or_office}",
    EmailTemplate.PASSWORD_RESET: "Reset your icportal password",
}


def subject_for(template: EmailTemplate, payload) -> str:
    return SUBJECTS[template].format(**asdict(payload))
