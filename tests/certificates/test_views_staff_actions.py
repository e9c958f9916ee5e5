"""Each office action through the client: assign, query, reject, charge, issue, urgent, cancel,
replace, BoE review; and the staff panels rendered as the application/certificate pages include them.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from icportal.certificates import selectors, services
from icportal.certificates.models import (
    Application,
    AppStatus,
    CertStatus,
    DeliveryMode,
    ImportCertificate,
    UrgentRequest,
)
from icportal.common.dates import financial_year
from icportal.notifications.models import Email
from tests import factories
from tests.certificates import factories as f
from tests.certificates.test_views_staff import balance, csv_rows, said, unverified, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(client):
    member, user, officer, epc = f.ready()
    client.force_login(officer)
    return member, user, officer, epc, f.submitted_application(user, epc)


def reload(obj):
    obj.refresh_from_db()
    return obj


def panel(application, user, template="certificates/staff/_actions.html", **context):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(template, {"application": application, **context}, request=request)


def test_assign_query_and_the_member_is_mailed(client, case):
    _, user, officer, _, app = case
    response = client.post(url("assign", app))
    assert response["Location"] == url("application", app)
    assert reload(app).assigned_to == officer
    response = client.post(url("query", app), {"question": "Send the supplier's proforma"})
    assert "Query sent" in said(response)
    assert reload(app).status == AppStatus.QUERY
    mail = Email.objects.get(template="query_raised")
    assert mail.to == user.email and "Send the supplier's proforma" in mail.body_text


def test_empty_query_and_empty_reject_change_nothing(client, case):
    app = case[4]
    assert "Query not sent" in said(client.post(url("query", app), {"question": "  "}))
    assert "Not rejected" in said(client.post(url("reject", app), {"reason": ""}))
    assert reload(app).status == AppStatus.SUBMITTED
    assert not Email.objects.filter(template__in=["query_raised", "application_rejected"]).exists()


def test_reject_with_reason(client, case):
    app = case[4]
    response = client.post(url("reject", app), {"reason": "Items are not on the eligible list"})
    assert "rejected" in said(response)
    assert reload(app).status == AppStatus.REJECTED
    assert reload(app).reject_reason == "Items are not on the eligible list"


def test_service_charge_must_be_recorded_before_issue(client, case):
    app = case[4]
    Application.objects.filter(pk=app.pk).update(service_charge=Decimal("590.00"))
    app = reload(app)
    assert 'data-testid="charge-form"' in panel(app, case[2])
    response = client.post(url("issue", app), {"version": app.version})
    assert "Not issued" in said(response) and "service charge" in said(response)
    response = client.post(url("charge", app), {"receipt_no": "CLE/R/2026/0042"})
    assert "receipt CLE/R/2026/0042" in said(response)
    app = reload(app)
    assert app.charge_receipt_no == "CLE/R/2026/0042" and app.charge_paid_recorded_by == case[2]
    assert client.post(url("issue", app), {"version": app.version}).status_code == 302
    assert reload(app).status == AppStatus.ISSUED


def test_issue_redirects_to_the_certificate_with_its_number(client, case):
    member, _, _, _, app = case
    response = client.post(url("issue", app), {"version": app.version})
    certificate = ImportCertificate.objects.get(application=app)
    assert certificate.number == f"CLE/CHN/IC/{financial_year()}/000001"
    assert response["Location"] == url("certificate", certificate)
    assert f"IC {certificate.number} issued" in said(response)
    assert balance(member) == Decimal("49000.00")


def test_issue_with_a_stale_version_is_refused(client, case):
    app = case[4]
    response = client.post(url("issue", app), {"version": app.version - 1})
    assert "Not issued: " in said(response) and "changed since you opened this page" in said(
        response
    )
    assert response["Location"] == url("application", app)
    assert not ImportCertificate.objects.exists()


def test_panel_shows_balance_after_icegate_status_and_the_issue_button(case):
    _, _, officer, _, app = case
    html = panel(selectors.application_get(user=officer, slug=app.slug), officer)
    assert "₹49,000.00" in html and "Verified by office" in html
    assert "Approve and issue IC…" in html and f'href="{url("issue", app)}"' in html
    # Issuing goes through its confirmation page; rejecting keeps the browser's confirm().
    assert "data-confirm=" in html and "Raise a query" in html and "Reject" in html


def test_urgent_physical_ic_needs_a_second_officer(client, case):
    member, _, officer, _, app = case
    unverified(member)
    second = factories.staff_user("CHN", full_name="Second Officer")
    app = selectors.application_get(user=officer, slug=app.slug)
    html = panel(app, officer)
    assert "Electronic issue refused" in html and "Request urgent physical IC" in html
    assert "Approve and issue IC" not in html
    response = client.post(url("issue", app), {"version": app.version})
    assert "not verified on ICEGATE" in said(response)
    client.post(url("urgent", app), {"reason": "Goods at port; demurrage from Monday"})
    request = UrgentRequest.objects.get(application=app)
    app = selectors.application_get(user=officer, slug=app.slug)
    assert "another officer" in panel(app, officer)
    assert "Approve urgent physical IC" not in panel(app, officer)
    second_view = panel(app, second)
    assert "Approve urgent physical IC" in second_view and officer.full_name in second_view
    response = client.post(url("urgent_approve", pk=request.pk), {"version": app.version})
    assert "second officer" in said(response) and not ImportCertificate.objects.exists()
    client.force_login(second)
    response = client.post(url("urgent_approve", pk=request.pk), {"version": app.version})
    certificate = ImportCertificate.objects.get(application=app)
    assert certificate.delivery_mode == DeliveryMode.URGENT_PHYSICAL
    assert certificate.second_approver == second
    assert response["Location"] == url("certificate", certificate)
    assert "discretion of Customs" in said(response)


def test_urgent_request_can_be_declined(client, case):
    member, _, officer, _, app = case
    unverified(member)
    request = services.urgent_request(by=officer, application=app, reason="Urgent")
    client.force_login(factories.staff_user("CHN"))
    assert "Not declined" in said(client.post(url("urgent_decline", pk=request.pk), {}))
    response = client.post(url("urgent_decline", pk=request.pk), {"reason": "Not urgent enough"})
    assert "declined" in said(response)
    assert reload(request).status == UrgentRequest.Status.DECLINED
    assert not ImportCertificate.objects.exists()


def test_cancel_returns_the_value_to_the_balance(client, case):
    member, _, officer, _, app = case
    certificate = services.certificate_issue(by=officer, application=app)
    html = render_to_string(
        "certificates/staff/_certificate_actions.html", {"certificate": certificate}
    )
    assert "Replace (amend)" in html and "Cancel this IC…" in html and "<form" not in html
    html = client.post(url("cancel", certificate), {"reason": ""}).content.decode()
    assert "There is a problem" in html and "Give the reason for cancelling" in html
    assert reload(certificate).status == CertStatus.ISSUED
    response = client.post(url("cancel", certificate), {"reason": "Shipment cancelled"})
    assert "cancelled" in said(response)
    assert reload(certificate).status == CertStatus.CANCELLED
    assert balance(member) == Decimal("50000.00")


def _replace_post(certificate, **overrides):
    item = f.item_row("1500.00")
    data = {
        "reason": "Invoice amended by the supplier",
        "invoice_no": "INV-2026-0042A",
        "invoice_date": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
        "supplier_name": "Guangzhou Metal Trims Co",
        "supplier_address": "Baiyun District, Guangzhou",
        "country_of_origin": "CN",
        "port_code": "INMAA1",
        "channel": "ices",
        "boe_no": "",
        "boe_date": "",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "1",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "200",
        **{f"items-0-{k}": v for k, v in item.items()},
    }
    data.update(overrides)
    return data


def test_replace_form_is_prefilled_and_bad_input_keeps_what_was_typed(client, case):
    member, _, officer, _, app = case
    certificate = services.certificate_issue(by=officer, application=app)
    html = client.get(url("replace", certificate)).content.decode()
    assert "INV-2026-0042" in html and "Buckles for shoes" in html and 'value="83089011"' in html
    bad = _replace_post(certificate, reason="", **{"items-0-hs_code": "1234"})
    response = client.post(url("replace", certificate), bad)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'value="INV-2026-0042A"' in html and 'value="1234"' in html
    bad["reason"] = "Supplier corrected the invoice"
    html = client.post(url("replace", certificate), bad).content.decode()
    assert "Line 1: HS code must be 8 digits" in html
    assert reload(certificate).status == CertStatus.ISSUED
    assert ImportCertificate.objects.count() == 1 and balance(member) == Decimal("49000.00")


def test_replace_issues_a_new_ic_and_tells_about_the_new_irn(client, case):
    member, _, officer, _, app = case
    certificate = services.certificate_issue(by=officer, application=app)
    more = client.post(url("replace", certificate), {**_replace_post(certificate), "add_line": "1"})
    assert more.content.decode().count('name="items-2-description"') == 1
    page = client.post(url("replace", certificate), _replace_post(certificate)).content.decode()
    assert (
        "Replace IC" in page
        and "₹1,500.00" in page
        and not ImportCertificate.objects.filter(replaces=certificate)
    )
    response = client.post(
        url("replace", certificate), {**_replace_post(certificate), "confirm": "1"}
    )
    replacement = ImportCertificate.objects.get(replaces=certificate)
    assert response["Location"] == url("certificate", replacement)
    assert "amended to quote the new IC's IRN" in said(response)
    assert reload(certificate).status == CertStatus.SUPERSEDED
    assert replacement.application.invoice_no == "INV-2026-0042A"
    assert balance(member) == Decimal("48500.00")
    assert client.get(url("replace", certificate)).status_code == 302


def _reported(user, officer, epc, assessed):
    certificate = services.certificate_issue(
        by=officer, application=f.submitted_application(user, epc)
    )
    return services.boe_report(
        by=user,
        certificate=certificate,
        boe_no="4567891",
        boe_date=timezone.localdate(),
        port_code="INMAA1",
        assessed_value=assessed,
        assessed_copy=f.pdf("assessed.pdf"),
    )


def test_reconciliation_lists_differences_and_posts_an_adjustment(client, case):
    member, user, officer, epc, _ = case
    above = _reported(user, officer, epc, "1250.00")
    same = _reported(user, officer, epc, "1000.00")
    html = client.get(url("boe_list")).content.decode()
    assert "+₹250.00" in html and "Matches" in html
    assert url("boe_copy", pk=above.pk) in html
    assert html.count("Post adjustment to assessed value") == 1
    before = balance(member)
    response = client.post(url("boe_review", pk=above.pk), {"post_adjustment": "on"})
    assert "adjustment of -₹250.00 posted" in said(response)
    assert balance(member) == before - Decimal("250.00")
    client.post(url("boe_review", pk=same.pk))
    assert reload(same).reviewed_by == officer and reload(same).adjustment is None
    assert "Not reviewed" in said(client.post(url("boe_review", pk=above.pk), {}))
    html = client.get(url("boe_list")).content.decode()
    assert "No reports waiting for review" in html
    assert "₹250.00" in client.get(url("boe_list"), {"show": "all"}).content.decode()


def test_reconciliation_shows_overdue_ics_and_exports_both_lists(client, case):
    member, user, officer, epc, app = case
    certificate = services.certificate_issue(by=officer, application=app)
    factories.backdate_issue(certificate, timezone.now() - dt.timedelta(days=9))
    member.legal_name = "=CMD|' /C calc'!A0"
    member.save()
    html = client.get(url("boe_list")).content.decode()
    assert certificate.number in html and "Overdue" in html
    rows = csv_rows(client.get(url("boe_list"), {"export": "csv", "list": "overdue"}))
    assert rows[1][0] == certificate.number and rows[1][1].startswith("'=")
    _reported(user, officer, epc, "900.00")
    rows = csv_rows(client.get(url("boe_list"), {"export": "csv", "list": "reports"}))
    # The name is text and neutralised; the difference is a number and stays summable.
    assert rows[1][1].startswith("'=") and rows[1][8] == "-100.00"
