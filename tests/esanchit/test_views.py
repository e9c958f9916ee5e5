"""Pages and API are scoped: staff see their office's uploads, members only their own."""

from __future__ import annotations

import pytest
from django.urls import reverse

from icportal.esanchit import services
from icportal.esanchit.models import Upload, UploadStatus
from tests.documents.conftest import issue
from tests.factories import head_office_user, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploaded(identity, django_capture_on_commit_callbacks):
    certificate, user, officer = issue(django_capture_on_commit_callbacks)
    upload = Upload.objects.get(certificate=certificate)
    services.irn_record(upload=upload, irn="irn1234", drn="DRN5678")
    return certificate, user, officer


def test_staff_list_search_export_and_banner(client, uploaded):
    certificate, _user, officer = uploaded
    services.health_unreachable(office=certificate.office, error="503")
    client.force_login(officer)
    page = client.get(reverse("esanchit:uploads"), {"q": "IRN1234", "status": "accepted"})
    assert page.status_code == 200
    assert certificate.number in page.content.decode()
    assert "ICEGATE unreachable since" in page.content.decode()
    assert (
        certificate.number
        not in client.get(reverse("esanchit:uploads"), {"status": "rejected"}).content.decode()
    )
    export = client.get(reverse("esanchit:uploads"), {"export": "csv"})
    assert "IRN1234" in b"".join(export.streaming_content).decode()


def test_other_office_and_members_see_nothing(client, uploaded):
    certificate, user, _officer = uploaded
    client.force_login(staff_user("DEL"))
    assert certificate.number not in client.get(reverse("esanchit:uploads")).content.decode()
    upload = Upload.objects.get(certificate=certificate)
    assert client.post(reverse("esanchit:retry", args=[upload.pk])).status_code == 404
    client.force_login(user)
    assert client.get(reverse("esanchit:uploads")).status_code == 403
    data = client.get("/api/v1/uploads/").json()
    assert [u["irn"] for u in data["results"]] == ["IRN1234"]
    client.force_login(staff_user("DEL"))
    assert client.get("/api/v1/uploads/").json()["results"] == []
    client.force_login(head_office_user())
    assert len(client.get("/api/v1/uploads/").json()["results"]) == 1


def test_certificate_page_shows_irn_in_copy_boxes(client, uploaded):
    certificate, user, _officer = uploaded
    client.force_login(user)
    page = client.get(reverse("certificates:certificate", args=[certificate.slug]))
    body = page.content.decode()
    assert 'data-testid="certificate-upload"' in body and "IRN1234" in body and "DRN5678" in body


def test_api_retry_and_batches(client, identity, django_capture_on_commit_callbacks):
    certificate = issue(django_capture_on_commit_callbacks)[0]
    upload = Upload.objects.get(certificate=certificate)
    services.upload_reject(upload=upload, errors=[{"code": "NOT_PDFA", "message": "x"}])
    client.force_login(staff_user("CHN"))
    retried = client.post(f"/api/v1/uploads/{upload.pk}/retry/")
    assert retried.status_code == 200, retried.content
    assert retried.json()["status"] == UploadStatus.WAITING
    new_id = retried.json()["id"]
    made = client.post(
        "/api/v1/upload-batches/", {"uploads": [new_id]}, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    batch_id = made.json()["id"]
    zipped = client.get(f"/api/v1/upload-batches/{batch_id}/zip/")
    assert zipped.status_code == 200 and zipped["Content-Type"] == "application/zip"
    recorded = client.post(
        f"/api/v1/upload-batches/{batch_id}/record/",
        {"table": f"{certificate.number},IRN9,DRN9\nbad line"},
        content_type="application/json",
    )
    assert recorded.status_code == 200
    assert recorded.json()["complete"] is True and len(recorded.json()["errors"]) == 1
    page = client.get(reverse("esanchit:batch", args=[batch_id]))
    assert page.status_code == 200 and "IRN9" in page.content.decode()


@pytest.mark.parametrize(
    "next_value",
    [
        "https://evil.example/phish",
        "//evil.example/",
        "http://testserver.evil.example/",
        "web:logout",
    ],
)
def test_retry_never_sends_the_browser_to_another_site(client, uploaded, next_value):
    """`next=` comes from the page's form, so anyone can craft one: only same-site paths count."""
    certificate, _user, officer = uploaded
    upload = Upload.objects.get(certificate=certificate)
    client.force_login(officer)
    response = client.post(f"/esanchit/{upload.pk}/retry/", {"next": next_value})
    assert response.status_code == 302 and response["Location"] == "/esanchit/"
    page = f"/ic/certificates/{certificate.slug}/?tab=upload"
    response = client.post(f"/esanchit/{upload.pk}/manual/", {"next": page})
    assert response["Location"] == page
