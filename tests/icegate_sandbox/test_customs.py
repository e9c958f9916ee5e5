"""The Bill of Entry check: OK, or every reason a customs officer would give."""

import pytest

from tests.icegate_sandbox.conftest import MEMBER_PAN, PGA_ID, post_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(upload, member, pdfs):
    (result,) = upload([("ic.pdf", pdfs.good)]).json()["results"]
    assert result["status"] == "ACCEPTED"
    return result


def _check(client, documents, iec=MEMBER_PAN, **overrides):
    body = {
        "port_code": "INMAA1",
        "boe_no": "1234567",
        "boe_date": "2026-03-14",
        "iec": iec,
        "documents": documents,
        **overrides,
    }
    return post_json(client, "api/customs/boe-check", body)


def _quoted(result, **overrides):
    return {
        "irn": result["irn"],
        "drn": result["drn"],
        "document_type_code": "CLEIC1",
        "uploader_icegate_id": PGA_ID,
        **overrides,
    }


def test_the_right_numbers_are_ok(client, accepted):
    response = _check(client, [_quoted(accepted)])
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "OK"
    assert body["documents"] == [{"irn": accepted["irn"], "status": "OK", "reasons": []}]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"irn": "SBXI20260101AAAAAAAAAA"}, "IRN_NOT_FOUND"),
        ({"drn": "SBXD20260101AAAAAAAAAA"}, "DRN_MISMATCH"),
        ({"uploader_icegate_id": "CLEKOLKATA1"}, "UPLOADER_MISMATCH"),
        ({"document_type_code": "380000"}, "DOCUMENT_TYPE_MISMATCH"),
    ],
)
def test_each_wrong_number_has_its_reason(client, accepted, change, reason):
    body = _check(client, [_quoted(accepted, **change)]).json()
    assert body["status"] == "REJECTED"
    assert body["documents"][0]["status"] == "REJECTED"
    assert body["documents"][0]["reasons"] == [reason]


def test_another_importers_boe_is_a_beneficiary_mismatch(client, accepted):
    body = _check(client, [_quoted(accepted)], iec="AAACZ9999Z").json()
    assert body["documents"][0]["reasons"] == ["BENEFICIARY_MISMATCH"]


def test_all_reasons_are_listed_and_case_and_spaces_do_not_matter(client, accepted):
    quoted = _quoted(
        accepted,
        irn=f" {accepted['irn'].lower()} ",
        drn="X",
        uploader_icegate_id="someone",
        document_type_code="380000",
    )
    body = _check(client, [quoted, _quoted(accepted)], iec="AAACZ9999Z").json()
    assert body["documents"][0]["reasons"] == [
        "DRN_MISMATCH",
        "BENEFICIARY_MISMATCH",
        "UPLOADER_MISMATCH",
        "DOCUMENT_TYPE_MISMATCH",
    ]
    assert body["documents"][1]["reasons"] == ["BENEFICIARY_MISMATCH"]


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"port_code": "MAA1"}, "INVALID_FIELD"),
        ({"boe_no": "12AB"}, "INVALID_FIELD"),
        ({"boe_date": "14/03/2026"}, "INVALID_FIELD"),
        ({"documents": []}, "INVALID_FIELD"),
        ({"documents": "SBXI"}, "INVALID_FIELD"),
        ({"documents": [{"irn": "X"}]}, "MISSING_FIELD"),
        (
            {
                "documents": [
                    {
                        "irn": "X",
                        "drn": "Y",
                        "document_type_code": "Z",
                        "uploader_icegate_id": "U",
                        "more": 1,
                    }
                ]
            },
            "UNKNOWN_FIELD",
        ),
        ({"documents": [[1]]}, "NOT_AN_OBJECT"),
        ({"colour": "red"}, "UNKNOWN_FIELD"),
    ],
)
def test_bad_requests_are_4xx(client, overrides, code):
    documents = overrides.pop("documents", [_quoted({"irn": "A", "drn": "B"})])
    response = _check(client, documents, **overrides)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == code
