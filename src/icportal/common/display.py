"""Numbers as people read them, the same on every page and in the IC PDF."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def format_quantity(quantity) -> str:
    """5000 → "5,000", 12.500 → "12.5", up to three decimals (never "5E+3", which is what
    Decimal.normalize() shows for a whole thousand)."""
    if quantity is None or quantity == "":
        return ""
    try:
        value = Decimal(str(quantity))
    except InvalidOperation:
        return str(quantity)
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def format_mobile(number: str | None) -> str:
    """An Indian mobile as "+91 98400 12345", however it was typed ("+919840012345",
    "09840012345", "98400 12345"); anything else is shown as stored."""
    text = (number or "").strip()
    digits = "".join(ch for ch in text if ch.isascii() and ch.isdigit())
    if len(digits) == 12 and digits.startswith("91"):
        digits = digits[2:]
    elif len(digits) == 11 and digits.startswith("0"):
        digits = digits[1:]
    if len(digits) == 10 and digits[0] in "6789":
        return f"+91 {digits[:5]} {digits[5:]}"
    return text
