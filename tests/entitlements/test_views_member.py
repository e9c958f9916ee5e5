"""The member's entitlement pages: balances and EPCs, applying for an EPC, an EPC, a ledger."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from icportal.certificates import services as ic_services
from icportal.common.dates import financial_year
from icportal.entitlements.models import EntitlementAccount, Epc, EpcStatus
from icportal.members.models import Segment
from tests import factories
from tests.certificates import factories as f

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"entitlements:{name}", kwargs=kwargs or None)


@pytest.fixture
def ready():
    return f.ready()


def test_mine_shows_balances_with_ledger_links_and_epcs(client, ready):
    member, user, officer, epc = ready
    ic_services.certificate_issue(
        by=officer, application=f.submitted_application(user, epc, values=("2500.00",))
    )
    account = EntitlementAccount.objects.get(member=member)
    client.force_login(user)
    html = client.get(url("mine")).content.decode()
    assert "Apply for an EPC" in html
    assert "₹50,000.00" in html and "₹2,500.00" in html and "₹47,500.00" in html
    assert url("ledger", pk=account.pk) in html
    assert epc.number in html and "Approved" in html
    html = client.get(url("mine"), {"status": "submitted"}).content.decode()
    assert epc.number not in html and "No EPCs match." in html


def test_ledger_lists_entries_with_balance_after_and_exports(client, ready):
    member, user, officer, epc = ready
    issued = ic_services.certificate_issue(
        by=officer, application=f.submitted_application(user, epc, values=("1000.00",))
    )
    account = EntitlementAccount.objects.get(member=member)
    client.force_login(user)
    html = client.get(url("ledger", pk=account.pk)).content.decode()
    assert issued.number in html and epc.number in html
    assert "₹49,000.00" in html and "Debit (IC issued)" in html
    html = client.get(url("ledger", pk=account.pk), {"kind": "credit"}).content.decode()
    assert issued.number not in html
    html = client.get(url("ledger", pk=account.pk), {"q": issued.number}).content.decode()
    assert issued.number in html and '"Entry">Credit (EPC approved)<' not in html
    response = client.get(url("ledger", pk=account.pk), {"export": "csv", "sort": "oldest"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode()[1:])))
    assert [r[1] for r in rows[1:]] == ["Credit (EPC approved)", "Debit (IC issued)"]
    assert rows[2][3] == "49000.00"


def test_epc_page_for_the_member(client, ready):
    _, user, _, epc = ready
    client.force_login(user)
    html = client.get(url("epc", pk=epc.pk)).content.decode()
    assert epc.number in html and "₹50,000.00" in html and "Footwear" in html
    assert "Apply for an Import Certificate" in html
    assert "staff-epc-actions" not in html


def test_staff_open_the_epc_page_with_their_actions(client, ready):
    _, _, officer, epc = ready
    client.force_login(officer)
    response = client.get(url("epc", pk=epc.pk))
    assert response.status_code == 200
    assert "staff-epc-actions" in response.content.decode()


def test_another_firm_gets_404_for_the_ledger_and_the_epc(client, ready):
    member, _, _, epc = ready
    account = EntitlementAccount.objects.get(member=member)
    _, other, _, _ = f.ready()
    client.force_login(other)
    assert client.get(url("ledger", pk=account.pk)).status_code == 404
    assert client.get(url("ledger", pk=account.pk) + "?export=csv").status_code == 404
    assert client.get(url("epc", pk=epc.pk)).status_code == 404
    assert epc.number not in client.get(url("mine")).content.decode()


def test_staff_cannot_use_the_member_pages(client, staff):
    client.force_login(staff)
    assert client.get(url("mine")).status_code == 403
    assert client.get(url("epc_apply")).status_code == 403


# --- Applying for an EPC ----------------------------------------------------------------------


@pytest.fixture
def applicant(client):
    member = factories.MemberFactory()  # registered for Footwear only
    user = factories.member_user(member=member)
    client.force_login(user)
    return member, user


def post_epc(client, **overrides):
    data = {
        "group": "OTHERS",
        "financial_year": financial_year(),
        "fob_FW": "2500000",
        "ca_certificate": f.pdf("ca.pdf"),
    }
    data.update(overrides)
    return client.post(url("epc_apply"), data)


def test_apply_for_an_epc_shows_the_firms_segments_and_confirms(client, applicant):
    member, _ = applicant
    html = client.get(url("epc_apply")).content.decode()
    assert "Footwear: FOB value" in html and 'name="fob_FW"' in html
    assert 'name="fob_LG"' not in html  # not registered for garments
    response = post_epc(client)
    epc = Epc.objects.get(member=member)
    assert response.url == url("epc", pk=epc.pk) + "?submitted=1"
    assert epc.status == EpcStatus.SUBMITTED and epc.fob_total == Decimal("2500000.00")
    html = client.get(response.url).content.decode()
    assert "EPC application sent" in html and "What happens next" in html


def test_firm_in_two_groups_chooses_the_group_first(client, applicant):
    member, _ = applicant
    member.segments.add(Segment.objects.get(code="LG"))
    html = client.get(url("epc_apply")).content.decode()
    assert "Which segment group is this EPC for?" in html and 'name="fob_FW"' not in html
    html = client.get(url("epc_apply"), {"group": "GARMENTS"}).content.decode()
    assert 'name="fob_LG"' in html and 'name="fob_FW"' not in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"fob_FW": "0"}, "fob_FW", "the FOB value must be more than zero"),
        ({"fob_FW": "lots"}, "fob_FW", "enter the FOB value in rupees"),
        ({"fob_FW": ""}, "fob_FW", "for at least one segment"),
        (
            {"ca_certificate": SimpleUploadedFile("ca.pdf", b"not a pdf")},
            "ca_certificate",
            "must be a PDF file",
        ),
        ({"financial_year": "2001-02"}, "financial_year", "Select a valid choice"),
    ],
)
def test_epc_application_errors_beside_the_field_and_nothing_saved(
    client, applicant, overrides, field, message
):
    response = post_epc(client, **overrides)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'id="id_{field}-error"' in html or field == "financial_year"
    assert not Epc.objects.exists()


def test_second_epc_for_the_same_year_and_group_is_refused(client, applicant):
    post_epc(client)
    html = post_epc(client).content.decode()
    assert "There is already an EPC for" in html
    assert Epc.objects.count() == 1
