"""A customs officer checks an IC by IRN or IC number: the page, the API and the lookup itself."""

from __future__ import annotations

import pytest
from django.urls import reverse

from icportal.certificates import services as ic_services
from icportal.dispatch.verification import NOT_FOUND, certificate_lookup, public_facts
from tests.certificates import factories as f
from tests.dispatch import factories as d
from tests.esanchit.factories import uploaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploaded_ic():
    user, officer, certificate = d.issued()
    upload = uploaded(certificate, irn="SBXI20260314K7Q2M9X4TB", drn="SBXD20260314B1C9ZP0W3N")
    return user, officer, certificate, upload


def _replace(officer, certificate):
    return ic_services.certificate_replace(
        by=officer,
        certificate=certificate,
        header=f.header(invoice_no="INV-AMENDED-1"),
        items=[f.item_row("900.00")],
        reason="Invoice corrected",
    )


def test_found_by_irn_by_number_and_by_the_number_as_in_links(uploaded_ic):
    _, _, certificate, upload = uploaded_ic
    for query in (upload.irn, upload.irn.lower(), certificate.number, certificate.slug):
        assert certificate_lookup(query=f"  {query} ") == certificate, query
    facts = public_facts(certificate)
    assert facts["standing"] == "in_force"
    assert facts["iec"] == certificate.member.iec and facts["firm"] == certificate.member.legal_name
    assert facts["uploader_icegate_id"] == certificate.office.icegate_id
    assert facts["value"] == certificate.value and facts["office"] == certificate.office.name


def test_unknown_and_malformed_queries_find_nothing(uploaded_ic):
    for query in ("SBXI20990101AAAAAAAAAA", "CLE/CHN/IC/1999-00/000001", "'; drop", "", "x" * 90):
        assert certificate_lookup(query=query) is None


def test_the_old_irn_of_a_replaced_ic_says_replaced_by_the_new_one(uploaded_ic):
    _, officer, certificate, upload = uploaded_ic
    new = _replace(officer, certificate)
    found = certificate_lookup(query=upload.irn)
    facts = public_facts(found)
    assert facts["standing"] == "replaced" and facts["replaced_by"] == new.number
    assert new.number in facts["standing_label"] and "do not accept" in facts["standing_label"]


def test_page_shows_in_force_and_the_certificates_facts_without_login(client, uploaded_ic):
    _, _, certificate, upload = uploaded_ic
    page = client.get(reverse("verify_search"), {"q": upload.irn})
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-standing="in_force"' in body and "In force" in body
    assert certificate.number in body and certificate.member.iec in body
    assert certificate.office.icegate_id in body
    assert upload.drn not in body  # no more than the certificate shows


def test_page_of_a_cancelled_ic_says_do_not_accept(client, uploaded_ic):
    _, officer, certificate, _ = uploaded_ic
    ic_services.certificate_cancel(by=officer, certificate=certificate, reason="Duplicate")
    body = client.get(reverse("verify_search"), {"q": certificate.number}).content.decode()
    assert 'data-standing="cancelled"' in body and "Cancelled — do not accept" in body


def test_page_of_a_replaced_ic_links_to_the_replacing_one(client, uploaded_ic):
    _, officer, certificate, upload = uploaded_ic
    new = _replace(officer, certificate)
    body = client.get(reverse("verify_search"), {"q": upload.irn}).content.decode()
    assert f"Replaced by {new.number}" in body
    assert f'href="/verify/?q={new.number}"' in body


def test_unknown_gets_one_neutral_answer_on_the_page_and_the_api(client, api, uploaded_ic):
    for query in ("SBXI20990101AAAAAAAAAA", "CLE/CHN/IC/1999-00/000001", "<script>"):
        body = client.get(reverse("verify_search"), {"q": query}).content.decode()
        assert NOT_FOUND in body and 'data-testid="verify-result"' not in body
        answer = api.get("/api/v1/verify/", {"q": query})
        assert answer.status_code == 404
        assert answer.json() == {"error": {"code": "not_found", "message": NOT_FOUND}}


def test_api_answers_the_same_facts(api, uploaded_ic):
    _, officer, certificate, upload = uploaded_ic
    answer = api.get("/api/v1/verify/", {"q": upload.irn})
    assert answer.status_code == 200
    data = answer.json()
    assert data["number"] == certificate.number and data["standing"] == "in_force"
    assert data["uploader_icegate_id"] == certificate.office.icegate_id
    assert set(data) == {
        "number", "standing", "standing_label", "replaced_by", "issued_on", "office",
        "firm", "iec", "value", "uploader_icegate_id", "signature",
    }  # fmt: skip
    # `signature` (when it was signed, documents.timeline): tests/documents/test_verify_across_time
    new = _replace(officer, certificate)
    data = api.get("/api/v1/verify/", {"q": certificate.number}).json()
    assert data["standing"] == "replaced" and data["replaced_by"] == new.number
    assert api.get("/api/v1/verify/").status_code == 400


def test_page_and_api_share_the_anonymous_rate(client, api, uploaded_ic):
    _, _, certificate, _ = uploaded_ic
    statuses = [
        client.get(reverse("verify_search"), {"q": certificate.number}).status_code
        for _ in range(60)
    ]
    statuses += [
        api.get("/api/v1/verify/", {"q": certificate.number}).status_code for _ in range(60)
    ]
    assert set(statuses) == {200}  # 120 a minute
    page = client.get(reverse("verify_search"), {"q": certificate.number})
    assert page.status_code == 429 and "Too many checks" in page.content.decode()
    assert api.get("/api/v1/verify/", {"q": certificate.number}).status_code == 429


def test_without_a_query_the_page_is_still_the_pdf_check(client):
    page = client.get(reverse("verify_search"))
    body = page.content.decode()
    assert page.status_code == 200 and "Check an Import Certificate PDF" in body
    assert 'name="q"' in body
