"""The cheap proof that a freshly signed IC's bytes are what was signed (documents.signed_bytes),
and what the issue path does when it fails."""

import re

import pytest
from asn1crypto import cms

from icportal.documents import services, signing, timestamps
from icportal.documents import signed_bytes as sb
from icportal.documents.models import CertificateDocument, DocStatus
from icportal.documents.readiness import document_readiness
from tests.documents.conftest import issue, signed_bytes, validate_against

pytestmark = pytest.mark.django_db

BYTE_RANGE = re.compile(rb"/ByteRange \[0 (\d+) (\d+) (\d+)\]")


def _contents(data: bytes) -> tuple[int, int]:
    """Where the /Contents hex string lies: the byte range's gap, `<` to `>`."""
    gap, resume, _ = map(int, BYTE_RANGE.search(data).groups())
    return gap, resume


def _readiness(document, data, **kwargs):
    checks = document_readiness(
        pdf_bytes=data,
        office=document.certificate.office,
        file_name=document.file_name,
        document_id=document.pk,
        **kwargs,
    )
    return {c["name"]: c for c in checks}


def test_a_freshly_signed_ic_passes_the_cheap_check_and_readiness(issued):
    certificate, _, _ = issued
    data = signed_bytes(certificate)
    finding = sb.whole_file_signature(data)
    assert finding.ok and finding.reason == ""
    document = CertificateDocument.objects.get(certificate=certificate)
    cheap = _readiness(document, data, signed_here=True)
    full = _readiness(document, data)
    assert all(c["passed"] for c in cheap.values()), cheap
    assert {n: c["passed"] for n, c in cheap.items()} == {n: c["passed"] for n, c in full.items()}
    assert cheap["pdfa"]["detail"] == full["pdfa"]["detail"] == "XMP says PDF/A-2B"


def test_one_changed_byte_anywhere_in_the_signed_bytes_is_caught(issued):
    certificate, _, _ = issued
    data = signed_bytes(certificate)
    gap, resume = _contents(data)
    document = CertificateDocument.objects.get(certificate=certificate)
    for at in (40, gap // 2, gap - 3, resume + 5, len(data) - 20):
        tampered = bytearray(data)
        tampered[at] ^= 0x01
        finding = sb.whole_file_signature(bytes(tampered))
        assert not finding.ok, at
        check = _readiness(document, bytes(tampered), signed_here=True)["signature"]
        assert not check["passed"] and check["detail"], at


def _flip_last_byte(data: bytes, gap: int, value: bytes) -> bytes:
    """`data` with the last byte of `value` (found in the /Contents hex) changed."""
    at = data.lower().index(value.hex().encode(), gap) + 2 * len(value) - 1
    tampered = bytearray(data)
    tampered[at] = ord("0") if data[at] != ord("0") else ord("1")
    return bytes(tampered)


def test_a_changed_signature_value_timestamp_or_appended_bytes_are_caught(issued):
    certificate, _, _ = issued
    data = signed_bytes(certificate)
    gap, resume = _contents(data)
    der = bytes.fromhex(data[gap + 1 : resume - 1].decode())
    signer_info = cms.ContentInfo.load(der)["content"]["signer_infos"][0]
    signature = signer_info["signature"].native
    finding = sb.whole_file_signature(_flip_last_byte(data, gap, signature))
    assert not finding.ok and "does not verify" in finding.reason
    (token,) = [a["values"][0] for a in signer_info["unsigned_attrs"]]
    token_signature = token["content"]["signer_infos"][0]["signature"].native
    finding = sb.whole_file_signature(_flip_last_byte(data, gap, token_signature))
    assert not finding.ok and finding.reason.startswith("The signature timestamp does not verify")
    appended = sb.whole_file_signature(data + b"\n% added after signing\n")
    assert appended.reason == "The signature does not cover the whole file"
    assert sb.whole_file_signature(data[: gap - 10]).reason == "The file has no digital signature"


def test_contents_is_reserved_at_the_measured_container_and_token_size(issued, dev_ca_pem):
    certificate, _, _ = issued
    data = signed_bytes(certificate)
    gap, resume = _contents(data)
    der = bytes.fromhex(data[gap + 1 : resume - 1].decode())
    container = len(der.rstrip(b"\0"))
    # Room for exactly this signer's container and this TSA's token (whose nonce and time vary
    # by a few bytes): nothing like the 12 KB a guessed size would leave as zeros.
    assert container < len(der) <= container + signing.CMS_SLACK + timestamps.TOKEN_MARGIN + 16
    # B-LT with the DSS (4 certificates, 2 OCSP responses) and the token: was 74,537 bytes for
    # the same IC as B-B with a 12,288-digit /Contents. The Hindi headings (issue 18: their font,
    # cut to its 71 glyphs, and their text) add about 9.5 KB.
    assert len(data) < 100_000
    assert validate_against(data, dev_ca_pem).bottom_line


def test_a_file_the_storage_changed_is_not_marked_signed(
    identity, settings, django_capture_on_commit_callbacks
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.documents.storages.OneByteRotStorage"},
    }
    certificate, _, officer = issue(django_capture_on_commit_callbacks)
    document = CertificateDocument.objects.get(certificate=certificate)
    assert document.status == DocStatus.FAILED
    assert document.last_error.startswith("Storing: the stored file")
    assert not document.file and not document.sha256
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.document_retry(by=officer, document=document)
    document.refresh_from_db()
    assert document.status == DocStatus.SIGNED, document.last_error
    assert sb.whole_file_signature(signed_bytes(certificate)).ok
