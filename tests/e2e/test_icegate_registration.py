"""Point 1 of the circular in the browser: a member gives its ICEGATE ID, the office verifies it."""

import pytest
from playwright.sync_api import expect

from icportal.members.models import RegistrationStatus
from tests import factories
from tests.e2e.conftest import sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_member_gives_icegate_id_and_staff_verifies_it(page, login):
    member = factories.MemberFactory(legal_name="Vellore Tanners Pvt Ltd")
    member_user = factories.member_user(member=member, full_name="Priya Raman")
    officer = factories.staff_user("CHN", full_name="K. Ramesh")

    login(member_user)
    # The home page puts it first among what needs the member's action …
    action = page.get_by_test_id("action-icegate")
    assert "not registered on ICEGATE" in action.inner_text()
    # … and every other page carries the banner.
    page.get_by_role("link", name="Import Certificates").first.click()
    banner = page.get_by_test_id("icegate-banner")
    assert "not registered on ICEGATE" in banner.inner_text()

    banner.get_by_role("link", name="How to register").click()
    # The guide shows the firm's own IEC and GSTIN to type into ICEGATE.
    expect(page.locator("main")).to_contain_text(member.iec)
    expect(page.locator("main")).to_contain_text(member.primary_gstin)

    page.get_by_label("Your ICEGATE ID").fill("vellore tan 1")
    page.get_by_role("button", name="Send to my office for checking").click()
    assert "letters and digits" in page.get_by_role("alert").inner_text()  # error summary

    page.get_by_label("Your ICEGATE ID").fill("VELLORETAN1")
    page.get_by_role("button", name="Send to my office for checking").click()
    assert "waiting for your office" in page.get_by_test_id("icegate-banner").inner_text()
    member.icegate_registration.refresh_from_db()
    assert member.icegate_registration.status == RegistrationStatus.CLAIMED

    sign_out(page)
    login(officer)
    page.get_by_role("link", name="Members", exact=True).click()
    page.get_by_label("Search").fill("Vellore")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Vellore Tanners Pvt Ltd").click()
    page.get_by_label("Checked on ICEGATE").check()
    page.get_by_role("button", name="Verify ICEGATE ID").click()
    assert "verified" in page.get_by_role("status").first.inner_text()
    assert "verified ICEGATE ID VELLORETAN1" in page.get_by_test_id("timeline").inner_text()

    sign_out(page)
    login(member_user)
    assert page.get_by_test_id("icegate-banner").count() == 0
    page.get_by_role("button", name="My firm").click()
    page.get_by_role("link", name="Firm details").click()
    assert "Verified by office" in page.get_by_test_id("icegate-registration").inner_text()
