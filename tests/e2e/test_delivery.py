"""Delivery in the browser: approve → signed → uploaded to e-SANCHIT → mail in the member's inbox.

Once through the gateway (the sandbox over HTTP, the worker run in-process) and once by hand (a
manual batch: ZIP download, IRN/DRN typed into the table).
"""

from __future__ import annotations

import io
import re
import zipfile
from types import SimpleNamespace

import pytest
from django.core import mail
from playwright.sync_api import expect

from icportal.certificates.models import ImportCertificate
from icportal.common import worker
from icportal.esanchit import gateway
from icportal.esanchit.models import Upload, UploadMode, UploadStatus
from icportal.notifications.models import Email
from tests.certificates import factories as f
from tests.documents.conftest import identity, keys_dir, passphrase_env  # noqa: F401
from tests.e2e.conftest import sign_out
from tests.esanchit.conftest import _fresh_tokens, register, run_worker, sandbox  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_out(page):
    sign_out(page)


def _application(tmp_path, settings, keys_dir, *, seed_sandbox):  # noqa: F811
    member, member_user, officer, epc = f.ready()
    application = f.submitted_application(member_user, epc, values=("2450.00",))
    if seed_sandbox:
        register(
            tmp_path,
            SimpleNamespace(member=member, office=member.office),
            (keys_dir / "office-CHN.pem").read_text(),
            settings=settings,
        )
    return member, member_user, officer, application


def _issue_in_browser(page, login, officer, application) -> ImportCertificate:
    login(officer)
    page.goto(f"/ic/applications/{application.slug}/")
    page.get_by_test_id("issue-button").click()
    page.get_by_role("button", name="Sign and issue IC").click()
    expect(page.locator(".alert-success")).to_contain_text("issued")
    certificate = ImportCertificate.objects.get(application=application)
    expect(page.locator("main")).to_contain_text(certificate.number)
    document = page.get_by_test_id("certificate-document")
    assert "Download the signed PDF" in document.inner_text()
    assert certificate.document.status == "signed"
    return certificate


def _member_sees_mail(page, login, member_user, certificate, upload):
    """The member's inbox on the portal: "My firm" lists the mail, its page shows the IRN/DRN."""
    login(member_user)
    page.get_by_role("button", name="My firm").click()
    page.get_by_role("link", name="Firm details").click()
    subject = f"IC {certificate.number} on e-SANCHIT: IRN {upload.irn}, DRN {upload.drn}"
    link = page.get_by_role("link", name=subject)
    link.click()
    for value in (certificate.number, upload.irn, upload.drn, certificate.office.icegate_id):
        expect(page.locator("body")).to_contain_text(value)
    # The certificate page shows the member the same references to copy.
    page.goto(f"/ic/certificates/{certificate.slug}/")
    box = page.get_by_test_id("certificate-upload")
    assert box.get_by_label("IRN", exact=True).inner_text() == upload.irn
    assert box.get_by_label("DRN", exact=True).inner_text() == upload.drn


def _mail_delivered(member_user, certificate, upload):
    email = Email.objects.get(template="ic_uploaded", to=member_user.email)
    assert email.status == "sent", email.last_error
    assert upload.irn in email.body_text and upload.drn in email.body_text
    assert certificate.number in email.body_text
    sent = [m for m in mail.outbox if m.to == [member_user.email] and upload.irn in m.body]
    assert len(sent) == 1, [m.subject for m in mail.outbox]


def test_gateway_mode_approve_sign_upload_and_mail(
    page,
    login,
    tmp_path,
    settings,
    identity,  # noqa: F811
    keys_dir,  # noqa: F811
    sandbox,  # noqa: F811
):
    _member, member_user, officer, application = _application(
        tmp_path, settings, keys_dir, seed_sandbox=True
    )
    certificate = _issue_in_browser(page, login, officer, application)
    upload = Upload.objects.get(certificate=certificate)
    assert upload.mode == UploadMode.GATEWAY and upload.status == UploadStatus.WAITING
    page.reload()
    assert "Waiting" in page.get_by_test_id("certificate-upload").inner_text()

    # The worker, in-process: uploads to the sandbox over HTTP, then delivers the mail.
    assert run_worker() == 1
    worker.run_once("e2e")
    upload.refresh_from_db()
    assert upload.status == UploadStatus.ACCEPTED, upload.last_error
    assert upload.irn and upload.drn

    page.reload()
    box = page.get_by_test_id("certificate-upload")
    assert box.get_by_label("IRN", exact=True).inner_text() == upload.irn
    assert box.get_by_label("DRN", exact=True).inner_text() == upload.drn
    assert (
        box.get_by_label("Uploader ICEGATE ID", exact=True).inner_text()
        == certificate.office.icegate_id
    )
    # The sandbox holds the document under that IRN.
    stored = sandbox.get(
        f"api/esanchit/documents/{upload.irn}",
        headers={"Authorization": f"Bearer {gateway.login(certificate.office)}"},
    )
    assert stored.status_code == 200, stored.text
    _sign_out(page)

    _mail_delivered(member_user, certificate, upload)
    _member_sees_mail(page, login, member_user, certificate, upload)


def test_manual_mode_batch_zip_irn_table_and_mail(
    page,
    login,
    tmp_path,
    settings,
    identity,  # noqa: F811
    keys_dir,  # noqa: F811
):
    settings.ICEGATE_MODE = "manual"
    member, member_user, officer, application = _application(
        tmp_path, settings, keys_dir, seed_sandbox=False
    )
    certificate = _issue_in_browser(page, login, officer, application)
    upload = Upload.objects.get(certificate=certificate)
    assert upload.mode == UploadMode.MANUAL and upload.status == UploadStatus.WAITING
    assert run_worker() == 0  # the worker leaves manual uploads alone
    file_name = certificate.document.file_name

    # e-SANCHIT uploads → manual batches → build a batch with this IC.
    page.get_by_role("link", name="e-SANCHIT", exact=True).first.click()
    page.get_by_role("link", name="Manual upload batches").click()
    page.get_by_label(f"Add {certificate.number}").check()
    page.get_by_role("button", name="Build batch").click()
    page.wait_for_url(re.compile(r"/esanchit/batches/\d+/$"))
    assert file_name in page.get_by_test_id("batch-files").inner_text()

    # Download the ZIP: the signed PDF and the cover sheet.
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Download the ZIP")).click()
    archive = zipfile.ZipFile(io.BytesIO(open(info.value.path(), "rb").read()))  # noqa: SIM115
    assert set(archive.namelist()) == {file_name, "cover-sheet.csv", "cover-sheet.html"}
    assert archive.read(file_name).startswith(b"%PDF")
    cover = archive.read("cover-sheet.csv").decode()
    assert certificate.number in cover and member.iec in cover

    # A malformed line is refused and nothing is recorded.
    page.get_by_label(re.compile("One line per file")).fill(
        f"{file_name}\tIRN/2026/1\tDRN2026000456"
    )
    page.get_by_role("button", name="Record").click()
    expect(
        page.get_by_role("alert").filter(has_text="Some lines were not recorded")
    ).to_be_visible()
    upload.refresh_from_db()
    assert upload.status == UploadStatus.WAITING

    # Record IRN and DRN as ICEGATE gave them.
    irn, drn = "2026CHN0000123", "DRN2026000456"
    page.get_by_label(re.compile("One line per file")).fill(f"{file_name}\t{irn}\t{drn}")
    page.get_by_role("button", name="Record").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("All IRNs recorded")
    upload.refresh_from_db()
    assert (upload.status, upload.irn, upload.drn) == (UploadStatus.ACCEPTED, irn, drn)

    page.goto(f"/ic/certificates/{certificate.slug}/")
    box = page.get_by_test_id("certificate-upload")
    assert box.get_by_label("IRN", exact=True).inner_text() == irn
    _sign_out(page)

    worker.run_once("e2e")  # anything not sent at once goes now
    _mail_delivered(member_user, certificate, upload)
    _member_sees_mail(page, login, member_user, certificate, upload)
