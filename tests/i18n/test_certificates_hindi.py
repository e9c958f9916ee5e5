"""The IC journey in Hindi (issue 18): a member whose account says Hindi applies, reads a query,
fixes a form error and opens the IC in Hindi, and gets the ICEGATE reminder and the paper-IC mail
in Hindi; IC numbers, IEC, DRN/IRN and ₹ amounts stay exactly as they are."""

from __future__ import annotations

import html
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from icportal.certificates import services
from icportal.certificates.services import reminders
from icportal.common.exports import INR_FORMAT
from icportal.common.money import format_inr
from icportal.notifications.models import Email
from tests import factories
from tests.certificates import factories as f
from tests.certificates.member_pages import edit_post

pytestmark = pytest.mark.django_db


def hi(msgid: str, **values) -> str:
    """The Hindi of `msgid` (with %(name)s values filled in); it must differ from the English."""
    with translation.override("hi"):
        text = translation.gettext(msgid)
    assert text != msgid, f"no Hindi for {msgid!r}"
    return text % values if values else text


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert '<html lang="hi"' in text
    return text.split('<main id="main"')[1]  # the page's own part, not the site's header


def hindi_member():
    """A verified firm whose user reads Hindi, an officer of its office and an approved EPC."""
    member = f.verified(factories.MemberFactory())
    user = factories.member_user(member=member, language="hi")
    officer = factories.staff_user(member.office.code)
    # 5% of a crore of exports: an entitlement of ₹5,00,000, room for an IC in lakhs.
    return user, officer, f.approved_epc(member, officer, fob=Decimal("10000000"))


def test_the_apply_page_speaks_hindi(client):
    user, _officer, _epc = hindi_member()
    client.force_login(user)
    text = page(client, reverse("certificates:apply"))
    assert hi("Apply for an Import Certificate") in text
    assert hi("Start the application") in text
    assert "Apply for an Import Certificate" not in text


def test_an_application_under_query_reads_in_hindi(client):
    user, officer, epc = hindi_member()
    application = f.submitted_application(user, epc)
    services.query_raise(
        by=officer, application=application, question="Send the supplier's proforma."
    )
    client.force_login(user)
    text = page(client, reverse("certificates:application", args=[application.slug]))
    assert hi("The office has a question") in text
    assert hi("Query — waiting for the member") in text  # the status, from its TextChoices
    assert hi("Send reply") in text
    # What people typed and the reference stay as they are.
    assert "Send the supplier's proforma." in text and application.reference in text
    assert "The office has a question" not in text


def test_a_missing_quantity_is_told_in_hindi_beside_the_box_and_in_the_summary(client):
    user, _officer, epc = hindi_member()
    application = services.application_create(by=user, member=user.member, epc=epc)
    client.force_login(user)
    body = edit_post(application, [f.item_row(quantity="")])
    response = client.post(reverse("certificates:application_edit", args=[application.slug]), body)
    text = html.unescape(response.content.decode())
    assert hi("There is a problem — nothing was saved") in text
    problem = hi("%(field)s must be a number", field=hi("quantity"))
    assert problem in text  # beside the quantity box
    summary = hi("Line %(number)s, %(label)s: %(error)s", number=1, label=hi("Quantity"), error="")
    assert summary + problem in text  # and in the summary at the top, naming line and box
    assert "must be a number" not in text


def test_the_certificate_page_is_hindi_and_its_numbers_are_not(client):
    user, officer, epc = hindi_member()
    certificate = services.certificate_issue(
        by=officer, application=f.submitted_application(user, epc, values=("125000.00",))
    )
    client.force_login(user)
    text = page(client, reverse("certificates:certificate", args=[certificate.slug]))
    assert hi("For your Bill of Entry on ICEGATE") in text
    assert hi("Entitlement balance after this IC") in text
    assert certificate.number in text and certificate.office.icegate_id in text
    assert format_inr(certificate.value) == "₹1,25,000.00"
    assert "₹1,25,000.00" in text  # ₹ with lakh grouping, as in English
    assert "Entitlement balance after this IC" not in text
    listing = page(client, reverse("certificates:mine") + "?tab=certificates")
    assert hi("Issued certificates") in listing and certificate.number in listing
    link = hi(
        "Which IC is for which Bill of Entry: DRN, IRN and uploader ICEGATE ID by day "
        "(download CSV, XLSX or PDF)"
    )
    assert link in listing and "DRN" in link and "IRN" in link


def test_an_officer_reading_hindi_sees_the_iec_as_it_is(client):
    user, officer, epc = hindi_member()
    application = f.submitted_application(user, epc)
    officer.language = "hi"
    officer.save(update_fields=["language"])
    client.force_login(officer)
    text = page(client, reverse("certificates:queue"))
    assert hi("Import Certificate applications") in text
    assert application.reference in text and user.member.iec in text


def test_the_icegate_reminder_reaches_a_hindi_member_in_hindi():
    member = factories.MemberFactory()  # not on ICEGATE
    user = factories.member_user(member=member, language="hi")
    services.application_create(by=user, member=member, epc=None)
    assert reminders.icegate_reminders_send_due() == 1
    mail = Email.objects.get(template="icegate_reminder", to=user.email)
    assert mail.subject == hi("Register on ICEGATE to receive your Import Certificates")
    assert hi("How to register on ICEGATE and tell us your ICEGATE ID") in mail.body_html
    assert "/members/mine/icegate/" in mail.body_text
    assert "Customs may refuse it" not in mail.body_text


def test_the_paper_ic_mail_reaches_a_hindi_member_in_hindi():
    member = factories.MemberFactory()  # not on ICEGATE: only an urgent physical IC
    user = factories.member_user(member=member, language="hi")
    officer, second = factories.staff_user("CHN"), factories.staff_user("CHN")
    application = f.submitted_application(user, f.approved_epc(member, officer))
    request = services.urgent_request(by=officer, application=application, reason="At port")
    certificate = services.urgent_approve(by=second, request=request)
    mail = Email.objects.get(template="ic_issued_physical", to=user.email)
    with translation.override("hi"):
        subject = translation.gettext(
            "Import Certificate {ic_number} issued as a physical certificate"
        )
    assert mail.subject == subject.format(ic_number=certificate.number)
    assert hi("an urgent physical IC") in mail.body_text  # the delivery, in the reader's words
    assert certificate.number in mail.body_text
    assert "issued as an urgent physical IC" not in mail.body_text


def test_the_members_ic_download_has_hindi_headings_and_rupees_formatted(client):
    user, officer, epc = hindi_member()
    certificate = services.certificate_issue(
        by=officer, application=f.submitted_application(user, epc)
    )
    client.force_login(user)
    response = client.get(reverse("certificates:mine"), {"tab": "certificates", "export": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, row = [[c for c in r] for r in book.worksheets[0].iter_rows(max_row=2)]
    titles = [c.value for c in header]
    assert titles[:2] == [hi("IC number"), hi("Application")]
    assert hi("Balance after (₹)") in titles  # ₹ kept in the Hindi title: formatted as rupees
    assert row[0].value == certificate.number  # the number itself stays as issued
    value = row[titles.index(hi("Value (₹)"))]
    assert value.value == float(certificate.value) and value.number_format == INR_FORMAT
