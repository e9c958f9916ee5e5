"""The escalation to a customs house (circular §6): complaints owns it, so it declares it here."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from icportal.notifications.templates import register


@dataclass(frozen=True)
class CustomsEscalationPayload:
    reference: str
    customs_house: str
    officer_name: str  # or a lazy "The nodal officer", read in the mail's language
    office_name: str
    office_icegate_id: str
    rows: tuple  # ((label, value), ...) — the circular's eight fields and what the officer said
    findings: tuple  # (sentence, ...)
    contact: str


COMPLAINT_CUSTOMS_ESCALATION = register(
    "complaint_customs_escalation",
    payload=CustomsEscalationPayload,
    subject=_("DRN/IRN not accepted at {customs_house}: {reference}"),
)
