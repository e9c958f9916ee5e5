"""Physical copy: request → approve, print, dispatch → acknowledge. Complaint: wrong uploader ID →
diagnosis names the right one → office resolves → member mailed."""

import re

import pytest
from playwright.sync_api import expect

from icportal.complaints.models import Complaint
from icportal.dispatch.models import CopyRequest
from icportal.notifications.models import Email
from tests.complaints import factories as c
from tests.dispatch import factories as d
from tests.e2e.conftest import sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_out(page):
    sign_out(page)


def test_member_requests_a_copy_office_prints_and_dispatches_member_acknowledges(page, login):
    user, officer, certificate = d.issued()
    login(user)
    page.goto(f"/ic/certificates/{certificate.slug}/")
    page.get_by_role("link", name="Ask for a physical copy").click()
    page.get_by_label("Customs clearance problem with the uploaded IC").check()
    page.get_by_label("Another address in India").check()
    page.get_by_label("Who receives it").fill("Rekha Shah, Imports desk")
    page.get_by_label("Building, street and area").fill("Unit 4, Andheri Kurla Road")
    page.get_by_label("Town or city").fill("Mumbai")
    page.get_by_label("State or union territory").select_option("Maharashtra")
    page.get_by_label("PIN code").fill("600059")
    page.get_by_role("button", name="Ask for the copy").click()
    expect(page.locator("#error-summary")).to_contain_text("not in Maharashtra")
    page.get_by_label("PIN code").fill("400059")
    page.get_by_role("button", name="Ask for the copy").click()
    assert page.get_by_test_id("confirmation").is_visible()
    expect(page.get_by_test_id("destination")).to_contain_text("Mumbai 400059")
    request = CopyRequest.objects.get()
    _sign_out(page)

    login(officer)
    page.goto("/dispatch/")
    page.get_by_role("link", name=request.reference).click()
    page.get_by_role("button", name="Approve").click()
    page.get_by_role("button", name="Print copy").click()
    with page.expect_download() as download:
        page.get_by_test_id("copy-pdf").click()
    assert download.value.suggested_filename.endswith("_COPY-1.pdf")
    page.get_by_label("By courier").check()
    page.get_by_label("Courier", exact=True).fill("Blue Dart")
    page.get_by_label("Docket number").fill("BD998877")
    page.get_by_label("Date sent").fill("01/03/2024")
    page.get_by_role("button", name="Record dispatch").click()
    assert "BD998877" in page.get_by_test_id("dispatch").inner_text()
    page.get_by_test_id("label-link").click()
    expect(page.get_by_test_id("label-address")).to_contain_text("Rekha Shah, Imports desk")
    expect(page.get_by_test_id("label-address")).to_contain_text("Mumbai 400059")
    page.get_by_role("link", name=f"Back to {request.reference}").click()
    _sign_out(page)

    login(user)
    page.goto(f"/dispatch/requests/{request.slug}/")
    assert "Dispatched (docket BD998877)" in page.get_by_test_id("request-status").inner_text()
    page.get_by_role("button", name="I have received it").click()
    assert "Received" in page.get_by_test_id("request-status").inner_text()
    page.goto(f"/verify/{certificate.verification_code}")
    assert "Copy 1" in page.get_by_test_id("copies").inner_text()


def test_wrong_uploader_id_is_diagnosed_office_resolves_member_is_mailed(page, login, monkeypatch):
    c.fake_icegate(monkeypatch)
    user, officer, certificate = d.issued()
    c.uploaded(certificate)
    login(user)
    page.goto(f"/ic/certificates/{certificate.slug}/")
    page.get_by_role("link", name="Customs cannot use the DRN/IRN").click()
    assert page.get_by_label("IRN quoted").input_value() == c.IRN
    page.get_by_label("Uploader ICEGATE ID quoted").fill("CLEDELHI1984")
    page.get_by_label("Bill of Entry number").fill("4567890")
    page.get_by_label("Bill of Entry date").fill("01/03/2024")
    page.get_by_label("Name of the customs official").fill("S. Raman")
    page.get_by_label("Designation of the customs official").fill("Appraiser")
    page.get_by_label("Mobile number of the customs official").fill("98400 12345")
    page.get_by_role("button", name="Send the complaint").click()
    findings = page.get_by_test_id("findings").inner_text()
    assert "The uploader ICEGATE ID to quote is CLEINDIA1984" in findings
    reference = page.get_by_test_id("confirmation").inner_text()
    assert re.search(r"CLE/CHN/CMP/", reference)
    _sign_out(page)

    # The office asks for the officer's exact words; the member answers on the complaint's page.
    login(officer)
    page.goto("/complaints/")
    page.get_by_role("link", name=Complaint.objects.get().reference).click()
    page.get_by_label(re.compile("Question for the member")).fill("What did the appraiser type?")
    page.get_by_role("button", name="Ask and wait for the reply").click()
    assert "Waiting for the member" in page.get_by_test_id("complaint-status").inner_text()
    _sign_out(page)

    login(user)
    page.get_by_test_id("action-complaint").get_by_role("link", name=re.compile("Reply")).click()
    expect(page.get_by_test_id("notes")).to_contain_text("What did the appraiser type?")
    page.get_by_label(re.compile("Your reply")).fill("He typed CLEDELHI1984 from our BoE.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_test_id("notes")).to_contain_text("From the member")
    _sign_out(page)

    login(officer)
    page.goto("/complaints/")
    page.get_by_role("link", name=Complaint.objects.get().reference).click()
    expect(page.get_by_test_id("notes")).to_contain_text("He typed CLEDELHI1984 from our BoE.")
    page.get_by_label("Cause").select_option("wrong_number")
    page.get_by_label(re.compile("What was found")).fill("Quote CLEINDIA1984 as the uploader ID.")
    page.get_by_role("button", name="Resolve and tell the member").click()
    assert "Resolved" in page.get_by_test_id("complaint-status").inner_text()
    mail = Email.objects.get(template="complaint_resolved", to=user.email)
    assert "Wrong number quoted" in mail.body_text
