"""The office workbench in the browser: choose three applications in the IC queue with the keyboard,
approve and issue them in bulk, and watch the polled progress bar follow the worker item by item."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from icportal.certificates.models import Application, ImportCertificate
from icportal.workbench.services import bulk_jobs_advance
from tests import factories
from tests.certificates import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WAIT = {"timeout": 10_000}  # the page polls every second


def _applications():
    member = factories.MemberFactory(legal_name="Ambur Safety Footwear Pvt Ltd")
    _, user, officer, epc = f.ready(member=member, fob=Decimal("10000000"))
    officer.full_name = "K. Ramesh"
    officer.save(update_fields=["full_name"])
    applications = [
        f.submitted_application(user, epc, values=(value,), invoice_no=f"ASF/INV/{n}")
        for n, value in enumerate(("18500.00", "7250.00", "42000.00", "3100.00"), start=881)
    ]
    for application, days in zip(applications, (5, 4, 3, 2), strict=True):
        Application.objects.filter(pk=application.pk).update(
            submitted_at=timezone.now() - dt.timedelta(days=days, hours=1)
        )
    return officer, applications


def test_office_issues_three_applications_in_bulk_and_watches_the_progress(page, login, screenshot):
    officer, applications = _applications()
    chosen, left = applications[:3], applications[3]

    login(officer)
    expect(page.get_by_role("heading", name="Workbench: Chennai", exact=False)).to_be_visible()
    page.get_by_role("link", name="IC applications to decide").click()
    page.wait_for_load_state()  # workbench.js is loaded at the end of the page

    # "Select all on this page" works with Space; Tab goes on through the header to the rows.
    select_all = page.get_by_label("Select all on this page")
    select_all.focus()
    page.keyboard.press("Space")
    expect(page.get_by_text("4 selected")).to_be_visible()
    page.keyboard.press("Space")
    expect(page.get_by_text("0 selected")).to_be_visible()
    first = page.get_by_label(f"Select {chosen[0].reference}")
    for _ in range(3):  # the button, then the header's two sort links
        page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Submitted", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(first).to_be_focused()
    page.keyboard.press("Space")
    page.get_by_label(f"Select {chosen[1].reference}").check()
    page.get_by_label(f"Select {chosen[2].reference}").click()
    expect(page.get_by_text("3 selected")).to_be_visible()
    expect(page.get_by_label(f"Select {left.reference}")).not_to_be_checked()

    page.get_by_role("button", name="Approve and issue selected").click()
    # The confirmation page: the three, their total and the balance after; nothing issued yet.
    page.wait_for_url(re.compile(r"/workbench/issue/confirm/\?"))
    expect(page.get_by_test_id("bulk-count")).to_have_text("3")
    expect(page.get_by_test_id("bulk-total")).to_have_text("₹67,750.00")
    expect(page.get_by_test_id("bulk-firms")).to_contain_text("₹4,32,250.00")
    assert not ImportCertificate.objects.exists()
    page.get_by_role("button", name="Sign and issue 3 ICs (₹67,750.00)").click()
    page.wait_for_url(re.compile(r"/workbench/jobs/\d+/$"))
    expect(page.locator("#job-heading")).to_be_focused()
    bar = page.get_by_role("progressbar")
    text = page.get_by_test_id("progress-text")
    expect(text).to_have_text("0 of 3 issued")
    expect(bar).to_have_attribute("aria-valuenow", "0")
    expect(bar).to_have_attribute("aria-valuemax", "3")

    # The worker's steps, from this thread: the page's poll picks each one up.
    for n in (1, 2, 3):
        assert bulk_jobs_advance(owner="e2e-worker", limit=1) == 1
        expect(text).to_have_text(f"{n} of 3 issued", **WAIT)
        expect(bar).to_have_attribute("aria-valuenow", str(n))
    progress = page.get_by_test_id("job-progress")
    expect(progress).to_contain_text("Done", **WAIT)
    expect(progress).not_to_have_attribute("hx-trigger", re.compile(".*"))
    expect(page.locator(".progress-bar")).to_have_attribute("data-progress", "100")

    certificates = [ImportCertificate.objects.get(application=a) for a in chosen]
    for certificate in certificates:
        expect(page.get_by_role("link", name=certificate.number)).to_be_visible()
    assert not ImportCertificate.objects.filter(application=left).exists()
    screenshot("workbench-bulk-issue")

    # At phone width the page does not scroll sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name=certificates[0].number).click()
    expect(page.get_by_text(certificates[0].number).first).to_be_visible()

    page.goto("/workbench/")
    jobs = page.get_by_test_id("workbench-jobs")
    expect(jobs).to_contain_text("3 of 3 issued")
    expect(page.locator('[data-count="applications"]')).to_have_text("1")
    screenshot("workbench", full_page=True)
