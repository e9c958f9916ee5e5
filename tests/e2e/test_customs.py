"""The office sends a notice to customs by hand from the IC page, and chooses where a complaint
is escalated (issue 15 §2, §3)."""

import pytest
from playwright.sync_api import expect

from icportal.complaints.models import Complaint
from icportal.customs import services
from icportal.customs.models import Notice, NoticeStatus
from tests.complaints import factories as c
from tests.customs.conftest import cancel, confirm, uploaded_ic
from tests.dispatch import factories as d
from tests.e2e.test_form_errors import errors_shown

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_office_marks_a_notice_sent_by_hand_from_the_ic_page(page, login):
    _user, officer, certificate = uploaded_ic(port_code="INPPG6")  # no customs house on file
    cancel(officer, certificate)
    services.notices_find()  # the worker's customs.find
    login(officer)
    page.goto(f"/ic/certificates/{certificate.slug}/")
    panel = page.get_by_test_id("certificate-customs")
    expect(panel).to_contain_text("To send by hand")
    expect(panel).to_contain_text("no customs house for port INPPG6")
    panel.get_by_label("How and to whom it was sent").fill("By speed post to ICD Patparganj")
    panel.get_by_role("button", name="Mark sent by hand").click()
    expect(page.get_by_test_id("certificate-customs")).to_contain_text("Sent by hand")
    assert Notice.objects.get().status == NoticeStatus.SENT_BY_HAND


def test_sent_by_hand_with_nothing_said_names_the_box_like_every_other_form(page, login):
    """#17: the row's form in the notices list comes back with the error summary linking to its
    box and the message beside it (no flash), then goes once it says how the notice went."""
    _user, officer, certificate = uploaded_ic(port_code="INPPG6")
    cancel(officer, certificate)
    services.notices_find()
    notice = Notice.objects.get()
    login(officer)
    page.goto("/customs/notices/")
    page.get_by_role("button", name="Mark sent by hand").click()
    errors_shown(page, {f"how-{notice.pk}": "Say how and to whom it was sent"})
    expect(page.get_by_test_id("notice-table")).to_contain_text(certificate.number)
    assert Notice.objects.get().status == NoticeStatus.BY_HAND

    page.get_by_label("How and to whom it was sent").fill("By speed post to ICD Patparganj")
    page.get_by_role("button", name="Mark sent by hand").click()
    expect(
        page.get_by_text(f"Notice for IC {certificate.number} marked as sent by hand.")
    ).to_be_visible()
    assert page.url.endswith("/customs/notices/")
    assert Notice.objects.get().status == NoticeStatus.SENT_BY_HAND


def test_office_sees_the_suggested_side_and_chooses_the_other(page, login, monkeypatch):
    c.fake_icegate(monkeypatch)
    user, officer, certificate = d.issued()
    c.uploaded(certificate)
    confirm()
    complaint = c.filed(user, certificate)
    login(officer)
    page.goto(f"/complaints/{complaint.slug}/")
    route = page.get_by_test_id("escalation-route")
    expect(route).to_contain_text("Chennai Customs House (sea) (INMAA1)")
    expect(route).to_contain_text("problem is on the customs side")
    route.get_by_role("button", name="Escalate to the ICEGATE helpdesk instead").click()
    expect(page.get_by_test_id("escalated")).to_contain_text("Chosen by the office")
    assert Complaint.objects.get().escalated_to == "icegate"
