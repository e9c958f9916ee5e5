"""The escalation to a customs house (circular §6): complaints owns it, so it declares it here."""

from __future__ import annotations

from dataclasses import dataclass

from icportal.notifications.templates import register


@dataclass(frozen=True)
class CustomsEscalationPayload:
    reference: str
    customs_house: str
    officer_name: str
    office_name: str
    office_icegate_id: str
    rows: tuple  # ((label, value), ...) — the circular's eight fields and what the officer said
    findings: tuple  # (sentence, ...)
    contact: str


COMPLAINT_CUSTOMS_ESCALATION = register(
    "complaint_customs_escalation",
    payload=CustomsEscalationPayload,
    subject="DRN/IRN not accepted at {customs_house}: {reference}",
)
