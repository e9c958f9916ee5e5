"""The IC API end to end, with token auth: EPC → application → scrutiny → issue → cancel/replace/BoE."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from icportal.certificates.models import Application, AppStatus, ImportCertificate
from icportal.common.dates import financial_year
from icportal.entitlements.models import EntitlementAccount, LedgerEntry
from icportal.notifications.models import Email
from tests import factories
from tests.certificates.api_support import (
    API,
    Firm,
    client_for,
    error_fields,
    header_json,
    item_json,
    upload,
)

pytestmark = pytest.mark.django_db


def _balance(member) -> Decimal:
    account = EntitlementAccount.objects.get(member=member)
    assert LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"] == (
        account.balance
    )
    return account.balance


def test_the_whole_path_from_epc_to_issue_and_cancel():
    firm = Firm(epc=False)
    api, staff = firm.api, firm.staff_api
    fy = financial_year()

    # EPC: multipart with the CA certificate and FOB per segment as a JSON object
    response = api.post(
        f"{API}/epcs/",
        {
            "segment_group": "OTHERS",
            "financial_year": fy,
            "fob_lines": '{"FW": "2500000.00"}',
            "ca_certificate": upload("ca.pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    epc = response.json()
    assert epc["status"] == "submitted" and epc["fob_total"] == "2500000.00"
    assert epc["fob_lines"] == [
        {
            "segment": "FW",
            "segment_name": epc["fob_lines"][0]["segment_name"],
            "fob_value": "2500000.00",
        }
    ]
    assert staff.get(f"{API}/epcs/?status=submitted").json()["count"] == 1
    assert api.post(f"{API}/epcs/{epc['id']}/approve/").status_code == 403
    approved = staff.post(f"{API}/epcs/{epc['id']}/approve/").json()
    assert approved["status"] == "approved"
    assert approved["number"] == f"CLE/CHN/EPC/{fy}/000001"
    assert approved["entitlement"] == "125000.00" and approved["percentage"] == "5.00"

    accounts = api.get(f"{API}/entitlements/").json()["results"]
    assert [(a["credited"], a["used"], a["balance"]) for a in accounts] == [
        ("125000.00", "0.00", "125000.00")
    ]

    # Application: draft, details and items with the version read, attachments
    app = api.post(f"{API}/ic-applications/", {"epc": epc["id"]}, format="json").json()
    slug = app["slug"]
    assert slug == f"CLE-CHN-APP-{fy}-000001" and app["status"] == "draft"
    assert "items" in app["problems"] and "attachments" in app["problems"]
    response = api.put(
        f"{API}/ic-applications/{slug}/",
        {
            **header_json(),
            "items": [item_json("1200.50"), item_json("800.00", name="Rivets", hs_code="83089040")],
            "version": app["version"],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    app = response.json()
    assert app["total_value"] == "2000.50"
    assert app["entitlement_balance"] == "125000.00" and app["balance_after"] == "122999.50"
    assert [i["value_inr"] for i in app["items"]] == ["1200.50", "800.00"]
    assert app["icegate_warning"] is None
    firm.attach(slug, "invoice")
    firm.attach(slug, "draft_boe")
    assert api.get(f"{API}/ic-applications/{slug}/").json()["problems"] == {}

    response = api.post(f"{API}/ic-applications/{slug}/submit/", {}, format="json")
    assert response.json()["status"] == "submitted"
    assert response.json()["sla_age_days"] == 0

    # Scrutiny: assign, query, reply
    assert staff.get(f"{API}/ic-applications/counts/").json()["submitted"] == 1
    assigned = staff.post(f"{API}/ic-applications/{slug}/assign/").json()
    assert assigned["assigned_to"] == firm.officer.full_name
    response = staff.post(
        f"{API}/ic-applications/{slug}/query/",
        {"question": "Send the invoice with HS codes"},
        format="json",
    )
    assert response.json()["status"] == "query"
    assert Email.objects.filter(template="query_raised", to=firm.user.email).exists()
    assert api.get(f"{API}/ic-applications/?status=query").json()["count"] == 1
    response = api.post(
        f"{API}/ic-applications/{slug}/reply/",
        {"reply": "Corrected invoice attached"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["queries"][0]["reply"] == "Corrected invoice attached"

    # Issue: 201 with the certificate
    response = staff.post(f"{API}/ic-applications/{slug}/issue/", {}, format="json")
    assert response.status_code == 201, response.json()
    ic = response.json()
    assert ic["number"] == f"CLE/CHN/IC/{fy}/000001"
    assert ic["slug"] == f"CLE-CHN-IC-{fy}-000001"
    assert ic["value"] == "2000.50" and ic["balance_after"] == "122999.50"
    assert ic["delivery_mode"] == "electronic" and ic["customs_discretion"] is False
    assert ic["uploader_icegate_id"] == firm.member.office.icegate_id
    assert ic["document_type_code"] == "CLEIC1"
    assert ic["notification_number"].startswith("45/2025-Customs")
    assert len(ic["items"]) == 2 and ic["application"] == slug
    assert ic["replaces"] is None and ic["replaced_by"] is None
    assert api.get(f"{API}/certificates/{ic['slug']}/").json()["number"] == ic["number"]
    assert _balance(firm.member) == Decimal("122999.50")

    ledger = api.get(f"{API}/entitlements/{accounts[0]['id']}/ledger/").json()["results"]
    assert [(e["kind"], e["amount"]) for e in ledger] == [
        ("credit", "125000.00"),
        ("debit", "-2000.50"),
    ]
    assert ledger[1]["certificate_number"] == ic["number"]

    # Cancel: member may not, staff with a reason; the debit is reversed
    assert api.post(f"{API}/certificates/{ic['slug']}/cancel/", {"reason": "x"}).status_code == 403
    assert "reason" in error_fields(staff.post(f"{API}/certificates/{ic['slug']}/cancel/", {}))
    response = staff.post(
        f"{API}/certificates/{ic['slug']}/cancel/", {"reason": "Goods not shipped"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancel_reason"] == "Goods not shipped"
    assert _balance(firm.member) == Decimal("125000.00")
    assert api.get(f"{API}/certificates/?status=cancelled").json()["count"] == 1


def test_replace_gives_a_new_number_pointing_to_the_original():
    firm = Firm()
    ic = firm.issued(values=("1000.00",))
    body = {
        **header_json(invoice_no="INV-2026-0042A"),
        "items": [item_json("1500.00")],
        "reason": "Invoice value corrected by the supplier",
    }
    member_try = firm.api.post(f"{API}/certificates/{ic['slug']}/replace/", body, format="json")
    assert member_try.status_code == 403
    response = firm.staff_api.post(f"{API}/certificates/{ic['slug']}/replace/", body, format="json")
    assert response.status_code == 201, response.json()
    new = response.json()
    assert new["number"].endswith("/000002") and new["replaces"] == ic["number"]
    assert new["replaces_slug"] == ic["slug"] and new["value"] == "1500.00"
    assert new["invoice_no"] == "INV-2026-0042A"
    original = firm.api.get(f"{API}/certificates/{ic['slug']}/").json()
    assert original["status"] == "superseded"
    assert original["replaced_by"] == new["number"] and original["replaced_by_slug"] == new["slug"]
    assert _balance(firm.member) == Decimal("48500.00")
    assert Email.objects.filter(template="ic_replaced").exists()
    again = firm.staff_api.post(f"{API}/certificates/{ic['slug']}/replace/", body, format="json")
    assert "status" in error_fields(again)


def test_assessed_bill_of_entry_is_reported_and_reviewed_with_an_adjustment():
    firm = Firm()
    ic = firm.issued(values=("1000.00",))
    boe = {
        "boe_no": "4567890",
        "boe_date": ic["issued_at"][:10],
        "port_code": "INMAA1",
        "assessed_value": "1100.00",
    }
    url = f"{API}/certificates/{ic['slug']}/assessed-boe/"
    bad = firm.api.post(url, {**boe, "assessed_copy": upload("x.pdf", b"GIF89a")})
    assert "assessed_copy" in error_fields(bad)
    response = firm.api.post(url, {**boe, "assessed_copy": upload("boe.pdf")}, format="multipart")
    assert response.status_code == 201, response.json()
    report = response.json()
    assert report["difference"] == "100.00" and report["ic_value"] == "1000.00"
    assert (
        firm.api.get(f"{API}/certificates/{ic['slug']}/").json()["assessed_boe"]["id"]
        == (report["id"])
    )

    pending = firm.staff_api.get(f"{API}/assessed-boes/?pending=true").json()
    assert [r["id"] for r in pending["results"]] == [report["id"]]
    review = f"{API}/assessed-boes/{report['id']}/review/"
    assert firm.api.post(review, {"post_adjustment": True}, format="json").status_code == 403
    response = firm.staff_api.post(review, {"post_adjustment": True}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["adjustment"] == "-100.00"
    assert response.json()["reviewed_by"] == firm.officer.full_name
    assert _balance(firm.member) == Decimal("48900.00")
    again = firm.staff_api.post(review, {"post_adjustment": True}, format="json")
    assert "status" in error_fields(again)
    assert firm.staff_api.get(f"{API}/assessed-boes/?pending=1").json()["count"] == 0


def test_unverified_member_gets_an_urgent_physical_ic_approved_by_a_second_officer():
    firm = Firm(verified=False)
    app = firm.submitted()
    assert "ICEGATE" in app["icegate_warning"]
    slug = app["slug"]
    assert "status" in error_fields(firm.staff_api.post(f"{API}/ic-applications/{slug}/issue/"))
    assert "reason" in error_fields(firm.staff_api.post(f"{API}/ic-applications/{slug}/urgent/"))
    response = firm.staff_api.post(
        f"{API}/ic-applications/{slug}/urgent/", {"reason": "Goods at port"}, format="json"
    )
    assert response.status_code == 201, response.json()
    urgent = response.json()
    assert urgent["status"] == "pending" and urgent["application"] == slug
    approve = f"{API}/urgent-requests/{urgent['id']}/approve/"
    assert "status" in error_fields(firm.staff_api.post(approve))
    assert firm.api.post(approve).status_code == 403
    second = client_for(factories.staff_user("CHN"))
    response = second.post(approve)
    assert response.status_code == 201, response.json()
    ic = response.json()
    assert ic["delivery_mode"] == "urgent_physical" and ic["customs_discretion"] is True
    assert ic["urgent_reason"] == "Goods at port"
    assert Email.objects.filter(template="ic_issued_physical").exists()


def test_urgent_request_can_be_declined():
    firm = Firm(verified=False)
    slug = firm.submitted()["slug"]
    urgent = firm.staff_api.post(
        f"{API}/ic-applications/{slug}/urgent/", {"reason": "Goods at port"}, format="json"
    ).json()
    response = client_for(factories.staff_user("CHN")).post(
        f"{API}/urgent-requests/{urgent['id']}/decline/", {"reason": "Register first"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "declined"


def test_reject_withdraw_clone_and_charge():
    firm = Firm()
    app = firm.submitted()
    url = f"{API}/ic-applications/{app['slug']}"
    assert "receipt_no" in error_fields(firm.staff_api.post(f"{url}/charge/", {"receipt_no": ""}))
    charged = firm.staff_api.post(f"{url}/charge/", {"receipt_no": "RCPT-77"}, format="json")
    assert charged.json()["charge_receipt_no"] == "RCPT-77"
    assert firm.api.post(f"{url}/reject/", {"reason": "No"}).status_code == 403
    rejected = firm.staff_api.post(f"{url}/reject/", {"reason": "Not eligible"}, format="json")
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["reject_reason"] == "Not eligible"
    assert "status" in error_fields(firm.api.post(f"{url}/withdraw/"))

    response = firm.api.post(f"{url}/clone/")
    assert response.status_code == 201, response.json()
    copy = response.json()
    assert copy["status"] == "draft" and copy["cloned_from"] == app["slug"]
    assert copy["supplier_name"] == "Guangzhou Metal Trims Co" and copy["invoice_no"] == ""
    assert [i["value_inr"] for i in copy["items"]] == ["1000.00"]
    withdrawn = firm.api.post(f"{API}/ic-applications/{copy['slug']}/withdraw/")
    assert withdrawn.json()["status"] == "withdrawn"


def test_lists_filter_and_search():
    firm = Firm()
    issued = firm.issued(values=("500.00",))
    firm.draft(invoice_no="INV-OTHER")
    api = firm.staff_api
    assert api.get(f"{API}/ic-applications/").json()["count"] == 2
    assert api.get(f"{API}/ic-applications/?status=draft").json()["count"] == 1
    assert api.get(f"{API}/ic-applications/?open=true").json()["count"] == 0
    assert api.get(f"{API}/ic-applications/?q=INV-OTHER").json()["count"] == 1
    assert api.get(f"{API}/ic-applications/?sort=value&limit=1").json()["next"]
    certificates = api.get(f"{API}/certificates/?q={firm.member.iec}").json()
    assert [c["number"] for c in certificates["results"]] == [issued["number"]]
    assert api.get(f"{API}/certificates/?financial_year=2001-02").json()["count"] == 0
    assert (
        api.get(f"{API}/certificates/?status=issued&delivery_mode=electronic").json()["count"] == 1
    )
    assert Application.objects.filter(status=AppStatus.ISSUED).count() == 1


def test_staff_start_an_application_for_a_member_of_their_office():
    firm = Firm()
    response = firm.staff_api.post(
        f"{API}/ic-applications/", {"member": firm.member.iec, "epc": firm.epc.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["member_iec"] == firm.member.iec
    assert "member" in error_fields(firm.staff_api.post(f"{API}/ic-applications/", {}))
    other = factories.MemberFactory(office=factories.office("DEL"))
    assert "member" in error_fields(
        firm.staff_api.post(f"{API}/ic-applications/", {"member": other.iec}, format="json")
    )


def test_an_epc_of_another_firm_is_a_field_error():
    firm, other = Firm(), Firm()
    response = firm.api.post(f"{API}/ic-applications/", {"epc": other.epc.pk}, format="json")
    assert "epc" in error_fields(response)
    assert not Application.objects.exists()


def test_certificates_without_an_assessed_boe_after_7_days_are_overdue():
    firm = Firm()
    ic = firm.issued()
    assert firm.staff_api.get(f"{API}/assessed-boes/overdue/").json()["count"] == 0
    factories.backdate_issue(
        ImportCertificate.objects.get(number=ic["number"]), timezone.now() - dt.timedelta(days=10)
    )
    overdue = firm.staff_api.get(f"{API}/assessed-boes/overdue/").json()
    assert [c["number"] for c in overdue["results"]] == [ic["number"]]
    later = firm.issued()  # issued after, but overdue for longer: listed first
    factories.backdate_issue(
        ImportCertificate.objects.get(number=later["number"]),
        timezone.now() - dt.timedelta(days=20),
    )
    overdue = firm.staff_api.get(f"{API}/assessed-boes/overdue/").json()["results"]
    assert [c["number"] for c in overdue] == [later["number"], ic["number"]]
