"""Bad upload requests: a precise 4xx code, never a 500, and nothing stored."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from icegate_sandbox.models import Document, Message
from tests.icegate_sandbox.conftest import entry, url

pytestmark = pytest.mark.django_db

UPLOADS = url("api/esanchit/uploads")


@pytest.fixture(autouse=True)
def _nothing_stored(db):
    yield
    assert not Document.objects.exists()
    assert not Message.objects.filter(kind=Message.Kind.IRN).exists()


def _error(response, status: int, code: str):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["error"]["code"] == code
    assert body["error"]["message"]


def test_no_token_and_a_wrong_token_are_refused(client, member, pdfs):
    _error(client.post(UPLOADS, data={}), 401, "NOT_AUTHENTICATED")
    _error(client.post(UPLOADS, data={}, HTTP_AUTHORIZATION="Bearer nope"), 401, "TOKEN_INVALID")
    _error(client.post(UPLOADS, data={}, HTTP_AUTHORIZATION="Basic abc"), 401, "NOT_AUTHENTICATED")


def test_json_instead_of_multipart(client, pga_token):
    response = client.post(
        UPLOADS,
        data=json.dumps({"files": []}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {pga_token}",
    )
    _error(response, 415, "NOT_MULTIPART")


@pytest.mark.parametrize(
    ("content_type", "body", "code"),
    [
        ("multipart/form-data", b"garbage", "MALFORMED_MULTIPART"),
        ("multipart/form-data; boundary=", b"garbage", "MALFORMED_MULTIPART"),
        ("multipart/form-data; boundary=XYZ", b"no parts at all", "MANIFEST_MISSING"),
    ],
)
def test_malformed_multipart(client, pga_token, content_type, body, code):
    response = client.generic(
        "POST",
        UPLOADS,
        data=body,
        content_type=content_type,
        HTTP_AUTHORIZATION=f"Bearer {pga_token}",
    )
    _error(response, 400, code)


@pytest.mark.parametrize(
    ("manifest", "status", "code"),
    [
        ("", 400, "MANIFEST_NOT_JSON"),
        ("{not json", 400, "MANIFEST_NOT_JSON"),
        ("[" * 30_000 + "]" * 30_000, 400, "MANIFEST_NOT_JSON"),
        ('{"filename": "ic.pdf"}', 400, "MANIFEST_INVALID"),
        ("[]", 400, "MANIFEST_INVALID"),
        ("[1]", 400, "NOT_AN_OBJECT"),
        (json.dumps([{**entry("ic.pdf"), "colour": "red"}]), 400, "UNKNOWN_FIELD"),
        (
            json.dumps([{k: v for k, v in entry("ic.pdf").items() if k != "idempotency_key"}]),
            400,
            "MISSING_FIELD",
        ),
        (json.dumps([entry("ic.pdf", beneficiary_code=123)]), 400, "INVALID_FIELD"),
        (json.dumps([entry("ic.pdf", beneficiary_type="PAN")]), 400, "INVALID_FIELD"),
        (json.dumps([entry("ic.pdf", idempotency_key="")]), 400, "MISSING_FIELD"),
        (json.dumps([entry("ic.pdf", idempotency_key="k" * 101)]), 400, "FIELD_TOO_LONG"),
        (json.dumps([entry("ic.pdf", filler="x" * 70_000)]), 413, "FIELD_TOO_LARGE"),
        (json.dumps([entry("other.pdf")]), 400, "MANIFEST_FILE_MISMATCH"),
        (json.dumps([entry("ic.pdf"), entry("more.pdf")]), 400, "MANIFEST_FILE_MISMATCH"),
        (json.dumps([entry("ic.pdf")] * 101), 400, "MANIFEST_INVALID"),
    ],
)
def test_bad_manifests(upload, member, pdfs, manifest, status, code):
    _error(upload([("ic.pdf", pdfs.good)], manifest=manifest), status, code)


def _post(client, token, data):
    return client.post(UPLOADS, data=data, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_missing_manifest_field(client, pga_token, pdfs):
    response = _post(client, pga_token, {"files": [SimpleUploadedFile("ic.pdf", pdfs.good)]})
    _error(response, 400, "MANIFEST_MISSING")


def test_two_manifest_fields(client, pga_token, pdfs):
    manifest = json.dumps([entry("ic.pdf")])
    data = {"manifest": [manifest, manifest], "files": [SimpleUploadedFile("ic.pdf", pdfs.good)]}
    _error(_post(client, pga_token, data), 400, "MANIFEST_INVALID")


def test_files_without_manifest_entries_and_no_files(client, pga_token, pdfs):
    manifest = json.dumps([entry("ic.pdf")])
    two = [SimpleUploadedFile("ic.pdf", pdfs.good), SimpleUploadedFile("extra.pdf", pdfs.good)]
    _error(
        _post(client, pga_token, {"manifest": manifest, "files": two}),
        400,
        "MANIFEST_FILE_MISMATCH",
    )
    _error(_post(client, pga_token, {"manifest": manifest}), 400, "NO_FILES")


def test_unknown_form_fields(client, pga_token, pdfs):
    manifest = json.dumps([entry("ic.pdf")])
    pdf = SimpleUploadedFile("ic.pdf", pdfs.good)
    data = {"manifest": manifest, "files": [pdf], "note": "hello"}
    _error(_post(client, pga_token, data), 400, "UNKNOWN_FIELD")
    data = {"manifest": manifest, "file": [SimpleUploadedFile("ic.pdf", pdfs.good)]}
    _error(_post(client, pga_token, data), 400, "UNKNOWN_FIELD")


def test_the_same_idempotency_key_twice_in_one_request(upload, member, pdfs):
    entries = [entry("a.pdf", idempotency_key="same"), entry("b.pdf", idempotency_key="same")]
    response = upload([("a.pdf", pdfs.good), ("b.pdf", pdfs.good)], entries=entries)
    _error(response, 400, "DUPLICATE_IDEMPOTENCY_KEY")


def test_a_request_over_the_size_limit_is_not_read(upload, member, pdfs, settings):
    settings.ICEGATE_SANDBOX_MAX_UPLOAD_REQUEST_BYTES = 5_000
    _error(upload([("ic.pdf", pdfs.good)]), 413, "REQUEST_TOO_LARGE")


def test_a_field_over_djangos_memory_limit(upload, member, pdfs, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    manifest = json.dumps([entry("ic.pdf", beneficiary_code="X" * 5_000)])
    _error(upload([("ic.pdf", pdfs.good)], manifest=manifest), 413, "BODY_TOO_LARGE")


def test_too_many_parts(upload, member, pdfs, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    files = [(f"{n}.pdf", b"%PDF-1.7") for n in range(5)]
    _error(upload(files), 400, "TOO_MANY_PARTS")


def test_wrong_method_and_unknown_path(client):
    response = client.get(UPLOADS)
    _error(response, 405, "METHOD_NOT_ALLOWED")
    assert response["Allow"] == "POST"
    _error(client.get(url("api/esanchit/nothing-here")), 404, "NOT_FOUND")
