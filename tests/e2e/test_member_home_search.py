"""The member's home and the search box in the browser, with the screenshots for the docs."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from icportal.common.dates import ist_today
from tests.e2e.conftest import sign_out
from tests.reports import factories as rf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _firm_with_an_uploaded_ic_and_a_query(name):
    member, user, officer, epc = rf.firm(legal_name=name)
    ic = rf.certificate(
        user,
        officer,
        epc,
        values=("18500.00",),
        invoice_no="VT/INV/2026/881",
        boe_no="4567890",
        boe_date=ist_today() - dt.timedelta(days=1),
    )
    application = rf.queried(user, officer, epc, question="Which port will the goods arrive at?")
    return member, user, officer, ic, application


def _search(page, term):
    box = page.locator("#site-search")  # the navbar's box
    box.fill(term)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/(search|ic)/"))


def test_member_home_shows_actions_entitlement_and_the_irn_to_copy(page, login, screenshot):
    _member, user, officer, ic, application = _firm_with_an_uploaded_ic_and_a_query(
        "Vellore Tanners Pvt Ltd"
    )
    waiting = rf.certificate(user, officer, ic.epc, upload=False, invoice_no="VT/INV/2026/902")
    irn = ic.uploads.get().irn
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    login(user)

    expect(page.get_by_role("heading", name="Vellore Tanners Pvt Ltd")).to_be_visible()
    actions = page.get_by_test_id("actions")
    expect(actions.get_by_test_id("action-query")).to_contain_text("Which port")
    expect(actions.get_by_test_id("action-boe")).to_have_count(2)
    expect(page.get_by_test_id("ic-card").filter(has_text=waiting.number)).to_contain_text(
        "Not yet uploaded to e-SANCHIT"
    )
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", re.compile(r"\d+"))
    expect(page.get_by_test_id("entitlement-bar")).to_contain_text("₹50,000.00")

    card = page.get_by_test_id("ic-card").filter(has_text=ic.number)
    expect(card.get_by_label("IRN", exact=True)).to_have_text(irn)
    expect(card.get_by_label("Uploader ICEGATE ID", exact=True)).to_have_text(ic.office.icegate_id)
    screenshot("member-home", full_page=True)

    copy = card.get_by_role("button", name="Copy IRN")
    # Every text the button shows, kept by the page itself: "Copied" lasts 1.5 s, which a loaded
    # machine could let pass between two looks from here.
    copy.evaluate(
        """(button) => { window.copyTexts = [];
           new MutationObserver(() => window.copyTexts.push(button.textContent))
             .observe(button, {childList: true, characterData: true, subtree: true}); }"""
    )
    copy.click()
    # The button says so ("Copied IRN": the visible word, then the name for a screen reader)…
    page.wait_for_function("() => window.copyTexts.some((t) => t.startsWith('Copied'))")
    assert page.evaluate("navigator.clipboard.readText()") == irn
    expect(copy.locator(".copy-label")).to_have_text("Copy")

    actions.get_by_role("link", name=re.compile("Reply to the query")).click()
    expect(page.get_by_role("heading", name="Reply to the office's query")).to_be_visible()
    assert page.url.endswith(f"/ic/applications/{application.slug}/reply/")


def test_search_from_the_navbar_by_irn_by_another_firms_ic_and_by_iec(page, login, screenshot):
    member, user, officer, ic, _application = _firm_with_an_uploaded_ic_and_a_query(
        "Ambur Tanners Pvt Ltd"
    )
    _other, _other_user, _other_officer, theirs, _ = _firm_with_an_uploaded_ic_and_a_query(
        "Ranipet Leathers Pvt Ltd"
    )
    upload = ic.uploads.get()
    login(user)

    _search(page, upload.irn.lower())
    found = page.get_by_test_id("found-certificates")
    expect(found.get_by_role("link", name=ic.number)).to_be_visible()
    expect(page.get_by_test_id("found-uploads")).to_contain_text(upload.drn)
    expect(page.locator("#site-search")).to_have_value(upload.irn.lower())
    screenshot("search", full_page=True)

    _search(page, theirs.number)
    expect(page.get_by_test_id("search-message")).to_contain_text("Nothing found")
    expect(page.get_by_test_id("found-certificates")).to_have_count(0)

    _search(page, ic.number)  # the whole number of one's own IC opens it
    expect(
        page.get_by_role("status").filter(has_text="is the one with that number")
    ).to_be_visible()
    assert page.url.endswith(f"/ic/certificates/{ic.slug}/")

    sign_out(page)
    login(officer)
    _search(page, member.iec)
    members = page.get_by_test_id("found-members")
    expect(members.get_by_role("link", name="Ambur Tanners Pvt Ltd")).to_be_visible()
    expect(page.get_by_test_id("found-certificates")).to_contain_text(ic.number)
    expect(page.get_by_test_id("found-certificates")).not_to_contain_text(theirs.number)
