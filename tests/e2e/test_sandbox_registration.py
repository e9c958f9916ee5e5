"""Simplified ICEGATE registration through the sandbox's web pages, in Chromium.

The member reads the temporary password and both OTPs in the sandbox mailbox page (a second tab),
solves the captcha, and ends on the login check "Welcome to ICEGATE".
"""

import re

import pytest

from icegate_sandbox.identifiers import gstin_check_character
from icegate_sandbox.models import Registration
from icegate_sandbox.services.taxpayers import taxpayer_upsert

pytestmark = pytest.mark.e2e

PAN = "AAACT4321K"
GSTIN = f"33{PAN}1Z" + gstin_check_character(f"33{PAN}1Z")
EMAIL = "exports@tannery.example"
MOBILE = "9876501234"
PASSWORD = "Tannery@2026"
SANDBOX = "/sandbox/icegate/"


@pytest.fixture(autouse=True)
def _sandbox_alone(settings):
    # The sandbox's own URLs at the same prefix, as `icportal sandbox` serves them.
    settings.ROOT_URLCONF = "icegate_sandbox.standalone_urls"


def _read_mail(mailbox, to: str, pattern: str) -> str:
    mailbox.goto(f"{SANDBOX}mailbox/?to={to}")
    newest = mailbox.get_by_test_id("messages").locator("li").first
    return re.search(pattern, newest.inner_text()).group(1)


def test_simplified_registration_in_the_browser(page, transactional_db):
    taxpayer_upsert(gstin=GSTIN, legal_name="Tannery Exports", email=EMAIL, mobile=MOBILE)
    mailbox = page.context.new_page()

    page.goto(f"{SANDBOX}register/simplified/")
    page.get_by_label("IEC", exact=True).fill(PAN)
    page.get_by_label("GSTIN", exact=True).fill(GSTIN)
    page.get_by_role("button", name="Send temporary password").click()
    assert "ex*****@tannery.example" in page.get_by_test_id("sent-notice").inner_text()

    temporary = _read_mail(mailbox, EMAIL, r"is:\s+(\S+)")
    page.get_by_label("Password", exact=True).fill(temporary)
    first, second = re.search(
        r"(\d) plus (\d)", page.get_by_test_id("captcha-question").inner_text()
    ).groups()
    page.get_by_label("Captcha").fill(str(int(first) + int(second)))
    page.get_by_role("button", name="Verify").click()

    page.get_by_role("heading", name="Choose your ICEGATE ID and password").wait_for()
    assert page.get_by_test_id("masked-email").input_value() == "ex*****@tannery.example"
    assert page.get_by_test_id("masked-mobile").input_value() == "******1234"
    assert page.get_by_test_id("masked-email").get_attribute("readonly") is not None
    page.get_by_label("ICEGATE ID", exact=True).fill("TANNERY01")
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Send OTPs").click()

    page.get_by_role("heading", name="Enter the two OTPs").wait_for()
    email_otp = _read_mail(mailbox, EMAIL, r"OTP for registering ICEGATE ID \w+ is (\d{6})")
    mobile_otp = _read_mail(mailbox, MOBILE, r"(\d{6}) is your ICEGATE mobile OTP")
    page.get_by_label("E-mail OTP").fill(email_otp)
    page.get_by_label("Mobile OTP").fill(mobile_otp)
    page.get_by_role("button", name="Register").click()

    page.get_by_role("heading", name="Registration complete").wait_for()
    assert page.get_by_test_id("icegate-id").inner_text() == "TANNERY01"
    assert Registration.objects.get(icegate_id="TANNERY01").method == "simplified"

    page.get_by_role("link", name="Log in to check").click()
    page.get_by_label("ICEGATE ID").fill("TANNERY01")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    assert "Welcome to ICEGATE" in page.get_by_test_id("welcome").inner_text()
