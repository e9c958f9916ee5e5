"""Downloads of signed PDFs and documents, and exports of lists, through the real pages and API:
each leaves a row saying who took what; the firm's timeline reads them."""

import pytest
from django.urls import reverse

from icportal.audit.models import AuditEvent, Verb
from icportal.esanchit import batches
from icportal.esanchit.models import Upload
from tests.certificates import factories as f
from tests.documents.factories import document_of

pytestmark = pytest.mark.django_db


def _took(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_member_and_staff_downloads_of_the_signed_pdf_are_recorded(client, issued):
    certificate, user, officer = issued
    page = reverse("documents:download", kwargs={"slug": certificate.slug})
    for who in (user, officer):
        client.force_login(who)
        assert _took(client.get(page)).startswith(b"%PDF-")
    rows = AuditEvent.objects.filter(verb=Verb.FILE_DOWNLOADED).order_by("id")
    assert [(e.actor, e.target_type, e.member, e.office) for e in rows] == [
        (who, "documents.certificatedocument", certificate.member, certificate.office)
        for who in (user, officer)
    ]
    assert rows[0].payload == {
        "what": f"the signed PDF of IC {certificate.number}",
        "name": document_of(certificate).file_name,
        "via": "web",
    }
    # The firm sees who took its IC, in words, on its own page.
    client.force_login(user)
    html = client.get("/members/mine/").content.decode()
    assert f"downloaded the signed PDF of IC {certificate.number}" in html
    client.force_login(officer)  # and the office, on the member's page
    html = client.get(reverse("members:detail", kwargs={"iec": certificate.member.iec}))
    assert html.content.decode().count(f"downloaded the signed PDF of IC {certificate.number}") == 2


def test_attachment_downloads_by_member_and_staff_are_recorded(client):
    _, user, officer, epc = f.ready()
    app = f.submitted_application(user, epc)
    attachment = app.attachments.get(kind="invoice")
    page = reverse(
        "certificates:attachment_download", kwargs={"slug": app.slug, "pk": attachment.pk}
    )
    for who in (user, officer):
        client.force_login(who)
        assert _took(client.get(page)).startswith(b"%PDF-")
    rows = AuditEvent.objects.filter(verb=Verb.FILE_DOWNLOADED).order_by("id")
    assert [(e.actor, e.target_id, e.payload["name"]) for e in rows] == [
        (user, str(attachment.pk), "inv.pdf"),
        (officer, str(attachment.pk), "inv.pdf"),
    ]
    assert rows[0].payload["what"] == f"the Commercial invoice of application {app.reference}"


def test_an_api_download_of_a_batch_zip_is_recorded(
    api, identity, settings, django_capture_on_commit_callbacks
):
    from tests.documents.conftest import issue

    settings.ICEGATE_MODE = "manual"
    certificate, _, officer = issue(django_capture_on_commit_callbacks)
    batch = batches.batch_create(by=officer, uploads=list(Upload.objects.all()))
    api.force_login(officer)
    assert _took(api.get(f"/api/v1/upload-batches/{batch.pk}/zip/")).startswith(b"PK")
    event = AuditEvent.objects.get(verb=Verb.FILE_DOWNLOADED)
    assert (event.actor, event.target_type, event.office) == (
        officer,
        "esanchit.batch",
        certificate.office,
    )
    assert event.payload["via"] == "api"
    from icportal.audit.formatters import describe

    assert describe(event) == (
        f"downloaded the ZIP of signed PDFs of manual upload batch {batch.pk} "
        f"(esanchit-batch-{batch.pk}.zip) through the API"
    )


def test_exports_are_recorded_with_their_list_format_and_filters(client):
    member, user, officer, epc = f.ready()
    f.submitted_application(user, epc)
    client.force_login(user)
    _took(client.get(reverse("certificates:mine"), {"export": "csv", "status": "submitted"}))
    client.force_login(officer)
    _took(client.get(reverse("members:list"), {"export": "xlsx", "q": member.iec}))
    rows = AuditEvent.objects.filter(verb=Verb.LIST_EXPORTED).order_by("id")
    assert [(e.actor, e.member, e.office, e.payload) for e in rows] == [
        (
            user,
            member,
            None,
            {
                "list": "ic-applications",
                "format": "csv",
                "filters": {"status": "submitted"},
                "via": "web",
            },
        ),
        (
            officer,
            None,
            officer.office,
            {"list": "members", "format": "xlsx", "filters": {"q": member.iec}, "via": "web"},
        ),
    ]
    from icportal.audit.formatters import describe

    assert describe(rows[0]) == "exported the list “ic-applications” as CSV (status: submitted)"


def test_a_refused_export_format_leaves_no_row(client):
    _, user, _, _ = f.ready()
    client.force_login(user)
    assert client.get(reverse("certificates:mine"), {"export": "pdf"}).status_code == 400
    assert not AuditEvent.objects.filter(verb=Verb.LIST_EXPORTED).exists()
