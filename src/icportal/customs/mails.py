"""The mail to a customs house about a cancelled or replaced IC: customs owns the notice, so it
declares the mail here (notifications only queues and delivers it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from icportal.notifications.templates import register


@dataclass(frozen=True)
class CustomsNoticePayload:
    reference: str
    customs_house: str
    officer_name: str
    ic_number: str
    irn: str
    event: str  # cancelled | replaced
    what_happened: str
    rows: tuple  # ((label, value), ...): the letter's table
    office_name: str
    contact: str
    letter_url: str


CUSTOMS_NOTICE = register(
    "customs_notice",
    payload=CustomsNoticePayload,
    subject=_("IC {ic_number} {event}: do not accept IRN {irn} (ref. {reference})"),
)
