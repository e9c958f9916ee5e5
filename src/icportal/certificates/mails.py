"""Mails certificates writes: the physical IC (issue.py) and the ICEGATE registration reminder
(services/reminders.py). The outbox (notifications) only queues and delivers them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from icportal.notifications.templates import register


@dataclass(frozen=True)
class IcIssuedPhysicalPayload:
    member_name: str
    ic_number: str
    delivery: str
    customs_discretion: bool
    office_name: str
    link: str


@dataclass(frozen=True)
class IcegateReminderPayload:
    member_name: str
    open_applications: int
    guide_link: str


IC_ISSUED_PHYSICAL = register(
    "ic_issued_physical",
    payload=IcIssuedPhysicalPayload,
    subject=_("Import Certificate {ic_number} issued as a physical certificate"),
)
ICEGATE_REMINDER = register(
    "icegate_reminder",
    payload=IcegateReminderPayload,
    subject=_("Register on ICEGATE to receive your Import Certificates"),
)
