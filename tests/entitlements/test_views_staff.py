"""Office and head-office pages: EPC queue and decisions, scheme parameters, eligible items."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from icportal.common.dates import financial_year, ist_today
from icportal.entitlements import services
from icportal.entitlements.models import (
    EligibleItem,
    EntitlementAccount,
    Epc,
    EpcStatus,
    SchemeVersion,
    SegmentGroup,
)
from tests import factories
from tests.certificates import factories as f

pytestmark = pytest.mark.django_db


def said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def url(name, **kwargs):
    return reverse(f"entitlements:{name}", kwargs=kwargs or None)


def csv_rows(response):
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def submitted_epc(member=None, officer=None, fob="2500000"):
    member = member or factories.MemberFactory()
    return services.epc_submit(
        by=officer or factories.member_user(member=member),
        member=member,
        financial_year_of_entitlement=financial_year(),
        segment_group=f.others_group(),
        fob_lines={"FW": fob},
        ca_certificate=f.pdf("ca.pdf"),
    )


# --- EPCs ----------------------------------------------------------------------------------


def test_epc_queue_lists_filters_searches_and_exports(client, staff):
    wanted = submitted_epc(factories.MemberFactory(legal_name="=Ranipet Tanners"))
    other = submitted_epc(factories.MemberFactory(legal_name="Erode Leathers"))
    services.epc_approve(by=staff, epc=other)
    client.force_login(staff)
    html = client.get(url("epc_queue")).content.decode()
    assert "=Ranipet Tanners" in html and "Erode Leathers" not in html  # submitted by default
    html = client.get(url("epc_queue"), {"status": "all", "q": "erode"}).content.decode()
    assert "Erode Leathers" in html and "Ranipet" not in html and "₹1,25,000.00" in html
    html = client.get(url("epc_queue"), {"status": "all", "financial_year": "2001-02"})
    assert "No EPC applications match" in html.content.decode()
    rows = csv_rows(client.get(url("epc_queue"), {"export": "csv"}))
    assert rows[0][0] == "Member" and len(rows) == 2
    assert rows[1][0] == "'=Ranipet Tanners" and rows[1][6] == "Submitted"
    assert wanted.pk


def test_approve_shows_the_entitlement_first_then_credits_it(client, staff):
    epc = submitted_epc()
    client.force_login(staff)
    html = client.get(url("epc_approve", pk=epc.pk)).content.decode()
    assert "5.00%" in html and "₹1,25,000.00" in html and "data-confirm" in html
    response = client.post(url("epc_approve", pk=epc.pk))
    assert response["Location"] == url("epc", pk=epc.pk)
    epc.refresh_from_db()
    assert epc.status == EpcStatus.APPROVED and epc.number in said(response)
    assert EntitlementAccount.objects.get(member=epc.member).balance == Decimal("125000.00")
    assert "Not approved" in said(client.post(url("epc_approve", pk=epc.pk)))


def test_return_needs_a_reason(client, staff):
    epc = submitted_epc()
    client.force_login(staff)
    html = client.post(url("epc_return", pk=epc.pk), {"reason": " "}).content.decode()
    assert 'href="#id_reason"' in html and "Say what the member must correct" in html
    assert " open>" in html  # the return form is shown, not folded away
    response = client.post(url("epc_return", pk=epc.pk), {"reason": "CA certificate unsigned"})
    assert "returned" in said(response)
    epc.refresh_from_db()
    assert epc.status == EpcStatus.RETURNED and epc.return_reason == "CA certificate unsigned"


def test_epc_panel_shows_the_computation_and_the_ca_certificate_is_scoped(client, staff):
    epc = submitted_epc()
    request = RequestFactory().get("/")
    request.user = staff
    html = render_to_string("entitlements/staff/_epc_actions.html", {"epc": epc}, request=request)
    assert "5.00%" in html and "₹1,25,000.00" in html and "Return to the member" in html
    client.force_login(staff)
    response = client.get(url("epc_ca_certificate", pk=epc.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(factories.staff_user("DEL"))
    assert client.get(url("epc_ca_certificate", pk=epc.pk)).status_code == 404


def test_staff_of_another_office_get_404_on_epc_actions(client):
    epc = submitted_epc()
    client.force_login(factories.staff_user("DEL"))
    assert client.get(url("epc_approve", pk=epc.pk)).status_code == 404
    assert client.post(url("epc_approve", pk=epc.pk)).status_code == 404
    assert client.post(url("epc_return", pk=epc.pk), {"reason": "x"}).status_code == 404
    assert "Erode" not in client.get(url("epc_queue")).content.decode()
    assert Epc.objects.get(pk=epc.pk).status == EpcStatus.SUBMITTED


@pytest.mark.parametrize(
    ("method", "name", "needs_pk"),
    [
        ("get", "epc_queue", False),
        ("get", "epc_approve", True),
        ("post", "epc_approve", True),
        ("post", "epc_return", True),
        ("get", "scheme", False),
        ("post", "scheme", False),
        ("get", "items", False),
        ("get", "item_edit", True),
        ("post", "item_edit", True),
    ],
)
def test_member_users_cannot_use_staff_pages(client, method, name, needs_pk):
    member = factories.MemberFactory()
    epc = submitted_epc(member)
    client.force_login(factories.member_user(member=member))
    path = url(name, pk=epc.pk) if needs_pk else url(name)
    response = getattr(client, method)(path, {"reason": "x", "active": "0"})
    assert response.status_code in (403, 404)
    assert Epc.objects.get(pk=epc.pk).status == EpcStatus.SUBMITTED


def test_member_may_open_only_its_own_ca_certificate(client):
    member = factories.MemberFactory()
    epc = submitted_epc(member)
    client.force_login(factories.member_user(member=member))
    assert client.get(url("epc_ca_certificate", pk=epc.pk)).status_code == 200
    client.force_login(factories.member_user())
    assert client.get(url("epc_ca_certificate", pk=epc.pk)).status_code == 404


# --- scheme parameters ---------------------------------------------------------------------


def scheme_post(**overrides):
    data = {
        "effective_from": (ist_today() + dt.timedelta(days=10)).isoformat(),
        "notification_number": "12/2027-Customs dated 01.03.2027",
        "notification_serials": "101, 102",
        "ic_document_type_code": "cleic2",
        "rate_GARMENTS": "3.50",
        "rate_OTHERS": "5.00",
        "charges_enabled": "on",
        "epc_service_charge": "1000",
        "ic_service_charge": "500",
        "service_charge_gst_percent": "18",
        "note": "Budget 2027",
    }
    data.update(overrides)
    return data


def test_scheme_page_is_for_head_office_only(client, staff):
    client.force_login(staff)
    assert client.get(url("scheme")).status_code == 403
    assert client.post(url("scheme"), scheme_post()).status_code == 403


def test_scheme_page_shows_what_is_in_force_and_the_history(client, head_office):
    client.force_login(head_office)
    html = client.get(url("scheme")).content.decode()
    assert "45/2025-Customs dated 24.10.2025" in html and "50/2017-Customs" in html
    assert "In force" in html and "Earlier" in html and "3.00%" in html
    assert 'value="CLEIC1"' in html and 'value="5.00"' in html  # the form starts from today's


def test_new_scheme_version_from_a_date_keeps_the_old_ones(client, head_office):
    client.force_login(head_office)
    before = {v.pk: v.notification_number for v in SchemeVersion.objects.all()}
    response = client.post(url("scheme"), scheme_post())
    assert response.status_code == 302 and "in force from" in said(response)
    version = SchemeVersion.objects.latest("effective_from")
    assert version.ic_document_type_code == "CLEIC2" and version.ic_service_charge == 500
    rates = {r.segment_group.code: r.percentage for r in version.rates.all()}
    assert rates == {"GARMENTS": Decimal("3.50"), "OTHERS": Decimal("5.00")}
    assert {v.pk: v.notification_number for v in SchemeVersion.objects.exclude(pk=version.pk)} == (
        before
    )
    assert "Future" in client.get(url("scheme")).content.decode()


def test_scheme_version_errors_are_shown_and_nothing_is_saved(client, head_office):
    client.force_login(head_office)
    count = SchemeVersion.objects.count()
    response = client.post(
        url("scheme"),
        scheme_post(ic_document_type_code="12", rate_OTHERS="150"),
    )
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "Document type code is 6 letters or digits" in html
    assert "percentage must be between 0 and 100" in html
    assert 'value="Budget 2027"' in html or "Budget 2027" in html
    response = client.post(url("scheme"), scheme_post(notification_number="  "))
    assert (
        "Customs notification: Enter the customs notification number" in response.content.decode()
    )
    response = client.post(url("scheme"), scheme_post(effective_from="2020-01-01"))
    assert "cannot start before those in force" in response.content.decode()
    response = client.post(url("scheme"), scheme_post(epc_service_charge="-5"))
    assert "greater than or equal to 0" in response.content.decode()
    assert SchemeVersion.objects.count() == count


# --- eligible items ------------------------------------------------------------------------


def test_staff_read_the_catalogue_but_cannot_edit_it(client, staff):
    client.force_login(staff)
    html = client.get(url("items"), {"group": "OTHERS", "q": "buck"}).content.decode()
    assert "Buckles" in html and "83089011" in html and "Rivets" not in html
    assert "Add an item" not in html and "Deactivate" not in html
    assert client.get(url("item_edit", pk=0)).status_code == 403
    item = EligibleItem.objects.get(segment_group__code="OTHERS", name="Buckles")
    assert client.post(url("item_edit", pk=item.pk), {"active": "0"}).status_code == 403
    assert EligibleItem.objects.get(pk=item.pk).is_active


def test_head_office_adds_edits_and_deactivates_an_item(client, head_office):
    client.force_login(head_office)
    others = SegmentGroup.objects.get(code="OTHERS")
    data = {
        "segment_group": others.pk,
        "name": "Toe puffs",
        "hs_code": "5603 1200",
        "is_active": "on",
    }
    response = client.post(url("item_edit", pk=0), data)
    item = EligibleItem.objects.get(name="Toe puffs")
    assert response.status_code == 302 and item.hs_code == "56031200" and item.is_active
    html = client.get(url("item_edit", pk=item.pk)).content.decode()
    assert 'value="Toe puffs"' in html
    response = client.post(url("item_edit", pk=item.pk), {**data, "name": "Toe puffs and counters"})
    assert EligibleItem.objects.get(pk=item.pk).name == "Toe puffs and counters"
    response = client.post(url("item_edit", pk=item.pk), {"active": "0"})
    assert "taken off" in said(response) and not EligibleItem.objects.get(pk=item.pk).is_active
    html = client.get(url("items"), {"active": "no"}).content.decode()
    assert "Toe puffs and counters" in html and "Reactivate" in html
    client.post(url("item_edit", pk=item.pk), {"active": "1"})
    assert EligibleItem.objects.get(pk=item.pk).is_active


def test_item_errors_are_shown_beside_the_field(client, head_office):
    client.force_login(head_office)
    others = SegmentGroup.objects.get(code="OTHERS")
    response = client.post(
        url("item_edit", pk=0), {"segment_group": others.pk, "name": "Lasts", "hs_code": "12"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "HS code must be 8 digits" in html
    assert 'id="id_hs_code-error"' in html
    response = client.post(url("item_edit", pk=0), {"segment_group": others.pk, "name": "Buckles"})
    assert "already exists" in response.content.decode()
    assert not EligibleItem.objects.filter(name="Lasts").exists()


def test_item_export_neutralises_formulas(client, head_office):
    services.eligible_item_save(
        by=head_office, segment_group=f.others_group(), name="=HYPERLINK(evil)"
    )
    client.force_login(head_office)
    rows = csv_rows(client.get(url("items"), {"export": "csv", "q": "HYPERLINK"}))
    assert rows[0] == ["Segment group", "Item", "HS code", "Affidavit", "Note", "Active"]
    assert rows[1][1] == "'=HYPERLINK(evil)"
