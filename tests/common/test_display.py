"""Quantities and mobile numbers read the same on every page and in the IC PDF."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from icportal.common.display import format_mobile, format_quantity


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("5000.000"), "5,000"),
        (Decimal("1000"), "1,000"),  # Decimal("1000").normalize() would show "1E+3"
        (Decimal("12.500"), "12.5"),
        (Decimal("1234567.125"), "1,234,567.125"),
        (Decimal("0.250"), "0.25"),
        (None, ""),
    ],
)
def test_quantities_are_grouped_in_thousands_without_trailing_zeros(value, shown):
    assert format_quantity(value) == shown


@pytest.mark.parametrize(
    "typed", ["+919840012345", "9840012345", "09840012345", "+91 98400 12345", "91-98400-12345"]
)
def test_an_indian_mobile_is_shown_as_plus_91_and_two_groups_of_five(typed):
    assert format_mobile(typed) == "+91 98400 12345"


@pytest.mark.parametrize("other", ["", "044 2815 1234", "+44 20 7946 0958"])
def test_other_numbers_are_shown_as_stored(other):
    assert format_mobile(other) == other


def test_the_template_filters_and_the_pdf_agree():
    from icportal.documents.content import _quantity

    html = Template("{% load icportal %}{{ q|quantity }} PCS · {{ m|mobile }}").render(
        Context({"q": Decimal("5000.000"), "m": "+919840012345"})
    )
    assert html == f"{_quantity(Decimal('5000.000'))} PCS · +91 98400 12345"
    assert html.startswith("5,000 PCS")
