"""Search and fetch of stored documents; uploader and beneficiary see their own; never deleted."""

import pytest

from icegate_sandbox.models import Document, DocumentsAreForever
from icegate_sandbox.services.accounts import login, registration_upsert
from tests.icegate_sandbox.conftest import MEMBER_PAN, PASSWORD, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(upload, member, pdfs):
    results = upload([("a.pdf", pdfs.good), ("b.pdf", pdfs.good)]).json()["results"]
    assert {r["status"] for r in results} == {"ACCEPTED"}
    return results


def _get(client, path, token, **params):
    return client.get(url(path), params, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_uploader_searches_by_irn_drn_beneficiary_and_date(client, stored, pga_token):
    everything = _get(client, "api/esanchit/documents", pga_token).json()["documents"]
    assert [d["filename"] for d in everything] == ["b.pdf", "a.pdf"]  # newest first
    first = stored[0]
    by_irn = _get(client, "api/esanchit/documents", pga_token, irn=first["irn"].lower()).json()
    assert [d["drn"] for d in by_irn["documents"]] == [first["drn"]]
    by_drn = _get(client, "api/esanchit/documents", pga_token, drn=first["drn"]).json()
    assert [d["irn"] for d in by_drn["documents"]] == [first["irn"]]
    by_code = _get(client, "api/esanchit/documents", pga_token, beneficiary_code=MEMBER_PAN).json()
    assert len(by_code["documents"]) == 2
    uploaded_on = Document.objects.first().uploaded_at
    from icegate_sandbox.formats import IST

    day = uploaded_on.astimezone(IST).date()
    assert (
        len(
            _get(client, "api/esanchit/documents", pga_token, uploaded_on=day.isoformat()).json()[
                "documents"
            ]
        )
        == 2
    )
    other_day = day.replace(year=day.year - 1).isoformat()
    assert (
        _get(client, "api/esanchit/documents", pga_token, uploaded_on=other_day).json()["documents"]
        == []
    )


def test_metadata_and_the_stored_pdf(client, stored, pga_token, pdfs):
    irn = stored[0]["irn"]
    metadata = _get(client, f"api/esanchit/documents/{irn}", pga_token).json()
    assert metadata["irn"] == irn and metadata["drn"] == stored[0]["drn"]
    assert metadata["uploader_icegate_id"] == "CLEINDIA1984"
    assert metadata["document_type_code"] == "CLEIC1"
    assert metadata["beneficiary_type"] == "IEC" and metadata["beneficiary_code"] == MEMBER_PAN
    assert metadata["size_bytes"] == len(pdfs.good)
    pdf = _get(client, f"api/esanchit/documents/{irn}/pdf", pga_token)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content == pdfs.good


def test_the_beneficiary_sees_its_documents(client, stored, member_token):
    documents = _get(client, "api/esanchit/documents", member_token).json()["documents"]
    assert len(documents) == 2
    assert (
        _get(client, f"api/esanchit/documents/{stored[0]['irn']}", member_token).status_code == 200
    )


def test_others_see_nothing(client, stored, registered_identity):
    registration_upsert(
        icegate_id="OTHERFIRM",
        password=PASSWORD,
        role="IEC",
        method="dsc",
        iec="AAACZ9999Z",
        email="z@example.com",
        mobile="9000000000",
        certificate_pem=registered_identity.pem,
    )
    token = login(icegate_id="OTHERFIRM", password=PASSWORD)[1]
    assert _get(client, "api/esanchit/documents", token).json()["documents"] == []
    response = _get(client, f"api/esanchit/documents/{stored[0]['irn']}", token)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "DOCUMENT_NOT_FOUND"
    assert _get(client, f"api/esanchit/documents/{stored[0]['irn']}/pdf", token).status_code == 404


def test_search_input_errors(client, stored, pga_token):
    assert client.get(url("api/esanchit/documents")).json()["error"]["code"] == "NOT_AUTHENTICATED"
    bad_date = _get(client, "api/esanchit/documents", pga_token, uploaded_on="14/03/2026")
    assert (bad_date.status_code, bad_date.json()["error"]["code"]) == (400, "INVALID_PARAMETER")
    unknown = _get(client, "api/esanchit/documents", pga_token, colour="red")
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (400, "UNKNOWN_PARAMETER")


def test_documents_can_never_be_deleted(stored):
    document = Document.objects.first()
    with pytest.raises(DocumentsAreForever):
        document.delete()
    with pytest.raises(DocumentsAreForever):
        Document.objects.all().delete()
    with pytest.raises(DocumentsAreForever):
        Document.objects.filter(pk=document.pk).delete()
    assert Document.objects.count() == 2


def test_document_types_are_listed(client):
    types = client.get(url("api/esanchit/document-types")).json()["document_types"]
    assert {"code": "CLEIC1", "name": types[0]["name"]} in types
