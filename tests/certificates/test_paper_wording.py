"""§7 of issue 15: words that match the case. A paper IC's pages and mails speak of no IRN,
e-SANCHIT upload or uploader ID; labels keep their capitals; counts are pluralised."""

import pytest
from django.urls import reverse

from icportal.audit.formatters import describe
from icportal.audit.models import AuditEvent, Verb
from icportal.audit.services import audit_record
from icportal.certificates import services
from icportal.documents.render import officer_line
from icportal.notifications.models import Email
from tests import factories
from tests.certificates import factories as f
from tests.dispatch import factories as d
from tests.esanchit.factories import uploaded

pytestmark = pytest.mark.django_db

UPLOAD_WORDS = ("IRN", "DRN", "e-SANCHIT", "Uploader ICEGATE ID", "uploader")


def _speaks_of_upload(text: str) -> list[str]:
    return [word for word in UPLOAD_WORDS if word in text]


def test_urgent_physical_ic_mail_keeps_its_capitals_and_speaks_of_no_upload():
    d.urgent_physical()
    mail = Email.objects.get(template="ic_issued_physical")
    assert "issued as an urgent physical IC" in mail.body_text
    assert "urgent physical ic" not in mail.body_text
    assert "at the discretion of Customs" in mail.body_text
    assert _speaks_of_upload(mail.body_text + mail.body_html + mail.subject) == []


def test_courier_ic_mail_names_the_channels_in_capitals():
    d.issued(channel="courier")
    mail = Email.objects.get(template="ic_issued_physical")
    assert "a paper IC (courier, SEZ, EPZ or bonded-warehouse import)" in mail.body_text
    assert _speaks_of_upload(mail.body_text) == []


def test_cancelling_a_paper_ic_mails_no_irn_but_an_electronic_one_does():
    _user, officer, paper = d.urgent_physical()
    services.certificate_cancel(by=officer, certificate=paper, reason="Goods re-exported")
    _user, officer, electronic = d.issued()
    services.certificate_cancel(by=officer, certificate=electronic, reason="Duplicate")
    paper_mail, electronic_mail = Email.objects.filter(template="ic_cancelled").order_by("pk")
    assert paper.number in paper_mail.body_text
    assert _speaks_of_upload(paper_mail.body_text + paper_mail.body_html) == []
    assert "any printed copy" in paper_mail.body_text
    assert "DRN/IRN" in electronic_mail.body_text


def test_replacing_a_paper_ic_mails_no_irn():
    _user, officer, paper = d.issued(channel="sez")
    services.certificate_replace(
        by=officer,
        certificate=paper,
        header=f.header(channel="sez", invoice_no="INV-2026-0043"),
        items=[f.item_row("900.00")],
        reason="Invoice number corrected",
    )
    mail = Email.objects.get(template="ic_replaced")
    assert "the office prints" in mail.body_text
    assert _speaks_of_upload(mail.body_text + mail.body_html) == []


def test_a_paper_ic_page_speaks_of_no_upload(client):
    user, officer, certificate = d.urgent_physical()
    for who in (user, officer):
        client.force_login(who)
        html = client.get(reverse("certificates:certificate", args=[certificate.slug]))
        text = html.content.decode().split('<main id="main"')[1]  # not the site's search box
        assert "A paper Import Certificate" in text
        assert _speaks_of_upload(text) == [], who


def test_an_electronic_ic_page_still_gives_the_uploader_id(client):
    user, _officer, certificate = d.issued()
    client.force_login(user)
    html = client.get(reverse("certificates:certificate", args=[certificate.slug])).content
    assert "Uploader ICEGATE ID" in html.decode()


def test_an_accepted_upload_shows_no_attempt_count(client):
    _user, officer, certificate = d.issued()
    uploaded(certificate)
    client.force_login(officer)
    page = client.get(reverse("certificates:certificate", args=[certificate.slug])).content
    assert "Attempts 0" not in page.decode() and "IRN" in page.decode()


def test_an_unregistered_members_submission_page_promises_no_icegate_mail(client):
    member = factories.MemberFactory()  # not verified on ICEGATE
    user, officer = factories.member_user(member=member), factories.staff_user("CHN")
    app = f.submitted_application(user, f.approved_epc(member, officer))
    client.force_login(user)
    url = reverse("certificates:application", args=[app.slug]) + "?submitted=1"
    html = client.get(url).content.decode()
    assert "Application submitted" in html
    assert "ICEGATE e-mails you the IRN" not in html
    assert "no ICEGATE mail will come" in html

    _member, verified_user, _officer, epc = f.ready()
    ices = f.submitted_application(verified_user, epc)
    client.force_login(verified_user)
    url = reverse("certificates:application", args=[ices.slug]) + "?submitted=1"
    assert "ICEGATE e-mails you the IRN" in client.get(url).content.decode()


def test_the_office_is_named_once_under_the_signature():
    assert officer_line("Scrutiny Officer, Chennai", "Chennai Office") == (
        "Scrutiny Officer, Chennai Office"
    )
    assert officer_line("Scrutiny Officer", "Chennai Office") == "Scrutiny Officer, Chennai Office"
    assert officer_line("Regional Director, Delhi Office", "Delhi Office") == (
        "Regional Director, Delhi Office"
    )
    assert officer_line("", "Agra Office") == "Agra Office"


def test_one_item_is_not_one_items():
    officer = factories.staff_user("CHN")
    from django.db import transaction

    with transaction.atomic():
        audit_record(
            actor=officer,
            verb=Verb.BULK_JOB_STARTED,
            target=officer,
            payload={"kind_label": "Approve and issue", "total": 1},
        )
    assert describe(AuditEvent.objects.latest("pk")).endswith("(1 item)")
