"""What an Import Certificate says, as plain frozen data: the one input of every rendering.

Built once from the database (`content_for`), or directly by the benchmark and tests, so the PDF
renderer, the certified copy and the benchmark's HTML baseline all show exactly the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import translation

from icportal.certificates.models import DeliveryMode
from icportal.common.countries import country_name
from icportal.common.dates import IST
from icportal.common.display import format_quantity
from icportal.common.money import format_inr, rupees

_ONES = [
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
]
_TENS = ["_", "_", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"]


def _below_hundred(n: int) -> str:
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = [f"{_ONES[hundreds]} Hundred"] if hundreds else []
    if rest:
        parts.append(_below_hundred(rest))
    return " ".join(parts)


def number_in_words(n: int) -> str:
    """Indian numbering: 12,34,56,789 → Twelve Crore Thirty-Four Lakh Fifty-Six Thousand …"""
    if n == 0:
        return "Zero"
    parts = []
    crore, n = divmod(n, 10_000_000)
    if crore:
        parts.append(f"{number_in_words(crore)} Crore")
    lakh, n = divmod(n, 100_000)
    if lakh:
        parts.append(f"{_below_hundred(lakh)} Lakh")
    thousand, n = divmod(n, 1000)
    if thousand:
        parts.append(f"{_below_hundred(thousand)} Thousand")
    if n:
        parts.append(_below_thousand(n))
    return " ".join(parts)


def rupees_in_words(amount: Decimal) -> str:
    amount = rupees(amount)
    whole = int(amount)
    paise = int((amount - whole) * 100)
    words = f"Rupees {number_in_words(whole)}"
    if paise:
        words += f" and {_below_hundred(paise)} Paise"
    return words + " Only"


def _date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _quantity(quantity: Decimal) -> str:
    return format_quantity(quantity)  # the web pages show it the same way (filter `quantity`)


@dataclass(frozen=True)
class Line:
    line_no: int
    description: str
    hs_code: str
    quantity: str
    unit: str
    value: Decimal

    @property
    def value_display(self) -> str:
        return format_inr(self.value, symbol=False)


@dataclass(frozen=True)
class CertificateContent:
    council_name: str
    office_name: str
    office_address: str
    number: str
    issue_date: str
    member_name: str
    member_address: str
    iec: str
    gstin: str
    rcmc: str
    epc_number: str
    entitlement: Decimal
    balance_after: Decimal
    notification: str
    lines: tuple[Line, ...]
    invoice: str
    boe: str
    port: str
    channel: str
    supplier: str
    country: str
    officer_name: str
    officer_designation: str
    verification_code: str
    verify_url: str
    urgent: bool = False
    replaces: str = ""
    second_officer: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return sum((line.value for line in self.lines), start=Decimal(0))

    @property
    def total_display(self) -> str:
        return format_inr(self.total)

    @property
    def total_words(self) -> str:
        return rupees_in_words(self.total)

    @property
    def slug(self) -> str:
        return self.number.replace("/", "-")


def verify_url(code: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/verify/{code}"


def content_for(certificate) -> CertificateContent:
    """Everything the IC says, read from the issued certificate and its application.

    In English whatever language is active (a Hindi-speaking officer printing a certified copy):
    the IC is an English legal document, and labels read from choices would follow the reader."""
    with translation.override("en"):
        return _content(certificate)


def _content(certificate) -> CertificateContent:
    app = certificate.application
    member, office, epc = certificate.member, certificate.office, certificate.epc
    officer = certificate.issued_by
    address = ", ".join(p for p in (member.address, member.city, member.state, member.pincode) if p)
    second = certificate.second_approver
    return CertificateContent(
        council_name=office.council.name,
        office_name=f"{office.name} Office",
        office_address=" ".join((office.address or "").split()),
        number=certificate.number,
        issue_date=_date(certificate.issued_at.astimezone(IST).date()),
        member_name=member.legal_name,
        member_address=address,
        iec=member.iec,
        gstin=member.primary_gstin,
        rcmc=member.rcmc_number,
        epc_number=epc.number or "",
        entitlement=epc.entitlement or Decimal(0),
        balance_after=certificate.balance_after,
        notification=(
            f"Notification {certificate.notification_number}, "
            f"S. No. {certificate.notification_serials}"
        ),
        lines=tuple(
            Line(
                line_no=item.line_no,
                description=item.description,
                hs_code=item.hs_code,
                quantity=_quantity(item.quantity),
                unit=item.unit,
                value=item.value_inr,
            )
            for item in app.items.all()
        ),
        invoice=f"{app.invoice_no} of {_date(app.invoice_date)}".strip(" of"),
        boe=f"{app.boe_no} of {_date(app.boe_date)}" if app.boe_no else "",
        port=app.port_code,
        channel=app.get_channel_display(),
        supplier=" ".join(f"{app.supplier_name}, {app.supplier_address}".split()).strip(", "),
        country=country_name(app.country_of_origin) if app.country_of_origin else "",
        officer_name=officer.full_name,
        officer_designation=officer.designation,
        verification_code=certificate.verification_code,
        verify_url=verify_url(certificate.verification_code),
        urgent=certificate.delivery_mode == DeliveryMode.URGENT_PHYSICAL,
        replaces=certificate.replaces.number if certificate.replaces_id else "",
        second_officer=(f"{second.full_name}, {second.designation}".strip(", ") if second else ""),
    )
