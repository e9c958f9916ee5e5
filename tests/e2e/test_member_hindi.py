"""Issue 18 in the browser: a member whose browser and account say Hindi walks the main journey in
Hindi — sign in, apply, answer the office's query, read the "IC uploaded" mail, ask for a physical
copy, report that customs cannot use the DRN/IRN — and switches language with the switcher.

Every Hindi text asserted is read from the catalogs (`gettext` of the English msgid under
`translation.override("hi")`), so the test follows the translations; the headings are also checked
to differ from the English, so an untranslated page fails. Identifiers (IC number, IRN, DRN, the
application's reference, the uploader ICEGATE ID) must appear exactly as they are.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from icportal.certificates import services as ic_services
from icportal.certificates.models import Application, AppStatus
from icportal.common.dates import ist_today
from icportal.complaints.models import Complaint
from icportal.dispatch.models import CopyRequest
from icportal.entitlements.models import EligibleItem
from icportal.esanchit import services as esanchit
from icportal.esanchit.models import Upload
from icportal.notifications.models import Email
from tests import factories
from tests.certificates import factories as f
from tests.complaints import factories as c
from tests.documents.factories import document_of
from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import open_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

IRN, DRN = "SBXI20261207A4K9T2M8QC", "SBXD20261207R7N3W5X2LB"
DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def t(msgid: str, language: str = "hi", *, context: str = "") -> str:
    """The catalog's text for an English msgid (with its msgctxt, if any), in `language`."""
    with translation.override(language):
        if context:
            return translation.pgettext(context, msgid)
        return translation.gettext(msgid)


def hindi(msgid: str) -> str:
    """The Hindi of a msgid that must be translated (a heading or a button the member reads)."""
    text = t(msgid)
    assert text != msgid and DEVANAGARI.search(text), f"no Hindi for {msgid!r}"
    return text


@pytest.fixture
def page(request, browser, live_server):
    """A browser set to Hindi (India): navigator.language and Accept-Language are hi-IN."""
    yield from open_page(request, browser, live_server, locale="hi-IN")


def _lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def _hindi_page(page, heading: str) -> None:
    """The page is in Hindi (html lang, the translated h1) and passes axe."""
    page.wait_for_load_state()
    assert _lang(page) == "hi", page.url
    expect(page.locator("h1").first).to_contain_text(hindi(heading))
    assert_accessible(page)


def _switch(page, language: str) -> None:
    """Press the switcher's button for `language` (its name is the language's own name)."""
    page.get_by_test_id("language-switch").locator(f'button[value="{language}"]').click()
    page.wait_for_load_state()


def _sign_in(page, user, language="hi") -> None:
    page.goto("/accounts/login/")
    assert _lang(page).startswith(language)
    page.get_by_label(t("E-mail address", language)).fill(user.email)
    # "Password" has a context: Django's own catalogs hold the bare word with another Hindi.
    page.get_by_label(t("Password", language, context="form field")).fill("Correct-Horse-9")
    page.get_by_role("button", name=t("Sign in", language), exact=True).click()
    page.wait_for_load_state()


def _sign_out(page, language="hi") -> None:
    page.get_by_test_id("whoami").click()
    page.get_by_role("button", name=t("Sign out", language)).click()
    page.wait_for_load_state()


def _agra_member():
    """A small footwear unit in Agra whose user reads Hindi, like the demo's (demo/hindi.py)."""
    member = f.verified(
        factories.MemberFactory(
            legal_name="Shri Balaji Footwear Works",
            office=factories.office("AGR"),
            address="18 Foundry Nagar, Hathras Road",
            city="Agra",
            state="Uttar Pradesh",
            pincode="282006",
        )
    )
    user = factories.member_user(member=member, full_name="Sunil Kumar Sharma", language="hi")
    officer = factories.staff_user("AGR", full_name="Ritu Agarwal")
    f.approved_epc(member, officer)
    return member, user, officer


def _pdf(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(f.PDF)
    return str(path)


def _apply(page, screenshot, tmp_path) -> Application:
    page.get_by_role("link", name=hindi("Import Certificates")).first.click()
    _hindi_page(page, "Import Certificates")
    page.get_by_role("link", name=hindi("Apply for an Import Certificate")).first.click()
    _hindi_page(page, "Apply for an Import Certificate")
    page.get_by_label(re.compile(r"CLE/AGR/EPC/")).check()
    page.get_by_role("button", name=hindi("Start the application")).click()
    _hindi_page(page, "Import Certificate application")
    page.get_by_label(t("Invoice number")).fill("SBF/2026/051")
    page.get_by_label(t("Invoice date")).fill(f"{ist_today() - dt.timedelta(days=2):%d/%m/%Y}")
    page.get_by_label(t("Overseas supplier's name")).fill("Dongguan Huanan Hardware Factory")
    page.get_by_label(t("Overseas supplier's address")).fill("Houjie Town, Dongguan")
    page.get_by_label(t("Country of origin")).select_option("CN")
    page.get_by_label(t("Port of import (port code)")).fill("INDEL4")
    buckles = EligibleItem.objects.get(segment_group__code="OTHERS", name="Buckles")
    line = page.get_by_test_id("item-line").first
    line.get_by_label(t("Eligible item")).select_option(str(buckles.pk))
    line.get_by_label(t("Description (as on the invoice)")).fill("Antique brass buckles 25 mm")
    line.get_by_label(t("HS code")).fill("83089011")
    line.get_by_label(t("Quantity")).fill("5000")
    line.get_by_label(t("Unit")).select_option("PCS")
    line.get_by_label(t("Value (₹)")).fill("18500")
    page.get_by_role("button", name=hindi("Save draft")).click()
    expect(page.locator("body")).to_contain_text("₹18,500.00")  # Indian grouping in Hindi too
    for kind, name in (
        ("Commercial invoice", "invoice.pdf"),
        ("Checklist (draft) Bill of Entry", "boe.pdf"),
    ):
        # The link's address, as the English journey does (a click mid-redirect can be lost).
        page.goto(page.get_by_role("link", name=hindi("Add document")).first.get_attribute("href"))
        _hindi_page(page, "Add a document")
        page.get_by_label(hindi(kind)).check()
        page.get_by_label(t("Document (PDF)")).set_input_files(_pdf(tmp_path, name))
        page.get_by_role("button", name=hindi("Add document")).click()
        expect(page.locator(".alert-success")).to_contain_text(name)
    page.get_by_role("button", name=hindi("Check your answers")).click()
    _hindi_page(page, "Check your answers before submitting")
    screenshot("hindi-member-check-answers", full_page=True)
    page.get_by_role("button", name=hindi("Submit application")).click()
    _hindi_page(page, "Application submitted")
    application = Application.objects.get(member__legal_name="Shri Balaji Footwear Works")
    assert application.status == AppStatus.SUBMITTED
    expect(page.locator("main")).to_contain_text(application.reference)
    screenshot("hindi-member-application-submitted")
    return application


def _answer_query(page, screenshot, application, officer) -> None:
    question = "इनवॉइस में 6,000 बकल हैं पर आवेदन में 5,000। कौन-सी मात्रा सही है?"
    ic_services.query_raise(by=officer, application=application, question=question)
    page.goto(f"/ic/applications/{application.slug}/")
    _hindi_page(page, "Import Certificate application")  # the query panel passes axe too
    page.get_by_role("link", name=hindi("Send reply")).first.click()
    _hindi_page(page, "Reply to the office's query")
    expect(page.locator("main")).to_contain_text(question)  # the office's words, as written
    page.get_by_label(t("Your reply to the office")).fill(
        "5,000 सही है; सप्लायर की प्रोफ़ॉर्मा इनवॉइस गलत थी।"
    )
    screenshot("hindi-member-query-reply")
    page.get_by_role("button", name=hindi("Send reply")).click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert application.status == AppStatus.SUBMITTED


def _uploaded(certificate, officer) -> Upload:
    """e-SANCHIT accepted the IC: the IRN/DRN recorded as staff do in manual mode, which queues
    the member's "IC uploaded" mail in the member's language."""
    upload = Upload.objects.create(
        certificate=certificate,
        document=document_of(certificate),
        office=certificate.office,
        idempotency_key=f"ic-{certificate.pk}-1",
    )
    return esanchit.irn_record(upload=upload, irn=IRN, drn=DRN, by=officer)


def _read_ic_mail(page, screenshot, user, certificate) -> None:
    mail = Email.objects.get(template="ic_uploaded", to=user.email)
    subject = "IC {ic_number} on e-SANCHIT: IRN {irn}, DRN {drn}"
    numbers = {"ic_number": certificate.number, "irn": IRN, "drn": DRN}
    assert mail.subject == hindi(subject).format(**numbers) != subject.format(**numbers)
    assert DEVANAGARI.search(mail.body_text)
    for identifier in (certificate.number, IRN, DRN, "CLEAGRA1984"):
        assert identifier in mail.body_text  # never translated nor transliterated
    page.get_by_role("button", name=hindi("My firm")).click()
    page.get_by_role("link", name=hindi("Firm details")).click()
    page.get_by_role("link", name=mail.subject).click()
    page.wait_for_load_state()
    assert _lang(page) == "hi"
    for identifier in (certificate.number, IRN, DRN, "CLEAGRA1984"):
        expect(page.locator("main")).to_contain_text(identifier)
    assert_accessible(page)
    screenshot("hindi-member-ic-uploaded-mail", full_page=True)


def _ask_for_copy(page, screenshot, certificate) -> None:
    page.goto(f"/ic/certificates/{certificate.slug}/")
    page.wait_for_load_state()
    assert _lang(page) == "hi"
    expect(page.locator("main")).to_contain_text(certificate.number)
    box = page.get_by_test_id("certificate-upload")
    assert box.get_by_label("IRN", exact=True).inner_text() == IRN
    assert box.get_by_label("DRN", exact=True).inner_text() == DRN
    screenshot("hindi-member-certificate")
    page.get_by_role("link", name=hindi("Ask for a physical copy")).click()
    _hindi_page(page, "Ask for a physical copy")
    page.get_by_label(hindi("Customs clearance problem with the uploaded IC")).check()
    page.get_by_role("button", name=hindi("Ask for the copy")).click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("confirmation")).to_be_visible()
    expect(page.get_by_test_id("destination")).to_contain_text("282006")
    assert _lang(page) == "hi"
    assert_accessible(page)
    screenshot("hindi-member-copy-requested")
    assert CopyRequest.objects.filter(certificate=certificate).count() == 1


def _complain(page, screenshot, certificate) -> None:
    page.goto(f"/ic/certificates/{certificate.slug}/")
    page.get_by_role("link", name=hindi("Customs cannot use the DRN/IRN")).click()
    _hindi_page(page, "Customs cannot use the DRN/IRN")
    assert page.get_by_label(t("IRN quoted")).input_value() == IRN  # filled from the upload
    page.get_by_label(t("Uploader ICEGATE ID quoted")).fill("CLEDELHI1984")  # the wrong office
    page.get_by_label(t("Bill of Entry number")).fill("3318842")
    page.get_by_label(t("Bill of Entry date")).fill(f"{ist_today():%d/%m/%Y}")
    page.get_by_label(t("Name of the customs official")).fill("एस. के. यादव")
    page.get_by_label(t("Designation of the customs official")).fill("Appraiser, ICD Tughlakabad")
    page.get_by_label(t("Mobile number of the customs official")).fill("94120 98765")
    page.get_by_role("button", name=hindi("Send the complaint")).click()
    page.wait_for_load_state()
    assert _lang(page) == "hi"
    # The diagnosis names the uploader ID to quote, in Hindi around the identifier.
    findings = page.get_by_test_id("findings").inner_text()
    assert "CLEAGRA1984" in findings and DEVANAGARI.search(findings)
    complaint = Complaint.objects.get(certificate=certificate)
    expect(page.get_by_test_id("confirmation")).to_contain_text(complaint.reference)
    assert_accessible(page)
    screenshot("hindi-member-complaint-filed", full_page=True)


def test_hindi_member_applies_answers_reads_the_ic_mail_asks_a_copy_and_complains(
    page, screenshot, tmp_path, monkeypatch
):
    c.fake_icegate(monkeypatch)  # ICEGATE's Bill of Entry check, as the complaint tests answer it
    member, user, officer = _agra_member()

    # Before signing in the browser's language decides: the sign-in page answers in Hindi.
    page.goto("/accounts/login/")
    _hindi_page(page, "Sign in")
    screenshot("hindi-sign-in")
    _sign_in(page, user)
    assert _lang(page) == "hi"
    expect(page.locator("h1")).to_contain_text(member.legal_name)  # a firm's name stays as it is
    assert_accessible(page)

    application = _apply(page, screenshot, tmp_path)
    _answer_query(page, screenshot, application, officer)

    certificate = ic_services.certificate_issue(by=officer, application=application)
    _uploaded(certificate, officer)
    page.goto("/")
    _read_ic_mail(page, screenshot, user, certificate)
    _ask_for_copy(page, screenshot, certificate)
    _complain(page, screenshot, certificate)

    # Home at the end of the day: the IC with its IRN/DRN to copy, the entitlement used.
    page.goto("/")
    expect(page.locator("main")).to_contain_text(IRN)
    assert _lang(page) == "hi"
    assert_accessible(page)
    screenshot("hindi-member-home")


def test_switcher_keeps_the_page_and_the_choice_outlives_the_session(page):
    _member, user, _officer = _agra_member()
    _sign_in(page, user)
    page.get_by_role("link", name=hindi("Import Certificates")).first.click()
    _hindi_page(page, "Import Certificates")
    where = page.url

    # English from the switcher: the same page, now in English, and kept on the account.
    _switch(page, "en")
    page.wait_for_load_state()
    assert page.url == where and _lang(page).startswith("en")
    expect(page.locator("h1").first).to_have_text("Import Certificates")
    user.refresh_from_db()
    assert user.language == "en"
    _sign_out(page, "en")

    # A fresh browser session still says Hindi, so the sign-in page is in Hindi; once signed in,
    # the account's choice (English) wins over the browser's.
    page.context.clear_cookies()
    _sign_in(page, user, "hi")
    assert _lang(page).startswith("en")
    expect(page.get_by_role("button", name="My firm")).to_be_visible()

    # Back to Hindi from any page: the page stays, the account remembers.
    page.goto(where)
    _switch(page, "hi")
    page.wait_for_load_state()
    assert page.url == where
    _hindi_page(page, "Import Certificates")
    user.refresh_from_db()
    assert user.language == "hi"
