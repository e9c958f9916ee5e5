"""Issue 17 §4 in the browser: an officer finds the IC by its supplier's name, opens the application
and sees the member's document beside the items, and leaves an internal note the member never sees."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_out
from tests.reports import factories as rf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_find_an_ic_by_supplier_preview_its_document_and_note_it(page, login, screenshot):
    _member, user, officer, epc = rf.firm(legal_name="Vaniyambadi Leathers Pvt Ltd")
    ic = rf.certificate(user, officer, epc, supplier_name="Bavaria Lederwerke GmbH")
    login(officer)

    box = page.locator("#site-search")
    box.fill("lederwerk")  # a part of the supplier's name, in lower case
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/"))
    found = page.get_by_test_id("found-certificates")
    expect(found.get_by_role("link", name=ic.number)).to_be_visible()
    expect(found).to_contain_text("Bavaria Lederwerke GmbH")
    screenshot("search-by-supplier")

    page.goto(f"/ic/applications/{ic.application.slug}/")
    preview = page.get_by_test_id("document-preview")
    expect(preview).to_be_visible()
    frame = page.get_by_test_id("preview-frame")
    expect(frame).to_be_visible()
    expect(frame).to_have_attribute("src", re.compile(r"/attachments/\d+/preview/$"))
    # Beside the items: the frame is to the right of the items table, on the same screen.
    items = page.get_by_test_id("items").bounding_box()
    box_of_frame = frame.bounding_box()
    assert box_of_frame["x"] > items["x"] + items["width"] - 5
    response = page.request.get(frame.get_attribute("src"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")

    page.get_by_label("Add an internal note").fill("Rang the supplier's agent: invoice confirmed.")
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_test_id("internal-note")).to_contain_text("invoice confirmed")
    screenshot("application-preview-notes", full_page=True)

    sign_out(page)
    login(user)
    page.goto(f"/ic/applications/{ic.application.slug}/")
    expect(page.get_by_test_id("reference")).to_have_text(ic.application.reference)
    expect(page.get_by_text("invoice confirmed")).to_have_count(0)
    expect(page.get_by_test_id("internal-notes")).to_have_count(0)
