"""Nothing irreversible on one click: issue, bulk issue, cancel and replace in the browser, each
through its confirmation page with the authenticator code (two-step verification on)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from icportal.certificates import services
from icportal.certificates.models import CertStatus, ImportCertificate
from icportal.workbench.models import BulkJob
from tests import factories
from tests.accounts.test_two_factor import code
from tests.certificates import factories as f
from tests.e2e.test_accessibility import CHECKS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office(settings):
    """Two-step verification on; an officer whose authenticator app is set up; a verified firm."""
    settings.STAFF_2FA_REQUIRED = True
    member = factories.MemberFactory(legal_name="Ambur Safety Footwear Pvt Ltd")
    _, user, officer, epc = f.ready(member=member, fob=Decimal("10000000"))
    device = TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=True)
    return member, user, officer, epc, device


def _after_wrong_code(device):
    """django-otp refuses any code for a second after a wrong one; let that second pass."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=60)
    )


def _accessible(page):
    assert page.evaluate(CHECKS) == []


def test_single_issue_shows_the_figures_refuses_a_wrong_code_and_signs_with_the_right_one(
    page, login, screenshot, office
):
    member, user, officer, epc, device = office
    application = f.submitted_application(user, epc, values=("18500.00", "7250.00"))
    login(officer)
    page.goto(f"/ic/applications/{application.slug}/")
    page.get_by_test_id("issue-button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Issue the IC for {application.reference}"
    )
    expect(page.get_by_test_id("confirm-firm")).to_have_text(member.legal_name)
    expect(page.get_by_test_id("confirm-items")).to_have_text("2")
    expect(page.get_by_test_id("confirm-value")).to_have_text("₹25,750.00")
    expect(page.get_by_test_id("confirm-balance")).to_have_text("₹5,00,000.00")
    expect(page.get_by_test_id("confirm-balance-after")).to_have_text("₹4,74,250.00")
    _accessible(page)
    screenshot("confirm-issue", full_page=True)

    code_box = page.get_by_label("Code from your authenticator app")
    code_box.fill("000000")
    page.get_by_role("button", name="Sign and issue IC").click()
    expect(page.locator("#error-summary")).to_contain_text("That code is not right")
    assert not ImportCertificate.objects.exists()

    _after_wrong_code(device)
    page.get_by_label("Code from your authenticator app").fill(code(device))
    page.get_by_role("button", name="Sign and issue IC").click()
    expect(page.locator(".alert-success")).to_contain_text("issued")
    certificate = ImportCertificate.objects.get(application=application)
    expect(page.locator("main")).to_contain_text(certificate.number)


def test_back_from_the_confirmation_page_changes_nothing(page, login, office):
    _member, user, officer, epc, _device = office
    application = f.submitted_application(user, epc)
    login(officer)
    page.goto(f"/ic/applications/{application.slug}/issue/")
    page.get_by_role("link", name="Back to the application without issuing").first.click()
    expect(page).to_have_url(re.compile(rf"/ic/applications/{application.slug}/$"))
    assert not ImportCertificate.objects.exists()


def test_bulk_issue_lists_the_selection_totals_and_what_would_fail(page, login, screenshot, office):
    member, user, officer, epc, device = office
    applications = [
        f.submitted_application(user, epc, values=(value,), invoice_no=f"ASF/INV/{n}")
        for n, value in enumerate(("18500.00", "7250.00", "42000.00"), start=881)
    ]
    other = factories.MemberFactory(office=member.office, legal_name="Vellore Tanners")
    _, other_user, _, other_epc = f.ready(member=other, fob=Decimal("500000"))  # ₹25,000
    short = [f.submitted_application(other_user, other_epc, values=("15000.00",)) for _ in "12"]
    login(officer)
    page.goto("/ic/queue/?status=submitted")
    page.wait_for_load_state()
    for application in [*applications, *short]:
        page.get_by_label(f"Select {application.reference}").check()
    page.get_by_role("button", name="Approve and issue selected").click()
    page.wait_for_url(re.compile(r"/workbench/issue/confirm/\?"))
    expect(page.get_by_test_id("bulk-count")).to_have_text("5")
    expect(page.get_by_test_id("bulk-total")).to_have_text("₹97,750.00")
    expect(page.get_by_test_id("bulk-failing")).to_have_text("1")
    lines = page.get_by_test_id("bulk-lines")
    expect(lines).to_contain_text("Not enough entitlement: ₹10,000.00 left for ₹15,000.00")
    firms = page.get_by_test_id("bulk-firms")
    expect(firms).to_contain_text("₹4,32,250.00")  # ₹5,00,000 − ₹67,750
    expect(firms).to_contain_text("₹10,000.00")  # ₹25,000 − ₹15,000
    _accessible(page)
    screenshot("confirm-bulk-issue", full_page=True)

    button = page.get_by_role("button", name="Sign and issue 4 ICs (₹82,750.00)")
    page.get_by_label("Code from your authenticator app").fill("123456")
    button.click()
    expect(page.locator("#error-summary")).to_contain_text("That code is not right")
    assert not BulkJob.objects.exists()
    _after_wrong_code(device)
    page.get_by_label("Code from your authenticator app").fill(code(device))
    page.get_by_role("button", name="Sign and issue 4 ICs (₹82,750.00)").click()
    page.wait_for_url(re.compile(r"/workbench/jobs/\d+/$"))
    expect(page.get_by_test_id("progress-text")).to_have_text("0 of 4 issued")
    assert BulkJob.objects.get().total == 4


def test_cancel_with_a_reason_and_the_code(page, login, screenshot, office):
    _member, user, officer, epc, device = office
    certificate = services.certificate_issue(
        by=officer, application=f.submitted_application(user, epc, values=("18500.00",))
    )
    login(officer)
    page.goto(f"/ic/certificates/{certificate.slug}/")
    expect(page.get_by_label(re.compile("reason", re.I))).to_have_count(0)  # no open form
    page.get_by_role("link", name="Cancel this IC…").click()
    expect(page.get_by_test_id("confirm-balance-after")).to_have_text("₹5,00,000.00")
    page.get_by_role("button", name="Cancel this IC").click()  # no reason, no code
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Give the reason for cancelling")
    link = summary.get_by_role("link", name=re.compile("Why the IC is cancelled"))
    expect(link).to_have_attribute("href", "#id_reason")  # the summary leads to the field
    page.get_by_label("Why the IC is cancelled (the member sees it)").fill("Import called off")
    page.get_by_label("Code from your authenticator app").fill(code(device))
    _accessible(page)
    screenshot("confirm-cancel", full_page=True)
    page.get_by_role("button", name="Cancel this IC").click()
    expect(page.locator(".alert-success")).to_contain_text("cancelled")
    certificate.refresh_from_db()
    assert certificate.status == CertStatus.CANCELLED


def test_replace_goes_through_its_confirmation(page, login, screenshot, office):
    _member, user, officer, epc, device = office
    certificate = services.certificate_issue(
        by=officer, application=f.submitted_application(user, epc, values=("18500.00",))
    )
    login(officer)
    page.goto(f"/ic/certificates/{certificate.slug}/replace/")
    page.locator("input[name$='value_inr']").first.fill("17250")
    page.get_by_label(re.compile("what changed", re.I)).first.fill("Supplier amended the invoice")
    page.get_by_test_id("replace-submit").click()
    expect(page.get_by_test_id("confirm-value")).to_have_text("₹17,250.00")
    expect(page.get_by_test_id("confirm-balance-after")).to_have_text("₹4,82,750.00")
    _accessible(page)
    screenshot("confirm-replace", full_page=True)
    assert not ImportCertificate.objects.filter(replaces=certificate).exists()
    page.get_by_label("Code from your authenticator app").fill(code(device))
    page.get_by_role("button", name="Sign and issue replacement IC").click()
    expect(page.locator(".alert-success")).to_contain_text("issued to replace")
    certificate.refresh_from_db()
    assert certificate.status == CertStatus.SUPERSEDED
