"""A member who reads Hindi (issue 18) asks for a physical copy and raises a complaint: the pages, a
form error, the confirmation and the success message are Hindi, and so are the mails the office's
steps send them — with the IC number, the courier and docket, and the references as they are."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from icportal.complaints import services as complaint_services
from icportal.dispatch import services as dispatch_services
from icportal.notifications.models import Email
from tests.complaints import factories as c
from tests.dispatch import factories as d


def hi(msgid: str, **values) -> str:
    """The Hindi of `msgid` (which must differ from the English), with its placeholders filled."""
    with translation.override("hi"):
        text = translation.gettext(msgid)
    assert text != msgid, f"no Hindi for {msgid!r}"
    return text % values if values else text


def hindi_member():
    user, officer, certificate = d.issued()
    user.language = "hi"
    user.save(update_fields=["language"])
    return user, officer, certificate


@pytest.mark.django_db
def test_a_hindi_member_asks_for_a_copy_and_reads_the_dispatch_mail_in_hindi(client):
    user, officer, certificate = hindi_member()
    client.force_login(user)
    url = reverse("dispatch:request_new", args=[certificate.slug])

    page = client.get(url).content.decode()
    assert '<html lang="hi">' in page
    assert hi("Ask for a physical copy") in page and hi("Where should it go?") in page
    assert "Why do you need a physical copy?" not in page

    refused = client.post(url, {"deliver_to": "registered"})
    assert refused.status_code == 200
    assert hi("Choose why you need a physical copy") in refused.content.decode()

    sent = client.post(url, {"reason": "courier", "deliver_to": "registered"})
    assert sent.status_code == 302
    request = certificate.copy_requests.get()
    confirmation = client.get(sent["Location"]).content.decode()
    assert hi("Request sent") in confirmation and "Request sent" not in confirmation
    assert request.reference in confirmation
    assert hi("Asked — with the office") in confirmation  # the member's stage

    # The office works in English; the member's mail is still written in Hindi.
    dispatch_services.copy_request_approve(by=officer, request=request)
    dispatch_services.copy_print(by=officer, request=request)
    request = dispatch_services.copy_dispatch(by=officer, request=request, data=d.courier())
    mail = Email.objects.get(template="copy_dispatched", to=user.email)
    how = hi("by {courier}, docket {docket}, sent on {date}").format(
        courier="Blue Dart", docket="BD123456789", date=f"{request.dispatch_date:%d/%m/%Y}"
    )
    assert hi("Dear %(name)s,", name=certificate.member.legal_name) in mail.body_text
    for body in (mail.body_text, mail.body_html):
        assert how in body and certificate.number in body and request.reference in body
        assert "left the" not in body and "Dear " not in body


@pytest.mark.django_db(transaction=True)
def test_a_hindi_member_raises_a_complaint_and_reads_the_update_in_hindi(
    client, live_server, settings
):
    settings.ICEGATE_BASE_URL = f"{live_server.url}/sandbox/icegate/"
    user, officer, certificate = hindi_member()
    c.uploaded(certificate)
    client.force_login(user)
    url = reverse("complaints:file", args=[certificate.slug])

    page = client.get(url).content.decode()
    assert hi("Customs cannot use the DRN/IRN") in page and hi("Name of the company") in page
    assert "Send the complaint" not in page

    refused = client.post(url, c.quoted(certificate, official_name=""))
    assert refused.status_code == 200
    assert hi("Enter the customs official's name") in refused.content.decode()

    sent = client.post(url, c.quoted(certificate))
    assert sent.status_code == 302, sent.context["form"].errors
    complaint = certificate.complaints.get()
    detail = client.get(sent["Location"]).content.decode()
    assert hi("Complaint sent") in detail and complaint.reference in detail
    # The sandbox holds no upload with this IRN: the finding is read in Hindi, the IRN unchanged.
    assert hi("ICEGATE has no document with IRN %(irn)s.", irn=c.IRN) in detail
    assert complaint.findings[0]["sentence"] == f"ICEGATE has no document with IRN {c.IRN}."

    written = client.post(
        reverse("complaints:write", args=[complaint.slug]), {"text": "BoE copy attached"}
    )
    assert hi("Sent to the office.") in client.get(written["Location"]).content.decode()

    complaint_services.complaint_note_add(
        by=officer, complaint=complaint, text="Quote IRN " + c.IRN, member_visible=True
    )
    mail = Email.objects.get(template="complaint_update", to=user.email)
    intro = hi(
        "The %(office)s office has an update on your complaint %(reference)s about Import "
        "Certificate %(number)s:",
        office=complaint.office.name,
        reference=complaint.reference,
        number=certificate.number,
    )
    assert intro in mail.body_text and "Quote IRN " + c.IRN in mail.body_text
    assert "has an update" not in mail.body_text
