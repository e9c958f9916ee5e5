"""The sandbox's reference formats and identifier rules."""

import datetime

import pytest

from icegate_sandbox import formats, identifiers
from icegate_sandbox.identifiers import InvalidIdentifier


def test_irn_and_drn_are_upper_case_letters_and_digits_of_at_most_32():
    now = datetime.datetime(2026, 3, 13, 20, 0, tzinfo=datetime.UTC)  # 14/03/2026 01:30 IST
    irn, drn = formats.new_irn(now), formats.new_drn(now)
    assert irn.startswith("SBXI20260314") and drn.startswith("SBXD20260314")
    for number in (irn, drn):
        assert number.isalnum() and number == number.upper()
        assert len(number) <= formats.MAX_REFERENCE_LENGTH
    assert formats.IRN_PATTERN.fullmatch(irn) and formats.DRN_PATTERN.fullmatch(drn)
    assert len({formats.new_irn() for _ in range(200)}) == 200


@pytest.mark.parametrize(
    ("first14", "check"),
    [("27AAPFU0939F1Z", "V"), ("33AAACC1234D1Z", "J"), ("29AAACB1234C1Z", "B")],
)
def test_gstin_check_character(first14, check):
    assert identifiers.gstin_check_character(first14) == check
    assert identifiers.normalise_gstin((first14 + check).lower()) == first14 + check


@pytest.mark.parametrize(
    "gstin",
    ["27AAPFU0939F1ZO", "27AAPFU0939F1Z", "40AAPFU0939F1ZV", "27AAPFU0939F0ZV", "27AAPFU0939F1YV"],
)
def test_bad_gstins(gstin):
    with pytest.raises(InvalidIdentifier):
        identifiers.normalise_gstin(gstin)


def test_icegate_ids_passwords_mobiles_and_masks():
    assert identifiers.normalise_icegate_id(" cleIndia1984 ") == "CLEINDIA1984"
    assert identifiers.password_problems("Leather@2026") == []
    assert identifiers.password_problems("leather") == [
        "at least 8 characters",
        "an upper-case letter",
        "a digit",
        "a special character such as @ # $ %",
    ]
    assert identifiers.normalise_mobile("+91 98765-43210") == "+919876543210"
    assert identifiers.normalise_mobile("09876543210") == "+919876543210"
    assert identifiers.mask_email("accounts@example.com") == "ac******@example.com"
    assert identifiers.mask_email("a@example.com") == "a***@example.com"
    assert identifiers.mask_mobile("+919876543210") == "******3210"
    assert identifiers.normalise_iec("0123456789") == "0123456789"
    with pytest.raises(InvalidIdentifier):
        identifiers.normalise_iec("AAACL0000F")
