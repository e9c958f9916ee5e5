"""Numbered certified copies come only from the copy register, quote the e-SANCHIT references,
and say across the page when the IC is no longer in force."""

from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse

from icportal.audit.models import AuditEvent, Verb
from icportal.certificates import services as ic_services
from icportal.dispatch import services
from tests.certificates import factories as f
from tests.dispatch import factories as d
from tests.esanchit.factories import uploaded

pytestmark = pytest.mark.django_db


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "copy.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def test_a_printed_copy_carries_irn_drn_and_uploader_id(client, tmp_path):
    user, officer, certificate = d.issued()
    upload = uploaded(certificate, irn="SBXI20260314K7Q2M9X4TB", drn="SBXD20260314B1C9ZP0W3N")
    request = d.printed(user, officer, certificate)
    client.force_login(officer)
    pdf = client.get(reverse("dispatch:copy_pdf", args=[request.slug]))
    text = _text(pdf.content, tmp_path)
    assert "CERTIFIED COPY No. 1" in text
    assert upload.irn in text and upload.drn in text
    assert "Uploader ICEGATE ID" in text and certificate.office.icegate_id in text
    assert "CANCELLED" not in text and "REPLACED" not in text


def test_a_copy_of_a_paper_ic_does_not_speak_of_irn(client, tmp_path):
    _user, officer, certificate = d.urgent_physical()
    request = services.physical_ic_open(by=officer, certificate=certificate)
    services.copy_print(by=officer, request=request)
    client.force_login(officer)
    text = _text(client.get(reverse("dispatch:copy_pdf", args=[request.slug])).content, tmp_path)
    assert "CERTIFIED COPY No. 1" in text and "IRN" not in text


def test_only_a_number_in_the_register_opens(client):
    user, officer, certificate = d.issued()
    client.force_login(officer)
    url = reverse("certified_copy", args=[certificate.slug, 999])
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(verb=Verb.FILE_DOWNLOADED).exists()
    d.printed(user, officer, certificate)
    printed = AuditEvent.objects.get(verb=Verb.COPY_PRINTED)
    assert printed.payload["copy_number"] == 1 and printed.actor == officer
    assert client.get(url).status_code == 404
    copy = client.get(reverse("certified_copy", args=[certificate.slug, 1]))
    assert copy.status_code == 200 and copy.content.startswith(b"%PDF-")
    taken = AuditEvent.objects.get(verb=Verb.FILE_DOWNLOADED)
    assert "certified copy 1" in taken.payload["what"]


def test_a_copy_of_a_cancelled_ic_says_so_across_the_page(client, tmp_path):
    user, officer, certificate = d.issued()
    d.printed(user, officer, certificate)
    ic_services.certificate_cancel(by=officer, certificate=certificate, reason="Duplicate")
    client.force_login(officer)
    copy = client.get(reverse("certified_copy", args=[certificate.slug, 1]))
    text = _text(copy.content, tmp_path)
    assert "CANCELLED on" in text and "Do not accept this copy" in text


def test_a_copy_of_a_replaced_ic_names_the_replacement(client, tmp_path):
    user, officer, certificate = d.issued()
    request = d.printed(user, officer, certificate)
    new = ic_services.certificate_replace(
        by=officer,
        certificate=certificate,
        header=f.header(),
        items=[f.item_row("900.00")],
        reason="Invoice corrected",
    )
    client.force_login(officer)
    text = _text(client.get(reverse("dispatch:copy_pdf", args=[request.slug])).content, tmp_path)
    assert f"REPLACED by IC {new.number}" in text
