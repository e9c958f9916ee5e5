"""Scrutiny beside the items: documents previewed inline (PDF/image only, same scoping as the
download, frameable by our own pages only) and the office's internal notes, which the member never
sees — not on the page, not in the API, not in the audit rows a member reads."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from icportal.audit.models import AuditEvent, Verb
from icportal.certificates import services
from icportal.certificates.models import Attachment, AttachmentKind
from tests import factories
from tests.certificates import factories as f
from tests.certificates.api_support import API, client_for

pytestmark = pytest.mark.django_db

NOTE = "Supplier's invoice total differs from the items by 12 rupees; check with the CA certificate"


@pytest.fixture
def scrutiny():
    _member, user, officer, epc = f.ready()
    application = f.submitted_application(user, epc)
    return application, user, officer


def _page(client, user, application) -> str:
    client.force_login(user)
    response = client.get(reverse("certificates:application", args=[application.slug]))
    assert response.status_code == 200
    return response.content.decode()


def _preview_url(application, attachment) -> str:
    return reverse("certificates:attachment_preview", args=[application.slug, attachment.pk])


# --- preview ------------------------------------------------------------------------------------


def test_staff_see_the_first_document_beside_the_items_and_a_preview_link_for_each(
    client, scrutiny
):
    application, _user, officer = scrutiny
    page = _page(client, officer, application)
    first, second = application.attachments.all()
    assert 'data-testid="preview-frame"' in page
    assert f'src="{_preview_url(application, first)}"' in page
    assert f'href="{_preview_url(application, second)}" target="document-preview"' in page


def test_a_pdf_is_served_inline_as_pdf_and_only_our_pages_may_frame_it(client, scrutiny):
    application, _user, officer = scrutiny
    client.force_login(officer)
    attachment = application.attachments.first()
    response = client.get(_preview_url(application, attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # Every other page still refuses to be framed.
    page = client.get(reverse("certificates:application", args=[application.slug]))
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"
    # Seeing the file is recorded as taking it is.
    event = AuditEvent.objects.filter(verb=Verb.FILE_DOWNLOADED, actor=officer).get()
    assert "(preview)" in event.payload["what"]


def test_an_image_is_served_inline_with_its_type(client, scrutiny):
    application, user, officer = scrutiny
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    attachment = Attachment.objects.create(
        application=application,
        kind=AttachmentKind.OTHER,
        file=ContentFile(png, name="photo.png"),
        original_name="photo.png",
        size=len(png),
        sha256="0" * 64,
        uploaded_by=user,
    )
    client.force_login(officer)
    response = client.get(_preview_url(application, attachment))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")


@pytest.mark.parametrize(
    "content",
    [b"<html><script>alert(1)</script></html>", b'<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ids=["html", "svg"],
)
def test_html_or_svg_is_never_rendered_but_downloaded(client, scrutiny, content):
    application, user, officer = scrutiny
    attachment = Attachment.objects.create(
        application=application,
        kind=AttachmentKind.OTHER,
        file=ContentFile(content, name="invoice.pdf"),
        original_name="invoice.pdf",
        size=len(content),
        sha256="0" * 64,
        uploaded_by=user,
    )
    client.force_login(officer)
    response = client.get(_preview_url(application, attachment))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_the_preview_is_refused_to_another_office_and_another_firm(client, scrutiny):
    application, user, _officer = scrutiny
    url = _preview_url(application, application.attachments.first())
    for outsider in (factories.staff_user("DEL"), factories.member_user()):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(user)  # the firm's own user may see its own document, as it may download
    assert client.get(url).status_code == 200


# --- internal notes -----------------------------------------------------------------------------


def test_staff_leave_a_note_on_the_page_and_it_is_audited(client, scrutiny):
    application, _user, officer = scrutiny
    client.force_login(officer)
    url = reverse("certificates:note_add", args=[application.slug])
    response = client.post(url, {"text": NOTE}, follow=True)
    page = response.content.decode()
    assert "Internal note saved. The member does not see it." in page
    assert NOTE.replace("'", "&#x27;") in page
    event = AuditEvent.objects.get(verb=Verb.APP_NOTE_ADDED)
    assert event.actor == officer and event.target_id == str(application.pk)
    assert "left an internal note on" in page  # the office's own timeline says so


def test_the_member_never_sees_a_note_on_the_page_the_api_or_its_audit(client, scrutiny):
    application, user, officer = scrutiny
    services.application_note_add(by=officer, application=application, text=NOTE)
    page = _page(client, user, application)
    assert "Internal note" not in page and "internal note" not in page
    assert "12 rupees" not in page
    api = client_for(user)
    detail = api.get(f"{API}/ic-applications/{application.slug}/")
    assert detail.status_code == 200 and "12 rupees" not in detail.content.decode()
    listed = api.get(f"{API}/ic-applications/")
    assert "12 rupees" not in listed.content.decode()
    # The office's page has it.
    assert "12 rupees" in _page(client, officer, application)


def test_a_member_and_another_office_cannot_write_a_note(client, scrutiny):
    application, user, _officer = scrutiny
    with pytest.raises(PermissionDenied):
        services.application_note_add(by=user, application=application, text=NOTE)
    with pytest.raises(PermissionDenied):
        services.application_note_add(
            by=factories.staff_user("DEL"), application=application, text=NOTE
        )
    client.force_login(user)
    response = client.post(
        reverse("certificates:note_add", args=[application.slug]), {"text": NOTE}
    )
    assert response.status_code == 403
    assert not application.notes.exists()


def test_an_empty_note_is_refused(scrutiny):
    application, _user, officer = scrutiny
    with pytest.raises(ValidationError):
        services.application_note_add(by=officer, application=application, text="   ")
