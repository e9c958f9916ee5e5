"""Every e-SANCHIT upload rule, each with real PDFs signed by pyHanko in the test session."""

import re

import pytest

from icegate_sandbox.formats import DRN_PATTERN, IRN_PATTERN
from icegate_sandbox.models import Document, Message
from tests.icegate_sandbox.conftest import MEMBER_EMAIL, PGA_ID, codes, entry
from tests.icegate_sandbox.pdfs import MIB, make_pdf, sign

pytestmark = pytest.mark.django_db


def _one(upload, content, name="ic.pdf", **entry_overrides):
    response = upload([(name, content)], entries=[entry(name, **entry_overrides)])
    assert response.status_code == 200, response.content
    (result,) = response.json()["results"]
    return result


def test_a_signed_pdfa_from_the_registered_certificate_is_accepted(upload, member, pdfs):
    result = _one(upload, pdfs.good)
    assert result["status"] == "ACCEPTED"
    assert result["errors"] == []
    assert IRN_PATTERN.fullmatch(result["irn"]) and DRN_PATTERN.fullmatch(result["drn"])
    for number in (result["irn"], result["drn"]):
        assert re.fullmatch(r"[A-Z0-9]{1,32}", number)
    document = Document.objects.get()
    assert (document.irn, document.drn, document.filename) == (
        result["irn"],
        result["drn"],
        "ic.pdf",
    )
    assert bytes(document.content) == pdfs.good
    assert document.uploader.icegate_id == PGA_ID


def test_a_file_signed_twice_by_the_registered_certificate_is_accepted(upload, member, pdfs):
    result = _one(upload, pdfs.countersigned)
    assert result["status"] == "ACCEPTED", result["errors"]
    assert bytes(Document.objects.get().content) == pdfs.countersigned


def test_the_beneficiary_gets_the_irn_mail_at_its_icegate_email(upload, member, pdfs):
    result = _one(upload, pdfs.good)
    mail = Message.objects.get(kind=Message.Kind.IRN)
    assert mail.to == MEMBER_EMAIL
    for text in (result["irn"], result["drn"], "CLEIC1", PGA_ID):
        assert text in mail.body
    assert mail.data["irn"] == result["irn"]
    assert mail.data["uploader_icegate_id"] == PGA_ID


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("other_signer", ["SIGNER_NOT_REGISTERED"]),
        ("unsigned", ["SIGNATURE_MISSING"]),
        ("altered", ["SIGNATURE_INVALID"]),
        ("appended", ["SIGNATURE_INVALID"]),
        ("forged_signature", ["SIGNATURE_INVALID"]),
        ("first_revision_altered", ["SIGNATURE_INVALID"]),
        ("not_pdfa", ["NOT_PDFA"]),
        ("over_1_mib", ["TOO_LARGE"]),
        ("not_a_pdf", ["NOT_PDF"]),
    ],
)
def test_a_file_breaking_one_rule_is_rejected_with_that_code(upload, member, pdfs, case, expected):
    result = _one(upload, getattr(pdfs, case))
    assert result["status"] == "REJECTED"
    assert result["irn"] is None and result["drn"] is None
    assert codes(result) == expected
    assert all(error["message"] for error in result["errors"])
    assert not Document.objects.exists()
    assert not Message.objects.filter(kind=Message.Kind.IRN).exists()


def test_size_limit_is_inclusive_exactly_1_mib_is_accepted(upload, member, pdfs):
    assert len(pdfs.exactly_1_mib) == MIB
    assert len(pdfs.over_1_mib) == MIB + 1
    assert _one(upload, pdfs.exactly_1_mib)["status"] == "ACCEPTED"


def test_the_same_name_twice_in_a_batch_rejects_both(upload, member, pdfs):
    response = upload(
        [("ic.pdf", pdfs.good), ("ic.pdf", pdfs.good)],
        entries=[entry("ic.pdf", idempotency_key="a"), entry("ic.pdf", idempotency_key="b")],
    )
    results = response.json()["results"]
    assert [codes(r) for r in results] == [["DUPLICATE_FILENAME"], ["DUPLICATE_FILENAME"]]
    assert not Document.objects.exists()


def test_a_name_this_uploader_used_before_is_a_duplicate(upload, member, pdfs):
    assert _one(upload, pdfs.good, idempotency_key="first")["status"] == "ACCEPTED"
    again = _one(upload, pdfs.good, idempotency_key="second")
    assert codes(again) == ["DUPLICATE_FILENAME"]
    assert Document.objects.count() == 1


def test_a_beneficiary_without_icegate_registration_is_rejected(upload, taxpayer, pdfs):
    result = _one(upload, pdfs.good)
    assert codes(result) == ["BENEFICIARY_NOT_REGISTERED"]


def test_an_unknown_document_type_is_rejected(upload, member, pdfs):
    assert codes(_one(upload, pdfs.good, document_type_code="ZZZ999")) == ["UNKNOWN_DOCUMENT_TYPE"]


def test_the_document_types_come_from_the_setting(upload, member, pdfs, settings):
    settings.ICEGATE_SANDBOX_DOCUMENT_TYPES = {"ZZZ999": "A test type"}
    assert _one(upload, pdfs.good, "a.pdf", document_type_code="ZZZ999")["status"] == "ACCEPTED"
    assert codes(_one(upload, pdfs.good, "b.pdf", document_type_code="CLEIC1")) == [
        "UNKNOWN_DOCUMENT_TYPE"
    ]


def test_ten_files_are_accepted_and_eleven_are_a_batch_too_large(upload, member, pdfs):
    eleven = [(f"ic-{n}.pdf", pdfs.good) for n in range(11)]
    response = upload(eleven)
    assert response.status_code == 400
    body = response.json()
    assert body["error"]["code"] == "BATCH_TOO_LARGE"
    assert len(body["results"]) == 11
    assert all(codes(r) == ["BATCH_TOO_LARGE"] for r in body["results"])
    assert not Document.objects.exists()

    response = upload(eleven[:10])
    assert response.status_code == 200
    assert {r["status"] for r in response.json()["results"]} == {"ACCEPTED"}
    assert Document.objects.count() == 10


def test_only_a_pga_user_may_upload(upload, member, member_token, pdfs):
    response = upload([("ic.pdf", pdfs.good)], token=member_token)
    assert response.status_code == 403
    body = response.json()
    assert body["error"]["code"] == "NOT_AUTHORISED"
    (result,) = body["results"]
    # The member has no certificate bound, so the signer is not theirs either: every rule is listed.
    assert codes(result) == ["SIGNER_NOT_REGISTERED", "NOT_AUTHORISED"]
    assert not Document.objects.exists()


def test_every_failing_rule_is_listed_in_the_contract_order(upload, taxpayer, pdfs):
    both_wrong = sign(make_pdf(pdfa=False), pdfs.other)
    response = upload(
        [("x.pdf", both_wrong), ("x.pdf", pdfs.not_a_pdf)],
        entries=[
            entry("x.pdf", idempotency_key="1", document_type_code="NOPE"),
            entry("x.pdf", idempotency_key="2", document_type_code="NOPE"),
        ],
    )
    first, second = response.json()["results"]
    assert codes(first) == [
        "NOT_PDFA",
        "DUPLICATE_FILENAME",
        "SIGNER_NOT_REGISTERED",
        "BENEFICIARY_NOT_REGISTERED",
        "UNKNOWN_DOCUMENT_TYPE",
    ]
    assert codes(second) == [
        "NOT_PDF",
        "DUPLICATE_FILENAME",
        "BENEFICIARY_NOT_REGISTERED",
        "UNKNOWN_DOCUMENT_TYPE",
    ]


def test_too_large_and_altered_are_both_reported(upload, member, pdfs):
    content = pdfs.over_1_mib + b"%%tail\n"
    assert codes(_one(upload, content)) == ["TOO_LARGE", "SIGNATURE_INVALID"]


def test_a_mixed_batch_stores_only_the_good_files(upload, member, pdfs):
    response = upload([("good.pdf", pdfs.good), ("bad.pdf", pdfs.unsigned)])
    assert response.status_code == 200
    good, bad = response.json()["results"]
    assert (good["status"], bad["status"]) == ("ACCEPTED", "REJECTED")
    assert list(Document.objects.values_list("filename", flat=True)) == ["good.pdf"]
