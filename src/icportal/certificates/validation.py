"""Checks of an IC application's details and item lines; every message names the field and rule."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from icportal.common import identifiers
from icportal.common.countries import countries
from icportal.common.dates import ist_today
from icportal.common.forms import parse_day
from icportal.common.money import rupees

from .models import Channel

UNITS = {
    "PCS": "pieces",
    "NOS": "numbers",
    "PRS": "pairs",
    "SET": "sets",
    "DOZ": "dozens",
    "KGS": "kilograms",
    "GMS": "grams",
    "MTR": "metres",
    "YDS": "yards",
    "ROL": "rolls",
    "SQM": "square metres",
    "SQF": "square feet",
    "LTR": "litres",
}
HEADER_FIELDS = (
    "invoice_no",
    "invoice_date",
    "supplier_name",
    "supplier_address",
    "country_of_origin",
    "port_code",
    "channel",
    "boe_no",
    "boe_date",
)


class LineMessage(str):
    """ "Line 2: quantity must be …" in the reader's language that still knows its line and field:
    the edit page puts it beside the right box and the upload page names the spreadsheet row
    without reading the (translated) words. A ValidationError passes its messages through `str()`,
    which keeps this object."""

    def __new__(cls, value: str = "", *, line: int | None = None, field: str = "", text: str = ""):
        message = super().__new__(cls, value)
        message.line, message.field, message.text = line, field, text
        return message

    def __str__(self):
        return self


def line_message(number: int, field: str, text: str) -> LineMessage:
    """The message of item line `number` about its `field`."""
    whole = _("Line %(number)s: %(text)s") % {"number": number, "text": text}
    return LineMessage(whole, line=number, field=field, text=text)


@dataclass
class ItemData:
    eligible_item_id: int
    description: str
    hs_code: str
    quantity: Decimal
    unit: str
    value_inr: Decimal
    currency: str = ""
    foreign_amount: Decimal | None = None
    exchange_rate: Decimal | None = None


def _date(value, field, label, errors):
    """A date object (API, stored rows) or the text typed on the page (DD/MM/YYYY or ISO)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return parse_day(str(value))
    except ValidationError as exc:
        message = exc.messages[0]  # the API shows it alone, so it names the field
        errors[field].append(f"{label}: {message[0].lower()}{message[1:]}")
        return None


def _number(value, places=2) -> Decimal | None:
    """The typed number (commas allowed), or None when it is not one."""
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    return number.quantize(Decimal(1).scaleb(-places))


class _LineProblems:
    """Collects one item line's messages: `problem(field, text)`, and numbers that must parse."""

    def __init__(self, number: int, problems: list[LineMessage]):
        self.number, self.problems = number, problems

    def __call__(self, field: str, text: str) -> None:
        self.problems.append(line_message(self.number, field, text))

    def amount(self, row: dict, field: str, label: str, places: int = 2) -> Decimal | None:
        number = _number(row.get(field), places)
        if number is None:
            self(field, _("%(field)s must be a number") % {"field": label})
        return number


def header_clean(raw: dict, *, for_submit: bool) -> tuple[dict, dict[str, list[str]]]:
    """Header fields of an application. Drafts may be incomplete; submission needs everything."""
    errors: dict[str, list[str]] = defaultdict(list)
    data: dict = {}
    today = ist_today()
    for key in ("invoice_no", "supplier_name", "supplier_address"):
        data[key] = (
            " ".join(str(raw.get(key) or "").split())
            if key != "supplier_address"
            else str(raw.get(key) or "").strip()
        )
    if len(data["invoice_no"]) > 40:
        errors["invoice_no"].append(_("Invoice number must be at most 40 characters"))
    data["invoice_date"] = _date(raw.get("invoice_date"), "invoice_date", _("Invoice date"), errors)
    if data["invoice_date"] and data["invoice_date"] > today:
        errors["invoice_date"].append(_("Invoice date cannot be in the future"))
    country = str(raw.get("country_of_origin") or "").strip().upper()
    if country and country not in countries():
        errors["country_of_origin"].append(_("Choose the country of origin from the list"))
    data["country_of_origin"] = country
    port = str(raw.get("port_code") or "").strip()
    data["port_code"] = ""
    if port:
        try:
            data["port_code"] = identifiers.normalise_port_code(port)
        except ValidationError as exc:
            errors["port_code"].append(exc.message)
    channel = str(raw.get("channel") or Channel.ICES)
    if channel not in Channel.values:
        errors["channel"].append(_("Choose how the goods are imported"))
    data["channel"] = channel
    boe_no = str(raw.get("boe_no") or "").strip()
    data["boe_no"] = ""
    if boe_no:
        try:
            data["boe_no"] = identifiers.normalise_bill_of_entry_no(boe_no)
        except ValidationError as exc:
            errors["boe_no"].append(exc.message)
    data["boe_date"] = _date(raw.get("boe_date"), "boe_date", _("Bill of Entry date"), errors)
    if data["boe_date"] and data["boe_date"] > today:
        errors["boe_date"].append(_("Bill of Entry date cannot be in the future"))
    if (
        bool(data["boe_no"]) != bool(data["boe_date"])
        and not errors["boe_no"]
        and not errors["boe_date"]
    ):
        errors["boe_date" if data["boe_no"] else "boe_no"].append(
            _("Give both the Bill of Entry number and its date, or neither")
        )
    if for_submit:
        required = {
            "invoice_no": _("Enter the invoice number"),
            "invoice_date": _("Enter the invoice date"),
            "supplier_name": _("Enter the overseas supplier's name"),
            "supplier_address": _("Enter the overseas supplier's address"),
            "country_of_origin": _("Choose the country of origin"),
            "port_code": _("Enter the port of import, like INMAA1"),
        }
        for key, message in required.items():
            if not data.get(key) and not errors.get(key):
                errors[key].append(message)
    return data, {k: v for k, v in errors.items() if v}


def items_clean(
    rows: list[dict], *, segment_group, eligible: dict[int, object]
) -> tuple[list[ItemData], dict[str, list[str]]]:
    """Item lines. `eligible` maps item id → EligibleItem of the application's segment group."""
    errors: dict[str, list[str]] = defaultdict(list)
    items = []
    by_name = {item.name.lower(): item for item in eligible.values()}
    for number, row in enumerate(rows, start=1):
        problems: list[LineMessage] = []
        problem = _LineProblems(number, problems)
        raw_item = row.get("eligible_item")
        item = None
        if raw_item not in (None, ""):
            try:
                item = eligible.get(int(raw_item))
            except (TypeError, ValueError):
                item = by_name.get(str(raw_item).strip().lower())
        if item is None:
            problem(
                "eligible_item",
                _("choose an item on the eligible list for %(group)s")
                % {"group": segment_group.name},
            )
        description = " ".join(str(row.get("description") or "").split())
        if not description:
            problem("description", _("describe the item as on the invoice"))
        elif len(description) > 300:
            problem("description", _("description must be at most 300 characters"))
        hs = ""
        try:
            hs = identifiers.normalise_hs_code(row.get("hs_code"))
        except ValidationError as exc:
            problem("hs_code", exc.message)
        quantity = problem.amount(row, "quantity", _("quantity"), places=3)
        if quantity is not None and quantity <= 0:
            problem("quantity", _("quantity must be more than zero"))
        unit = str(row.get("unit") or "").strip().upper()
        if unit not in UNITS:
            problem("unit", _("unit must be one of %(units)s") % {"units": ", ".join(UNITS)})
        value = problem.amount(row, "value_inr", _("value in rupees"))
        if value is not None and value <= 0:
            problem("value_inr", _("value must be more than zero"))
        currency = str(row.get("currency") or "").strip().upper()
        foreign = rate = None
        if currency or row.get("foreign_amount") or row.get("exchange_rate"):
            if len(currency) != 3 or not currency.isalpha():
                problem("currency", _("currency is a 3-letter code, like USD"))
            foreign = problem.amount(row, "foreign_amount", _("foreign amount"))
            rate = problem.amount(row, "exchange_rate", _("exchange rate"), places=4)
            if (foreign is not None and foreign <= 0) or (rate is not None and rate <= 0):
                problem("foreign_amount", _("foreign amount and rate must be more than zero"))
        line_errors = {"items": problems} if problems else {}
        for key, messages in line_errors.items():
            errors[key].extend(messages)
        if not line_errors:
            items.append(
                ItemData(
                    item.pk, description, hs, quantity, unit, rupees(value), currency, foreign, rate
                )
            )
    return items, {k: v for k, v in errors.items() if v}
