"""Entitlements API: scheme parameters, eligible items, EPCs and ledgers; scoping and bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from icportal.common.dates import financial_year
from icportal.entitlements.models import EligibleItem, Epc, LedgerEntry, SchemeVersion
from tests import factories
from tests.certificates import factories as f
from tests.certificates.api_support import API, Firm, client_for, error_fields, upload

pytestmark = pytest.mark.django_db

VERSION = {
    "effective_from": "2027-04-01",
    "notification_number": "12/2027-Customs dated 01.03.2027",
    "notification_serials": "101, 102",
    "ic_document_type_code": "cleic2",
    "rates": {"GARMENTS": "3.50", "OTHERS": "5.00"},
    "charges_enabled": True,
    "ic_service_charge": "500.00",
}


@pytest.fixture
def head_api(head_office):
    return client_for(head_office)


def test_scheme_in_force_and_its_history(head_api, member_user):
    current = client_for(member_user).get(f"{API}/scheme/").json()
    assert current["notification_number"].startswith("45/2025-Customs")
    assert {r["segment_group"]: r["percentage"] for r in current["rates"]} == {
        "GARMENTS": "3.00",
        "OTHERS": "5.00",
    }
    assert current["ic_document_type_code"] == "CLEIC1"
    response = head_api.post(f"{API}/scheme/versions/", VERSION, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["ic_document_type_code"] == "CLEIC2"
    assert created["ic_service_charge_with_gst"] == "590.00"
    versions = head_api.get(f"{API}/scheme/versions/").json()
    assert versions["count"] == 3 and versions["results"][0]["id"] == created["id"]


def test_no_scheme_in_force_is_404(head_api):
    SchemeVersion.objects.all().delete()
    assert head_api.get(f"{API}/scheme/").status_code == 404


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rates": {"GARMENTS": "3.00"}}, "rates"),
        ({"rates": {"GARMENTS": "300", "OTHERS": "5"}}, "rates"),
        ({"rates": {"GARMENTS": "NaN", "OTHERS": "5"}}, "rates"),
        ({"rates": ["3", "5"]}, "rates"),
        ({"ic_document_type_code": "IC"}, "ic_document_type_code"),
        ({"ic_service_charge": "-1"}, "ic_service_charge"),
        ({"service_charge_gst_percent": "180"}, "service_charge_gst_percent"),
        ({"effective_from": "01/04/2027"}, "effective_from"),
        ({"notification_number": "N" * 500}, "notification_number"),
        ({"charges_enabled": "perhaps"}, "charges_enabled"),
    ],
)
def test_bad_scheme_versions_are_field_errors(head_api, changes, field):
    response = head_api.post(f"{API}/scheme/versions/", {**VERSION, **changes}, format="json")
    assert field in error_fields(response)
    assert SchemeVersion.objects.count() == 2


def test_eligible_items_by_group_and_head_office_upkeep(head_api, member_user, staff):
    member_api = client_for(member_user)
    others = member_api.get(f"{API}/eligible-items/?segment_group=others&limit=100").json()
    assert others["count"] == EligibleItem.objects.filter(segment_group__code="OTHERS").count()
    assert {i["segment_group"] for i in others["results"]} == {"OTHERS"}
    assert "segment_group" in error_fields(member_api.get(f"{API}/eligible-items/?segment_group=X"))
    hits = member_api.get(f"{API}/eligible-items/?q=buckle").json()["results"]
    assert {i["name"] for i in hits} == {"Buckles"}

    body = {"segment_group": "OTHERS", "name": "Shoe  tacks", "hs_code": "7317.00.13"}
    response = head_api.post(f"{API}/eligible-items/", body, format="json")
    assert response.status_code == 201, response.json()
    item = response.json()
    assert item["name"] == "Shoe tacks" and item["hs_code"] == "73170013"
    assert "name" in error_fields(head_api.post(f"{API}/eligible-items/", body, format="json"))
    bad_hs = {**body, "name": "Nails", "hs_code": "99"}
    assert "hs_code" in error_fields(head_api.post(f"{API}/eligible-items/", bad_hs, format="json"))
    nul = {**body, "segment_group": "\x00", "name": "Nails\x00"}
    fields = error_fields(head_api.post(f"{API}/eligible-items/", nul, format="json"))
    assert {"segment_group", "name"} <= set(fields)
    assert client_for(staff).post(f"{API}/eligible-items/", body, format="json").status_code == 403

    url = f"{API}/eligible-items/{item['id']}/"
    response = head_api.put(url, {**body, "is_active": False}, format="json")
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert member_api.get(url).status_code == 404
    assert head_api.get(f"{API}/eligible-items/?q=tacks&include_inactive=true").json()["count"] == 1
    assert (
        member_api.get(f"{API}/eligible-items/?q=tacks&include_inactive=true").json()["count"] == 0
    )


def _epc_body(**changes):
    return {
        "segment_group": "OTHERS",
        "fob_lines": '{"FW": "1000000.00"}',
        "ca_certificate": upload("ca.pdf"),
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"fob_lines": "not json"}, "fob_lines"),
        ({"fob_lines": "[1, 2]"}, "fob_lines"),
        ({"fob_lines": "{}"}, "fob_lines"),
        ({"fob_lines": '{"FW": "NaN"}'}, "fob_lines"),
        ({"fob_lines": '{"FW": "-10"}'}, "fob_lines"),
        ({"fob_lines": '{"FW": [1]}'}, "fob_lines"),
        ({"fob_lines": '{"FW": "1.234"}'}, "fob_lines"),
        ({"fob_lines": '{"LG": "1000"}'}, "fob_lines"),
        ({"fob_lines": '{"XX": "1000"}'}, "fob_lines"),
        ({"segment_group": "SHOES"}, "segment_group"),
        ({"segment_group": "OTH\x00ERS"}, "segment_group"),
        ({"fob_lines": '{"FW\\u0000": "1000"}'}, "fob_lines"),
        ({"financial_year": "2001-02"}, "financial_year"),
        ({"financial_year": "next year"}, "financial_year"),
        ({"ca_certificate": upload("ca.pdf", b"PK\x03\x04 zip")}, "ca_certificate"),
        ({"ca_certificate": ""}, "ca_certificate"),
        ({"member": "AAAAA0000A"}, "member"),
    ],
)
def test_bad_epc_applications_are_field_errors(member_user, changes, field):
    response = client_for(member_user).post(f"{API}/epcs/", _epc_body(**changes))
    assert field in error_fields(response)
    assert not Epc.objects.exists()


def test_one_live_epc_per_year_and_group_and_return_lets_the_member_apply_again(member_user, staff):
    api, staff_api = client_for(member_user), client_for(staff)
    epc = api.post(f"{API}/epcs/", _epc_body()).json()
    assert epc["financial_year"] == financial_year()
    assert "financial_year" in error_fields(api.post(f"{API}/epcs/", _epc_body()))
    assert "reason" in error_fields(staff_api.post(f"{API}/epcs/{epc['id']}/return/", {}))
    returned = staff_api.post(f"{API}/epcs/{epc['id']}/return/", {"reason": "CA seal missing"})
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_reason"] == "CA seal missing"
    assert "status" in error_fields(staff_api.post(f"{API}/epcs/{epc['id']}/approve/"))
    assert api.post(f"{API}/epcs/", _epc_body()).status_code == 201


def test_staff_apply_for_a_member_of_their_office_only(staff):
    mine = factories.MemberFactory()
    theirs = factories.MemberFactory(office=factories.office("DEL"))
    staff_api = client_for(staff)
    response = staff_api.post(f"{API}/epcs/", _epc_body(member=mine.iec.lower()))
    assert response.status_code == 201, response.json()
    assert response.json()["member_iec"] == mine.iec
    assert "member" in error_fields(staff_api.post(f"{API}/epcs/", _epc_body(member=theirs.iec)))
    assert "member" in error_fields(staff_api.post(f"{API}/epcs/", _epc_body()))


def test_entitlements_and_ledger_are_scoped():
    a, b = Firm(), Firm(office="DEL")
    a.issued(values=("2500.00",))
    account = a.account_id()
    mine = a.api.get(f"{API}/entitlements/").json()["results"]
    assert [(x["credited"], x["used"], x["balance"]) for x in mine] == [
        ("50000.00", "2500.00", "47500.00")
    ]
    assert a.staff_api.get(f"{API}/entitlements/?member={b.member.iec}").json()["count"] == 0
    head = client_for(factories.head_office_user())
    assert head.get(f"{API}/entitlements/").json()["count"] == 2
    assert head.get(f"{API}/entitlements/?financial_year=2001-02").json()["count"] == 0
    assert "financial_year" in error_fields(head.get(f"{API}/entitlements/?financial_year=26"))
    ledger = a.staff_api.get(f"{API}/entitlements/{account}/ledger/").json()
    assert ledger["count"] == LedgerEntry.objects.filter(account_id=account).count() == 2
    for outsider in (b.api, b.staff_api):
        assert outsider.get(f"{API}/entitlements/{account}/ledger/").status_code == 404
    epc = a.epc.pk
    assert b.api.get(f"{API}/epcs/{epc}/").status_code == 404
    assert b.staff_api.post(f"{API}/epcs/{epc}/approve/").status_code == 404
    assert a.api.get(f"{API}/epcs/{epc}/").json()["number"] == a.epc.number


def test_ledger_and_epc_lists_use_constant_queries():
    member, user, officer, epc = f.ready(fob=10**8)
    head = client_for(factories.head_office_user())
    from icportal.certificates import services

    def count(url):
        head.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert head.get(url).status_code == 200
        return len(ctx.captured_queries)

    account = head.get(f"{API}/entitlements/").json()["results"][0]["id"]
    urls = [f"{API}/entitlements/{account}/ledger/", f"{API}/epcs/", f"{API}/assessed-boes/"]
    for _ in range(2):
        services.certificate_issue(by=officer, application=f.submitted_application(user, epc))
    few = [count(url) for url in urls]
    for _ in range(10):
        services.certificate_issue(by=officer, application=f.submitted_application(user, epc))
        f.ready()
    assert [count(url) for url in urls] == few
    assert member.pk
