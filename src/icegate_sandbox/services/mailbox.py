"""Mail and SMS the sandbox 'sends': one frozen payload per template, one row per message.

The sandbox never sends real e-mail or SMS; the mailbox (API and page) is where they arrive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.utils import timezone

from icegate_sandbox import conf
from icegate_sandbox.formats import IST
from icegate_sandbox.models import Message

_FOOTER = "\n\n— ICEGATE sandbox. This is a rehearsal message, not from the real ICEGATE."


@dataclass(frozen=True)
class TemporaryPasswordMail:
    to: str
    legal_name: str
    iec: str
    temporary_password: str

    kind = Message.Kind.TEMPORARY_PASSWORD
    channel = Message.Channel.EMAIL

    def render(self) -> tuple[str, str]:
        minutes = int(conf.TEMPORARY_PASSWORD_VALIDITY.total_seconds() // 60)
        return (
            "ICEGATE simplified registration: your temporary password",
            f"Dear {self.legal_name},\n\nYour temporary password for simplified registration of "
            f"IEC {self.iec} on ICEGATE is:\n\n    {self.temporary_password}\n\n"
            f"It is valid for {minutes} minutes. If you did not ask for it, ignore this e-mail."
            + _FOOTER,
        )


@dataclass(frozen=True)
class EmailOtpMail:
    to: str
    icegate_id: str
    otp: str

    kind = Message.Kind.EMAIL_OTP
    channel = Message.Channel.EMAIL

    def render(self) -> tuple[str, str]:
        return (
            "ICEGATE registration: e-mail OTP",
            f"Your e-mail OTP for registering ICEGATE ID {self.icegate_id} is {self.otp}. "
            "It is valid for 10 minutes. Do not share it with anyone." + _FOOTER,
        )


@dataclass(frozen=True)
class MobileOtpSms:
    to: str
    icegate_id: str
    otp: str

    kind = Message.Kind.MOBILE_OTP
    channel = Message.Channel.SMS

    def render(self) -> tuple[str, str]:
        return (
            "",
            f"{self.otp} is your ICEGATE mobile OTP for ID {self.icegate_id}. Valid 10 minutes. "
            "(ICEGATE sandbox)",
        )


@dataclass(frozen=True)
class IrnMail:
    to: str
    beneficiary_code: str
    irn: str
    drn: str
    document_type_code: str
    document_type_name: str
    uploader_icegate_id: str
    filename: str

    kind = Message.Kind.IRN
    channel = Message.Channel.EMAIL

    def render(self) -> tuple[str, str]:
        when = timezone.localtime(timezone.now(), IST).strftime("%d/%m/%Y %H:%M IST")
        return (
            f"e-SANCHIT: document uploaded for IEC {self.beneficiary_code} — IRN {self.irn}",
            "Dear ICEGATE user,\n\n"
            f"A Participating Government Agency uploaded a document to e-SANCHIT for IEC "
            f"{self.beneficiary_code}.\n\n"
            f"IRN (Image Reference Number):    {self.irn}\n"
            f"DRN (Document Reference Number): {self.drn}\n"
            f"Document type:                   {self.document_type_code} — "
            f"{self.document_type_name}\n"
            f"Uploaded by ICEGATE ID:          {self.uploader_icegate_id}\n"
            f"File:                            {self.filename}\n"
            f"Uploaded on:                     {when}\n\n"
            "Quote the IRN and the document type code, with the uploader's ICEGATE ID, in the "
            "supporting documents of your Bill of Entry." + _FOOTER,
        )


Payload = TemporaryPasswordMail | EmailOtpMail | MobileOtpSms | IrnMail


def message_send(*, payload: Payload) -> Message:
    """'Send' an e-mail or SMS: it is stored in the mailbox and nowhere else."""
    subject, body = payload.render()
    data = {k: v for k, v in asdict(payload).items() if k != "to"}
    return Message.objects.create(
        channel=payload.channel,
        kind=payload.kind,
        to=payload.to,
        subject=subject,
        body=body,
        data=data,
    )
