import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.documents.conftest import signed_bytes

pytestmark = pytest.mark.django_db


def test_api_code_lookup(api, issued):
    certificate, _, _ = issued
    response = api.get(f"/api/v1/verify/{certificate.verification_code}/")
    assert response.status_code == 200
    data = response.json()
    assert data["number"] == certificate.number and data["status"] == "issued"
    assert len(data["sha256"]) == 64 and data["physical_copies"] == []
    assert api.get("/api/v1/verify/nope-nope-nope/").status_code == 404


def test_api_upload_genuine_altered_and_not_pdf(api, issued):
    certificate, _, _ = issued
    data = signed_bytes(certificate)
    response = api.post(
        "/api/v1/verify/", {"file": SimpleUploadedFile("a.pdf", data)}, format="multipart"
    )
    assert response.status_code == 200, response.content
    assert response.json()["genuine"] is True
    assert response.json()["certificate"]["number"] == certificate.number
    altered = bytearray(data)
    altered[data.index(b"CLE/CHN/IC/") + 4] = ord("X")
    response = api.post(
        "/api/v1/verify/", {"file": SimpleUploadedFile("a.pdf", bytes(altered))}, format="multipart"
    )
    assert response.json()["genuine"] is False and response.json()["verdict"] == "altered"
    response = api.post(
        "/api/v1/verify/", {"file": SimpleUploadedFile("a.txt", b"hello")}, format="multipart"
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "not_pdf"
    response = api.post("/api/v1/verify/", {}, format="multipart")
    assert response.status_code == 400
