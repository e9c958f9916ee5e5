import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from icportal.certificates import services as ic
from icportal.documents.models import CertificateDocument
from tests import factories
from tests.documents.conftest import signed_bytes

pytestmark = pytest.mark.django_db


def _upload(client, data: bytes, name="ic.pdf"):
    return client.post(reverse("documents:check"), {"file": SimpleUploadedFile(name, data)})


def test_verify_page_shows_status_fields_hash_and_no_copies(client, issued):
    certificate, _, _ = issued
    response = client.get(f"/verify/{certificate.verification_code}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Valid — issued and in force" in body and certificate.number in body
    assert CertificateDocument.objects.get(certificate=certificate).sha256 in body
    assert 'data-testid="copies-none"' in body


def test_cancelled_certificate_says_so(client, issued):
    certificate, _, officer = issued
    ic.certificate_cancel(by=officer, certificate=certificate, reason="Wrong invoice")
    body = client.get(f"/verify/{certificate.verification_code}/").content.decode()
    assert "Cancelled — do not accept" in body


def test_unknown_code_is_404(client, db):
    assert client.get("/verify/NoSuchCode12345").status_code == 404


def test_genuine_file_is_recognised_and_one_changed_byte_is_not(client, issued):
    certificate, _, _ = issued
    data = signed_bytes(certificate)
    response = _upload(client, data)
    assert 'data-verdict="genuine"' in response.content.decode()
    assert certificate.number in response.content.decode()
    altered = bytearray(data)
    position = data.index(b"CLE/CHN/IC/") + 4
    altered[position] = ord("X")
    response = _upload(client, bytes(altered))
    body = response.content.decode()
    assert 'data-verdict="altered"' in body and "Altered after signing" in body


def test_appended_content_is_altered_and_names_the_original(client, issued):
    certificate, _, _ = issued
    data = signed_bytes(certificate) + b"\n% appended after signing\n"
    body = _upload(client, data).content.decode()
    assert 'data-verdict="altered"' in body


@pytest.mark.parametrize(
    ("data", "verdict", "status"),
    [
        (b"GIF89a not a pdf at all", "not_pdf", 200),
        (b"%PDF-1.7\n" + b"\x00garbage" * 5000, "unreadable", 200),
        (b"%PDF-1.7\n" + b"A" * (6 * 1024 * 1024), "too_large", 413),
    ],
)
def test_bad_uploads_get_a_clear_answer(client, db, data, verdict, status):
    response = _upload(client, data)
    assert response.status_code == status
    body = response.content.decode()
    assert f'data-verdict="{verdict}"' in body or verdict in body


def test_unsigned_pdf_and_foreign_signature_are_not_genuine(client, db):
    from icportal.documents.render import render_pdf
    from tests.documents.test_render import sample_content

    body = _upload(client, render_pdf(sample_content(1))).content.decode()
    assert 'data-verdict="unsigned"' in body


def test_downloads_are_scoped(client, issued):
    certificate, owner, officer = issued
    url = reverse("documents:download", args=[certificate.slug])
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == signed_bytes(certificate)
    assert response["Content-Disposition"].endswith(
        "IC_CLE-CHN-" + certificate.number.split("/", 3)[3].replace("/", "-") + '.pdf"'
    )
    client.force_login(factories.member_user())
    assert client.get(url).status_code == 404
    client.force_login(factories.staff_user("DEL"))
    assert client.get(url).status_code == 404
    client.force_login(officer)
    assert client.get(url).status_code == 200
    # A numbered copy comes only from the copy register (tests/dispatch/test_copies.py).
    copy = client.get(reverse("certified_copy", args=[certificate.slug, 3]))
    assert copy.status_code == 404
    client.force_login(owner)
    assert client.get(reverse("certified_copy", args=[certificate.slug, 3])).status_code == 403


def test_include_template_shows_status_readiness_and_retry_for_staff(issued):
    certificate, _owner, officer = issued
    request = RequestFactory().get("/")
    request.user = officer
    html = render_to_string(
        "documents/_certificate_document.html",
        {"certificate": certificate, "user": officer, "request": request},
    )
    assert "Download the signed PDF" in html and 'data-check="signature"' in html
    CertificateDocument.objects.filter(certificate=certificate).update(
        status="failed", last_error="Signing: token not present"
    )
    certificate.refresh_from_db()
    html = render_to_string(
        "documents/_certificate_document.html",
        {"certificate": certificate, "user": officer, "request": request},
    )
    assert "token not present" in html and "Retry signing" in html


@pytest.mark.parametrize(
    "next_value",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "accounts:logout"],
)
def test_signing_retry_returns_only_to_a_page_of_this_site(client, issued, next_value):
    certificate, _owner, officer = issued
    client.force_login(officer)
    url = reverse("documents:retry", kwargs={"slug": certificate.slug})
    response = client.post(url, {"next": next_value})
    assert response.status_code == 302 and response["Location"] == "/"
    page = f"/ic/certificates/{certificate.slug}/"
    assert client.post(url, {"next": page})["Location"] == page
