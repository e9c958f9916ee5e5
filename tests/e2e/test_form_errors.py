"""Every form shows its errors the same way: submitted empty (or with a wrong date), an error
summary at the top links to each box, and the same message sits beside the box.

One browser for the file and one sign-in per role: each test walks through that role's forms."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.complaints import factories as c
from tests.dispatch import factories as d
from tests.e2e.conftest import sign_out
from tests.entitlements.test_views_staff import submitted_epc

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def errors_shown(page, expected: dict[str, str] | None = None) -> list[str]:
    """The summary's links (box id → words of its message) are `expected`, in order (or, with
    None, whatever they are); each box exists, the link brings it into view, and the same
    message is written beside it. Returns the ids linked."""
    # Bootstrap scrolls smoothly unless motion is reduced; headless Chromium may stop halfway.
    page.emulate_media(reduced_motion="reduce")
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    links = summary.locator("a")
    targets = [links.nth(i).get_attribute("href").removeprefix("#") for i in range(links.count())]
    if expected is not None:
        assert targets == list(expected), targets
    assert targets, "the summary links to no box"
    for target in targets:
        link = summary.locator(f'a[href="#{target}"]')
        message = link.inner_text().split(": ", 1)[-1]
        if expected is not None:
            assert expected[target] in message, (target, message)
        link.click()
        box = page.locator(f"#{target}")
        expect(box).to_be_in_viewport()
        beside = page.locator(f"#{re.sub(r'_0$', '', target)}-error")  # a group's first choice
        expect(beside).to_contain_text(message)
    return targets


def test_member_forms(page, login, monkeypatch):
    c.fake_icegate(monkeypatch)
    user, _officer, certificate = d.issued()
    c.uploaded(certificate)
    complaint = c.filed(user, certificate)
    login(user)

    page.goto(f"/dispatch/certificates/{certificate.slug}/request/")
    page.get_by_role("button", name="Ask for the copy").click()
    errors_shown(page, {"id_reason_0": "Choose why you need a physical copy"})

    page.goto(f"/complaints/certificates/{certificate.slug}/new/")
    page.get_by_label("Bill of Entry number").fill("")
    page.get_by_label("Bill of Entry date").fill("31/02/2026")
    page.get_by_label("Name of the customs official").fill("")
    page.get_by_role("button", name="Send the complaint").click()
    linked = errors_shown(page)
    assert {"id_boe_no", "id_boe_date", "id_official_name"} <= set(linked)
    expect(page.locator("#id_boe_date-error")).to_have_text(
        "31/02/2026 is not a date: February 2026 has 28 days"
    )
    expect(page.get_by_label("Bill of Entry date")).to_have_value("31/02/2026")  # as typed

    page.goto(f"/complaints/{complaint.slug}/")
    page.get_by_role("button", name=re.compile("Send (reply|to the office)")).click()
    errors_shown(page, {"id_text": "Write your reply"})
    sign_out(page)


def test_office_forms(page, login, monkeypatch, screenshot):
    c.fake_icegate(monkeypatch)
    user, officer, certificate = d.issued()
    c.uploaded(certificate)
    complaint = c.filed(user, certificate)
    printed = d.printed(user, officer, certificate)
    _, _, second = d.issued()
    asked = d.requested(factories.member_user(member=second.member), second)
    epc = submitted_epc()  # a firm of the same office without an EPC this year
    login(officer)

    # Recording the dispatch: the method first, then only the chosen method's boxes.
    page.goto(f"/dispatch/requests/{printed.slug}/")
    courier, hand = page.get_by_test_id("courier-fields"), page.get_by_test_id("hand-fields")
    expect(courier).to_be_hidden()  # nothing chosen yet: neither group
    page.get_by_role("button", name="Record dispatch").click()
    errors_shown(page, {"id_method_0": "Choose courier or hand-over at the office"})
    page.get_by_label("By courier").check()
    expect(courier).to_be_visible()
    expect(hand).to_be_hidden()
    page.get_by_label("Date sent").fill("12/13/2026")
    page.get_by_role("button", name="Record dispatch").click()
    errors_shown(
        page,
        {
            "id_courier_name": "Enter the courier",
            "id_docket_no": "Enter the docket number",
            "id_dispatch_date": "The month must be 1–12",
        },
    )
    expect(page.get_by_label("By courier")).to_be_checked()  # the choice is kept
    expect(hand).to_be_hidden()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot("screen-office-dispatch-errors")  # for docs/screens.md
    page.get_by_label("Handed over at the office").check()
    expect(hand).to_be_visible()
    expect(courier).to_be_hidden()
    page.get_by_role("button", name="Record dispatch").click()
    errors_shown(
        page, {"id_receiver_name": "Enter the receiver", "id_receiver_id": "Enter the ID seen"}
    )

    page.goto(f"/dispatch/requests/{asked.slug}/")
    page.get_by_role("button", name="Decline").click()
    errors_shown(page, {"id_reason": "Say why: the member reads it"})

    page.goto(f"/complaints/{complaint.slug}/")
    page.get_by_role("button", name="Add", exact=True).click()
    errors_shown(page, {"id_text": "Write the note"})
    page.get_by_role("button", name="Ask and wait for the reply").click()
    errors_shown(page, {"id_question": "Write the question for the member"})
    page.get_by_role("button", name="Resolve and tell the member").click()
    errors_shown(
        page,
        {"id_cause": "Choose the cause", "id_resolution": "Say what was found"},
    )

    page.goto(f"/entitlements/epc/{epc.pk}/")
    page.get_by_text("Return to the member").click()
    page.get_by_role("button", name="Return EPC application").click()
    errors_shown(page, {"id_reason": "Say what the member must correct"})

    page.goto(f"/members/{second.member.iec}/")
    page.get_by_role("button", name="Send invitation").click()
    errors_shown(
        page, {"id_full_name": "Enter the person's full name", "id_email": "Enter an e-mail"}
    )
    sign_out(page)


def test_head_office_forms(page, login):
    login(factories.head_office_user())

    page.goto("/reports/")
    page.get_by_label("From", exact=True).fill("31/02/2026")
    page.get_by_role("button", name="Apply").click()
    errors_shown(page, {"id_from_date": "31/02/2026 is not a date"})

    page.goto("/entitlements/scheme/")
    page.get_by_label("In force from").fill("1/4/27")
    page.once("dialog", lambda dialog: dialog.accept())  # "Save these parameters?"
    page.get_by_role("button", name="Save new parameters").click()
    linked = errors_shown(page)
    assert "id_effective_from" in linked
    expect(page.locator("#id_effective_from-error")).to_have_text(
        "Enter the year with four digits, like 2026"
    )

    page.goto("/members/new/")
    page.get_by_role("button", name="Save member").click()
    linked = errors_shown(page)
    assert {"id_legal_name", "id_iec", "id_gstins"} <= set(linked)
    sign_out(page)
