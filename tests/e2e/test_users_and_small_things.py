"""In the browser: head office's users pages, the API docs drawn offline, the favicon, Copy."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests import factories
from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _server_answers(page, live_server):
    """The live server's first page imports every view and template; on a loaded machine that
    outlasts a navigation's timeout, so wait (generously) until it has answered once."""
    page.request.get(f"{live_server.url}/accounts/login/", timeout=180_000)


def test_head_office_moves_an_officer_and_deactivates_them_after_confirming(page, login):
    admin = factories.head_office_user(full_name="Meena Iyer")
    officer = factories.staff_user("CHN", full_name="Kavitha Raman", email="kavitha@cle.example")
    TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=True)
    login(admin)
    page.goto("/accounts/users/")
    row = page.locator("tr", has_text="kavitha@cle.example")
    expect(row).to_contain_text("Set up")
    expect(row).to_contain_text("Never")
    assert_accessible(page)
    row.get_by_role("link", name="Manage Kavitha Raman").click()
    page.get_by_label("Office", exact=True).select_option(label="Delhi (DEL)")
    page.get_by_role("button", name="Save role and office").click()
    expect(page.get_by_role("status").first).to_contain_text("role and office saved")
    expect(page.get_by_test_id("user-facts")).to_contain_text("Delhi")
    assert_accessible(page)
    page.get_by_role("link", name="Deactivate…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deactivate Kavitha Raman?")
    assert_accessible(page)
    page.get_by_role("button", name="Deactivate account").click()
    expect(page.get_by_role("status").first).to_contain_text("can no longer sign in")
    officer.refresh_from_db()
    assert not officer.is_active and officer.office.code == "DEL"


def test_the_api_docs_draw_their_operations_from_our_own_files(page, live_server):
    outside = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto("/api/v1/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.locator(".opblock-summary-path[data-path='/api/v1/me/']").first).to_be_visible()
    assert outside == [] and refused == []


def test_the_favicon_is_there_for_the_browser(page, live_server):
    response = page.request.get(f"{live_server.url}/favicon.ico")
    assert response.status == 200 and response.body()[:4] == b"\x00\x00\x01\x00"
    page.goto("/accounts/login/")
    icon = page.locator("link[rel=icon]").first.get_attribute("href")
    assert page.request.get(live_server.url + icon).status == 200


def test_copy_works_over_plain_http_and_is_announced(page, login, settings):
    """Over plain http a browser has no navigator.clipboard (taken away here: the test server's
    localhost counts as secure), so the page copies through a selected text box; "Copied" is said
    in the live region and shown on the button, whose name keeps its visible text."""
    settings.STAFF_2FA_REQUIRED = True
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined})"
    )
    officer = factories.staff_user("CHN")
    login(officer)
    page.goto("/accounts/two-factor/")
    key = page.locator("output.copy-box").inner_text().strip()
    page.get_by_role("button", name="Copy Key").click()
    expect(page.locator("#live-region")).to_have_text(f"Copied {key}")
    expect(page.get_by_role("button", name="Copied Key")).to_be_visible()
    assert_accessible(page)
    reader = page.context.new_page()  # a page of the same browser, with the clipboard API
    reader.goto("/accounts/login/")
    reader.bring_to_front()
    assert reader.evaluate("navigator.clipboard.readText()") == key
