"""Identifiers: domain examples, then hypothesis properties. Every rejection names its rule."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icportal.common import identifiers
from icportal.common.identifiers import IdentifierError

ALNUM36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"

pans = st.builds(
    lambda head, holder, tail, serial, last: f"{head}{holder}{tail}{serial:04d}{last}",
    st.text(UPPER, min_size=3, max_size=3),
    st.sampled_from(sorted(identifiers.PAN_HOLDER_TYPES)),
    st.sampled_from(UPPER),
    st.integers(min_value=1, max_value=9999),
    st.sampled_from(UPPER),
)
gstins = st.builds(
    lambda state, pan, entity: (
        f"{state}{pan}{entity}Z" + identifiers.gstin_check_character(f"{state}{pan}{entity}Z")
    ),
    st.sampled_from(sorted(identifiers.GST_STATE_CODES)),
    pans,
    st.sampled_from(ALNUM36[1:]),
)


def rejected(func, value) -> str:
    with pytest.raises(IdentifierError) as info:
        func(value)
    return info.value.message


# --- GSTIN: examples from the domain facts ---------------------------------------------------


def test_real_gstin_is_valid():
    assert identifiers.normalise_gstin("27AAPFU0939F1ZV") == "27AAPFU0939F1ZV"


def test_gstin_with_wrong_check_character_names_the_expected_one():
    assert "GSTIN check character should be V" in rejected(
        identifiers.normalise_gstin, "27AAPFU0939F1ZO"
    )


def test_check_character_of_the_synthetic_example():
    assert identifiers.gstin_check_character("33AAACC1234D1Z") == "J"
    assert identifiers.normalise_gstin(" 33aaacc1234d1zj ") == "33AAACC1234D1ZJ"


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("", "GSTIN must be 15 characters"),
        ("33AAACC1234D1Z", "GSTIN must be 15 characters"),
        ("33AAACC1234D1Z!", "only letters and digits"),
        ("40AAACC1234D1ZJ", "state code 40"),
        ("33AAAXC1234D1ZJ", "characters 3–12 must be a PAN"),
        ("33AAACC1234D0ZJ", "13th character"),
        ("33AAACC1234D1YJ", "14th character must be Z"),
    ],
)
def test_gstin_rejections_name_the_rule(value, rule):
    assert rule in rejected(identifiers.normalise_gstin, value)


def test_gstin_pan_is_characters_3_to_12():
    assert identifiers.gstin_pan("27AAPFU0939F1ZV") == "AAPFU0939F"


@given(gstins)
def test_any_valid_gstin_round_trips(gstin):
    assert identifiers.normalise_gstin(gstin) == gstin
    assert identifiers.normalise_gstin(gstin.lower()) == gstin
    assert identifiers.gstin_pan(gstin) == gstin[2:12]


@given(gstins, st.sampled_from(ALNUM36))
def test_changing_the_last_character_is_rejected_naming_the_expected_one(gstin, other):
    if other == gstin[-1]:
        return
    message = rejected(identifiers.normalise_gstin, gstin[:-1] + other)
    assert message == f"GSTIN check character should be {gstin[-1]}, not {other}"


# --- PAN and IEC ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("AAACC1234", "PAN must be 10 characters"),
        ("AAAC11234D", "five letters, four digits and a letter"),
        ("AAAXC1234D", "4th character must be a holder type"),
        ("AAACC0000D", "cannot be 0000"),
    ],
)
def test_pan_rejections_name_the_rule(value, rule):
    assert rule in rejected(identifiers.normalise_pan, value)


@given(pans)
def test_a_pan_is_a_current_iec(pan):
    iec = identifiers.parse_iec(pan.lower())
    assert iec == identifiers.Iec(code=pan, is_legacy=False)


@given(st.text(DIGITS, min_size=10, max_size=10))
def test_ten_digit_numbers_are_legacy_iecs(number):
    assert identifiers.parse_iec(number) == identifiers.Iec(code=number, is_legacy=True)


@pytest.mark.parametrize(
    "value",
    ["١٢٣٤٥٦٧٨٩٠", "１２３４５６７８９０", "12345678²0"],
    ids=["arabic-indic", "fullwidth", "superscript"],
)
def test_legacy_iec_must_be_ascii_digits(value):
    message = rejected(identifiers.parse_iec, value)
    assert message.startswith("IEC must be")


@given(st.text(min_size=0, max_size=14))
def test_iec_is_a_pan_or_ten_ascii_digits_or_rejected_with_a_rule(value):
    try:
        iec = identifiers.parse_iec(value)
    except IdentifierError as exc:
        assert exc.message.startswith("IEC must be")
    else:
        assert re.fullmatch(r"[0-9]{10}|[A-Z]{5}[0-9]{4}[A-Z]", iec.code)
        assert iec.is_legacy == iec.code.isdigit()


def test_iec_rejections_name_the_rule():
    assert "IEC must be 10 characters" in rejected(identifiers.parse_iec, "AAACC1234")
    assert "IEC must be the firm's PAN" in rejected(identifiers.parse_iec, "AAAXC1234D")


# --- ICEGATE ID -------------------------------------------------------------------------------


@given(st.text(ALNUM36 + ALNUM36.lower(), min_size=6, max_size=25))
def test_icegate_ids_of_6_to_25_letters_and_digits_are_accepted(value):
    assert identifiers.normalise_icegate_id(value) == value.upper()


@given(st.text(ALNUM36, min_size=26, max_size=40))
def test_icegate_ids_longer_than_25_are_rejected(value):
    assert "at most 25 characters" in rejected(identifiers.normalise_icegate_id, value)


@pytest.mark.parametrize(
    ("value", "rule"),
    [("", "Enter the ICEGATE ID"), ("CLE INDIA", "only letters and digits"), ("cle-1", "only")],
)
def test_icegate_id_rejections_name_the_rule(value, rule):
    assert rule in rejected(identifiers.normalise_icegate_id, value)


@pytest.mark.parametrize("value", ["0", "NA", "12345", "cle1"])
def test_icegate_ids_shorter_than_6_are_refused_naming_the_rule(value):
    message = rejected(identifiers.normalise_icegate_id, value)
    assert f"at least 6 characters (got {len(value)})" in message
    assert "6 to 25 letters and digits" in message


def test_office_icegate_ids_of_the_circular_are_valid():
    for icegate_id in ("CLEINDIA1984", "CLEJALANDHAR1984"):
        assert identifiers.normalise_icegate_id(icegate_id) == icegate_id


def test_every_seeded_office_id_passes(db):
    from icportal.offices.models import Office

    ids = list(Office.objects.values_list("icegate_id", flat=True))
    assert len(ids) == 7
    for icegate_id in ids:
        assert identifiers.normalise_icegate_id(icegate_id) == icegate_id


# --- Mobile -----------------------------------------------------------------------------------


@given(
    st.sampled_from("6789"),
    st.text(DIGITS, min_size=9, max_size=9),
    st.sampled_from(["", "+91", "91", "0", "+91 ", "+91-"]),
)
def test_mobiles_normalise_to_plus_91(first, rest, prefix):
    number = first + rest
    try:
        normalised = identifiers.normalise_mobile(prefix + number)
    except IdentifierError as exc:
        assert exc.message == "This is not a valid Indian mobile number"
    else:
        assert normalised == "+91" + number


@pytest.mark.parametrize("value", ["98400 12345", "+91 98400-12345", "09840012345", "(98400)12345"])
def test_mobile_examples(value):
    assert identifiers.normalise_mobile(value) == "+919840012345"


@pytest.mark.parametrize("value", ["", "5840012345", "984001234", "+1 9840012345", "98400123456"])
def test_mobile_rejection_says_what_an_indian_mobile_looks_like(value):
    assert "10 digits starting 6, 7, 8 or 9" in rejected(identifiers.normalise_mobile, value)


# --- Port code, HS code, Bill of Entry ----------------------------------------------------------


@given(st.text(UPPER, min_size=3, max_size=3), st.sampled_from(ALNUM36))
def test_port_codes(city, kind):
    assert identifiers.normalise_port_code(f"in{city.lower()}{kind.lower()}") == f"IN{city}{kind}"


@pytest.mark.parametrize(
    ("value", "rule"),
    [("INMAA", "6 characters"), ("USNYC1", "IN, three letters"), ("IN1AA1", "IN, three letters")],
)
def test_port_code_rejections_name_the_rule(value, rule):
    assert rule in rejected(identifiers.normalise_port_code, value)


@given(st.integers(min_value=1, max_value=98), st.text(DIGITS, min_size=6, max_size=6))
def test_hs_codes_keep_leading_zeros(chapter, rest):
    code = f"{chapter:02d}{rest}"
    assert identifiers.normalise_hs_code(f"{code[:4]}.{code[4:6]} {code[6:]}") == code


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("9607110", "8 digits"),
        ("9607110A", "8 digits"),
        ("00071100", "chapter 00 does not exist"),
        ("99071100", "chapter 99 does not exist"),
    ],
)
def test_hs_code_rejections_name_the_rule(value, rule):
    assert rule in rejected(identifiers.normalise_hs_code, value)


@given(st.text(DIGITS, min_size=6, max_size=7))
def test_bill_of_entry_numbers(number):
    assert identifiers.normalise_bill_of_entry_no(f" {number} ") == number


@given(
    st.text(DIGITS + "A-/", min_size=0, max_size=12).filter(
        lambda v: not re.fullmatch(r"[0-9]{6,7}", v)
    )
)
@settings(max_examples=50)
def test_other_bill_of_entry_numbers_are_rejected(value):
    assert "Bill of Entry number must be 7 digits" in rejected(
        identifiers.normalise_bill_of_entry_no, value
    )


# --- Any input: never anything but an IdentifierError ------------------------------------------


@pytest.mark.parametrize(
    "func",
    [
        identifiers.normalise_gstin,
        identifiers.normalise_pan,
        identifiers.parse_iec,
        identifiers.normalise_icegate_id,
        identifiers.normalise_mobile,
        identifiers.normalise_port_code,
        identifiers.normalise_hs_code,
        identifiers.normalise_bill_of_entry_no,
    ],
)
@given(value=st.one_of(st.none(), st.text(max_size=30), st.integers()))
@settings(max_examples=60)
def test_garbage_is_rejected_with_a_message_never_a_crash(func, value):
    try:
        func(value)
    except IdentifierError as exc:
        assert exc.message
