"""Where a piece of paper goes: the firm's registered address, another Indian address, or the office.

An address other than the registered one is checked as far as a postal address can be without a
directory: the lines and the town are there, the state is one of India's, and the 6-digit PIN code
starts with the postal region of that state (India Post's first digit), so a transposed or foreign
code is caught before a courier docket is wasted on it.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import DeliverTo

STATES_BY_PIN_REGION: dict[str, tuple[str, ...]] = {
    "1": (
        "Chandigarh",
        "Delhi",
        "Haryana",
        "Himachal Pradesh",
        "Jammu and Kashmir",
        "Ladakh",
        "Punjab",
    ),
    "2": ("Uttar Pradesh", "Uttarakhand"),
    "3": ("Dadra and Nagar Haveli and Daman and Diu", "Gujarat", "Rajasthan"),
    "4": ("Chhattisgarh", "Goa", "Madhya Pradesh", "Maharashtra"),
    # Puducherry's Yanam lies in Andhra Pradesh's region (533…), Mahe in Kerala's (673…).
    "5": ("Andhra Pradesh", "Karnataka", "Puducherry", "Telangana"),
    "6": ("Kerala", "Lakshadweep", "Puducherry", "Tamil Nadu"),
    "7": (
        "Andaman and Nicobar Islands",
        "Arunachal Pradesh",
        "Assam",
        "Manipur",
        "Meghalaya",
        "Mizoram",
        "Nagaland",
        "Odisha",
        "Sikkim",
        "Tripura",
        "West Bengal",
    ),
    "8": ("Bihar", "Jharkhand"),
}
STATES: tuple[str, ...] = tuple(
    sorted({state for states in STATES_BY_PIN_REGION.values() for state in states})
)
_PIN = re.compile(r"[1-9][0-9]{5}")


def pin_problem(pincode: str, state: str) -> str | None:
    """Why this PIN code cannot be in this state, or None."""
    if not _PIN.fullmatch(pincode):
        return _("PIN code must be 6 digits, not starting with 0, like 600032")
    if pincode[0] not in STATES_BY_PIN_REGION:
        return _("PIN code %(pin)s is an Army Postal Service code: give a civil address") % {
            "pin": pincode
        }
    if state and state not in STATES_BY_PIN_REGION[pincode[0]]:
        return _("PIN code %(pin)s is not in %(state)s: check the PIN code and the state") % {
            "pin": pincode,
            "state": state,
        }
    return None


def other_address_clean(data: dict) -> dict:
    """The member's own address, checked; keys as on the copy request (`address_*`)."""
    clean = {
        "address_name": str(data.get("address_name") or "").strip(),
        "address": str(data.get("address") or "").strip(),
        "address_city": str(data.get("address_city") or "").strip(),
        "address_state": str(data.get("address_state") or "").strip(),
        "address_pincode": re.sub(r"\s", "", str(data.get("address_pincode") or "")),
    }
    errors: dict[str, list[str]] = {}
    for field, missing, limit in (
        ("address_name", _("Enter who receives it (a person or the firm)"), 200),
        ("address", _("Enter the building, street and area"), 300),
        ("address_city", _("Enter the town or city"), 80),
    ):
        if not clean[field]:
            errors[field] = [missing]
        elif len(clean[field]) > limit:
            errors[field] = [_("At most %(limit)s characters") % {"limit": limit}]
    if clean["address_state"] not in STATES:
        errors["address_state"] = [_("Choose the state or union territory")]
    problem = pin_problem(clean["address_pincode"], clean["address_state"])
    if problem:
        errors["address_pincode"] = [problem]
    if errors:
        raise ValidationError(errors)
    return clean


def registered_address(member) -> dict | None:
    """The firm's registered address as the copy request keeps it, or None when there is no
    complete one on file (no street, or no valid PIN code) to send paper to."""
    pincode = (member.pincode or "").strip()
    if not (member.address or "").strip() or not _PIN.fullmatch(pincode):
        return None
    return {
        "address_name": member.legal_name,
        "address": member.address.strip(),
        "address_city": (member.city or "").strip(),
        "address_state": (member.state or "").strip(),
        "address_pincode": pincode,
    }


def one_line(address: dict) -> str:
    """One line, like "12 SIDCO Estate, Ambattur, Chennai 600058, Tamil Nadu" (a radio's label)."""
    town = " ".join(p for p in (address.get("address_city"), address.get("address_pincode")) if p)
    parts = [*str(address.get("address") or "").splitlines(), town, address.get("address_state")]
    return ", ".join(p.strip() for p in parts if p and p.strip())


NO_REGISTERED_ADDRESS = gettext_lazy(
    "Your firm's registered address on file has no street or no valid PIN code: give another "
    "address, or collect it at the office (and ask the office to correct the registered address)."
)


def destination_clean(*, member, deliver_to: str, address: dict | None = None) -> dict:
    """Where the paper goes, as the copy request keeps it: the registered address copied as it is
    today, another address checked (`addresses.other_address_clean`), or nothing for collection."""
    if deliver_to == DeliverTo.REGISTERED:
        found = registered_address(member)
        if found is None:
            raise ValidationError({"deliver_to": [NO_REGISTERED_ADDRESS]})
        return {"deliver_to": DeliverTo.REGISTERED, **found}
    if deliver_to == DeliverTo.OTHER:
        return {"deliver_to": DeliverTo.OTHER, **other_address_clean(address or {})}
    if deliver_to == DeliverTo.COLLECT:
        return {"deliver_to": DeliverTo.COLLECT}
    raise ValidationError({"deliver_to": [_("Choose where the paper should go")]})


def paper_destination(member) -> dict:
    """A paper IC goes to the firm's registered address; without a complete one on file, the
    office hands it over (the member sees which from the start)."""
    found = registered_address(member)
    if found is None:
        return {"deliver_to": DeliverTo.COLLECT}
    return {"deliver_to": DeliverTo.REGISTERED, **found}
