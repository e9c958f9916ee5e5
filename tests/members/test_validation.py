"""One check of a member's details, shared by forms, API and importer."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icportal.members.validation import (
    MemberData,
    member_data_check_unique,
    member_data_clean,
    reference_data,
)
from tests import factories
from tests.members.factories import member_data, member_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference(db):
    return reference_data()


def clean(reference, **overrides):
    return member_data_clean(member_fields(1, **overrides), **reference)


def test_clean_details_give_member_data_with_the_pan_from_the_gstin(reference):
    data, errors = clean(reference)
    assert errors == {}
    assert data.pan == data.iec == factories.make_pan(1)
    assert data.gstn_mobile == "+919840012345"
    assert data.rcmc_valid_to == dt.date(2029, 3, 31)
    assert data.segment_codes == ["FW"]
    assert data.iec_is_legacy is False


def test_gstin_pan_must_equal_the_iec(reference):
    _, errors = clean(reference, iec=factories.make_pan(2))
    assert errors == {
        "gstins": [
            f"The GSTIN's PAN {factories.make_pan(1)} must equal the IEC {factories.make_pan(2)}"
        ]
    }


def test_legacy_numeric_iec_is_accepted_and_marked(reference):
    data, errors = clean(reference, iec="0388012345")
    assert errors == {}
    assert (data.iec, data.iec_is_legacy, data.pan) == ("0388012345", True, factories.make_pan(1))


def test_all_gstins_carry_one_pan(reference):
    other = factories.gstin_for(factories.make_pan(3), "27")
    _, errors = clean(reference, gstins=[factories.gstin_for(factories.make_pan(1)), other])
    assert any("same PAN" in m for m in errors["gstins"])


def test_a_gstin_listed_twice_is_an_error(reference):
    gstin = factories.gstin_for(factories.make_pan(1))
    _, errors = clean(reference, gstins=f"{gstin};{gstin.lower()}")
    assert errors["gstins"] == [f"{gstin} is listed twice"]


def test_an_invalid_gstin_is_named_with_its_rule(reference):
    _, errors = clean(reference, gstins=["27AAPFU0939F1ZO"])
    assert errors["gstins"] == ["27AAPFU0939F1ZO: GSTIN check character should be V, not O"]


def test_segments_by_code_or_name_in_any_case(reference):
    data, _ = clean(reference, segments="fw; Leather Gloves, SADDLERY & HARNESS")
    assert data.segment_codes == ["FW", "GL", "SH"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("legal_name", "  ", "Enter the firm's legal name"),
        ("legal_name", "x" * 201, "at most 200 characters"),
        ("iec", "AAACC1234", "IEC must be 10 characters"),
        ("gstins", "", "Enter at least one GSTIN"),
        ("segments", "", "Choose at least one product segment"),
        ("segments", "XX", "Unknown product segment XX"),
        ("gstn_email", "not-an-email", "Enter the e-mail registered with GSTN"),
        ("gstn_mobile", "12345", "10 digits starting 6, 7, 8 or 9"),
        ("office_code", "XYZ", "Office code must be one of"),
        ("rcmc_valid_from", "31-31-2024", "RCMC valid from: the month must be 1–12"),
        ("rcmc_valid_to", "2020-01-01", "valid-to date must be after the valid-from date"),
        ("pincode", "060005", "PIN code must be 6 digits"),
        ("rcmc_number", "R" * 41, "at most 40 characters"),
    ],
)
def test_each_rule_lands_on_its_field(reference, field, value, message):
    data, errors = clean(reference, **{field: value})
    assert data is None
    assert list(errors) == [field]
    assert any(message in m for m in errors[field])


@pytest.mark.parametrize("value", ["31/03/2027", "2027-03-31", "31-03-2027", dt.date(2027, 3, 31)])
def test_rcmc_dates_in_indian_and_iso_forms(reference, value):
    data, errors = clean(reference, rcmc_valid_to=value)
    assert errors == {}
    assert data.rcmc_valid_to == dt.date(2027, 3, 31)


def test_member_data_survives_json_for_the_import_preview():
    data = member_data(4)
    assert MemberData.from_json(data.as_json()) == data


def test_uniqueness_against_stored_members():
    existing = factories.MemberFactory()
    data = member_data(5, iec=existing.iec, gstins=[existing.primary_gstin])
    errors = member_data_check_unique(data)
    assert errors == {
        "iec": [f"A member with IEC {existing.iec} already exists"],
        "gstins": [f"GSTIN {existing.primary_gstin} already belongs to another member"],
    }
    assert member_data_check_unique(data, existing=existing) == {}


TEXTS = st.one_of(st.none(), st.text(max_size=40), st.lists(st.text(max_size=20), max_size=3))


@given(raw=st.fixed_dictionaries({k: TEXTS for k in member_fields(0)}))
@settings(
    max_examples=80,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_any_input_gives_data_or_field_errors_never_an_exception(reference, raw):
    data, errors = member_data_clean(raw, **reference)
    assert (data is None) == bool(errors)
    assert all(isinstance(m, str) and m for messages in errors.values() for m in messages)
