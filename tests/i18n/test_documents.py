"""The public verification pages, their verdicts and the member's document panel in Hindi (issue 18):
every sentence translated, the IC number, dates (dd/mm/yyyy IST) and hashes exactly as in English."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

from icportal.documents.models import CertificateDocument
from tests.documents.conftest import (  # noqa: F401  (identity, keys_dir, passphrase_env: fixtures)
    identity,
    issue,
    keys_dir,
    passphrase_env,
    signed_bytes,
)

pytestmark = pytest.mark.django_db
WHEN = re.compile(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2} IST")
VALID_TIMESTAMPED = (
    "Valid — signed on %(signed)s while the certificate was valid (timestamp by %(tsa)s)."
)


@pytest.fixture
def issued(request, db, django_capture_on_commit_callbacks):
    """An IC issued and signed through the real services (tests/documents/conftest.py)."""
    request.getfixturevalue("identity")
    return issue(django_capture_on_commit_callbacks)


def hindi(msgid: str, **values) -> str:
    """The Hindi of a msgid, checked to differ from the English (a missing entry would not)."""
    with translation.override("hi"):
        said = gettext(msgid)
    assert said != msgid and re.search("[\u0900-\u097f]", said), msgid
    return said % values if values else said


def test_the_verify_page_answers_in_hindi_with_the_facts_unchanged(client, issued):
    certificate, _, _ = issued
    document = CertificateDocument.objects.get(certificate=certificate)
    url = f"/verify/{certificate.verification_code}"
    english = client.get(url).content.decode()
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    assert hindi("Import Certificate %(number)s", number=certificate.number) in body
    assert hindi("Valid — issued and in force") in body
    assert hindi("SHA-256 of the signed file") in body and "Valid — issued" not in body
    # The signature's verdict is a Hindi sentence around the same date and time as the English one.
    before, after = hindi(VALID_TIMESTAMPED).split("%(signed)s")
    assert before in body and after.split("%(tsa)s")[0] in body
    assert WHEN.findall(body) == WHEN.findall(english) and WHEN.findall(body)
    assert body.count(document.sha256) == english.count(document.sha256) == 1
    assert certificate.number in body and 'data-signing="valid"' in body


def test_the_check_page_follows_the_switcher_cookie(client, issued):
    client.post("/accounts/language/", {"language": "hi", "next": "/verify/"})
    page = client.get(reverse("documents:check")).content.decode()
    assert hindi("Check an Import Certificate PDF") in page
    assert f'placeholder="{hindi("IRN or IC number")}"' in page
    with translation.override("hi"):
        assert pgettext("verb: check the certificate", "Check") in page


def test_upload_verdicts_are_said_in_hindi(client, issued):
    certificate, _, _ = issued
    data = signed_bytes(certificate)

    def check(payload: bytes) -> str:
        return client.post(
            reverse("documents:check"),
            {"file": SimpleUploadedFile("ic.pdf", payload)},
            HTTP_ACCEPT_LANGUAGE="hi",
        ).content.decode()

    genuine = check(data)
    assert 'data-verdict="genuine"' in genuine and hindi("Genuine.") in genuine
    said = hindi("Genuine and unaltered: this is Import Certificate %(number)s.")
    assert said % {"number": certificate.number} in genuine
    assert "Genuine and unaltered" not in genuine
    altered = bytearray(data)
    altered[data.index(b"CLE/CHN/IC/") + 4] = ord("X")
    body = check(bytes(altered))
    assert 'data-verdict="altered"' in body and hindi("Not genuine.") in body
    assert "Altered after signing" not in body
    assert hindi("This is not a PDF file.") in check(b"GIF89a not a pdf")


def test_the_api_verdict_follows_accept_language(api, issued):
    certificate, _, _ = issued
    response = api.post(
        "/api/v1/verify/",
        {"file": SimpleUploadedFile("a.pdf", signed_bytes(certificate))},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="hi",
    )
    data = response.json()
    assert data["genuine"] is True and data["verdict"] == "genuine"  # codes stay as they are
    said = hindi("Genuine and unaltered: this is Import Certificate %(number)s.")
    assert data["message"].startswith(said % {"number": certificate.number})
    assert data["signature"]["lines"][0].startswith(hindi(VALID_TIMESTAMPED).split("%(signed)s")[0])


def test_a_hindi_members_ic_page_shows_the_document_panel_in_hindi(client, issued):
    certificate, user, _ = issued
    user.language = "hi"
    user.save(update_fields=["language"])
    client.force_login(user)
    page = client.get(reverse("certificates:certificate", args=[certificate.slug]))
    body = page.content.decode()
    assert hindi("Signed document") in body
    assert f'status-tag text-wrap text-start">{hindi("Signed")}</span>' in body  # DocStatus
    assert hindi("Download the signed PDF") in body
    # Readiness labels are stored in English with the document and shown translated.
    document = CertificateDocument.objects.get(certificate=certificate)
    assert document.readiness and all(check["passed"] for check in document.readiness)
    for check in document.readiness:
        assert hindi(check["label"]) in body
        assert check["label"] not in body
