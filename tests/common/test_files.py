"""Uploads are PDFs when a PDF parser opens them, not when "%PDF-" appears near the start."""

import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from icportal.common.files import check_pdf_upload
from tests.certificates.factories import PDF


def upload(data: bytes, name="doc.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def refusal(data_or_upload, label="invoice") -> str:
    item = data_or_upload if not isinstance(data_or_upload, bytes) else upload(data_or_upload)
    with pytest.raises(ValidationError) as caught:
        check_pdf_upload(item, field="file", label=label)
    (message,) = caught.value.message_dict["file"]
    return message


def test_a_real_pdf_passes_and_can_be_read_again_from_the_start():
    item = upload(PDF)
    check_pdf_upload(item, field="file", label="invoice")
    assert item.read() == PDF


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + b"\x00garbage" * 100,
        b"<html><!-- %PDF-1.4 --></html>",
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    ],
)
def test_files_that_only_look_like_a_pdf_are_refused_naming_the_field(data):
    message = refusal(data, label="commercial invoice")
    assert message.startswith("The commercial invoice ")
    assert "not really a PDF" in message or "must be a PDF file" in message


def test_a_password_protected_pdf_is_refused_with_the_reason():
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(PDF)) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    assert "password-protected" in refusal(out.getvalue())


def test_a_pdf_without_pages_is_refused():
    out = io.BytesIO()
    pikepdf.new().save(out)
    assert refusal(out.getvalue()) == "The invoice has no pages"


def test_a_large_upload_kept_on_disk_is_read_from_its_file():
    item = TemporaryUploadedFile("big.pdf", "application/pdf", len(PDF), None)
    item.write(PDF)
    item.seek(0)
    check_pdf_upload(item, field="file", label="invoice")
    item.write(b"")  # still open and usable afterwards
    item.close()


def test_size_and_missing_file_are_still_checked(settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    assert "the limit is" in refusal(PDF)
    with pytest.raises(ValidationError, match="Attach the invoice as a PDF"):
        check_pdf_upload(None, field="file", label="invoice")
