"""A member who reads Hindi (issue 18): the ICEGATE guide, the entitlement pages and the EPC form
are in Hindi, identifiers and ₹ amounts stay as at the port, and a wrong GSTIN is refused in Hindi
naming the field and the rule. Expected texts come from the catalogs (gettext under
override("hi")), so the test follows the translation and fails when one is missing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from icportal.common.identifiers import gstin_for
from icportal.entitlements.forms_member import year_choices
from icportal.entitlements.models import Epc
from tests import factories
from tests.certificates import factories as f
from tests.certificates.api_support import API, client_for, error_fields, upload
from tests.members.factories import form_post, member_fields

pytestmark = pytest.mark.django_db


def hindi(msgid: str, **values) -> str:
    """The Hindi of `msgid` (with its placeholders filled), which must differ from the English."""
    with translation.override("hi"):
        text = translation.gettext(msgid)
    assert text != msgid, f"no Hindi for {msgid!r}"
    return text % values if values else text


def html_of(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="hi"' in html
    return html


@pytest.fixture
def hindi_member():
    """A member firm with an approved EPC whose entitlement is ₹1,23,45,678.00 (5% of the FOB)."""
    member, user, _officer, epc = f.ready(fob=Decimal("246913560"))
    user.language = "hi"
    user.save(update_fields=["language"])
    return member, user, epc


def test_the_icegate_guide_is_in_hindi_with_identifiers_as_they_are(client, hindi_member):
    member, user, _epc = hindi_member
    client.force_login(user)
    html = html_of(client.get(reverse("members:icegate_guide")))
    for msgid in (
        "Register on ICEGATE so your Import Certificates reach you",
        "Way 2 — Registration with a Class III digital signature",
        "Tell us your ICEGATE ID",
        "Your ICEGATE ID",
        "Send to my office for checking",
        "Look in that mailbox (and its spam folder). Enter the temporary password.",
    ):
        assert hindi(msgid) in html
    assert "Register on ICEGATE so your Import Certificates reach you" not in html
    # ICEGATE, IEC and GSTIN stay in Latin letters, and the firm's own numbers are shown as they are.
    assert "ICEGATE" in hindi("Register on ICEGATE so your Import Certificates reach you")
    assert member.iec in html and member.primary_gstin in html and member.gstn_email in html


def test_a_wrong_icegate_id_claim_is_refused_in_hindi(client, hindi_member):
    member, user, _epc = hindi_member
    client.force_login(user)
    office_id = member.office.icegate_id
    body = {"icegate_id": office_id, "method": "simplified", "email": "ig@firm.example"}
    html = html_of(client.post(reverse("members:icegate_guide"), {**body, "version": 1}))
    expected = hindi(
        "%(icegate_id)s is a council office's uploader ID: give your firm's own ICEGATE ID",
        icegate_id=office_id,
    )
    assert expected in html


def test_the_entitlement_page_is_in_hindi_and_rupees_keep_lakh_crore_grouping(client, hindi_member):
    _member, user, epc = hindi_member
    client.force_login(user)
    html = html_of(client.get(reverse("entitlements:mine")))
    for msgid in ("Your duty-free entitlement", "Balances", "Apply for an EPC", "See every entry"):
        assert hindi(msgid) in html
    assert "Your duty-free entitlement" not in html
    assert hindi("Approved") in html  # the EPC's status, from its TextChoices label
    assert "₹1,23,45,678.00" in html and "₹24,69,13,560.00" in html  # entitlement; FOB
    assert epc.number in html
    account = epc.member.entitlement_accounts.get()
    html = html_of(client.get(reverse("entitlements:ledger", kwargs={"pk": account.pk})))
    assert hindi("Entitlement ledger") in html and hindi("Credit (EPC approved)") in html
    assert "₹1,23,45,678.00" in html


def test_the_epc_form_is_in_hindi_and_says_what_is_missing_in_hindi(client, hindi_member):
    _member, user, _epc = hindi_member
    client.force_login(user)
    page = reverse("entitlements:epc_apply")
    html = html_of(client.get(page))
    assert hindi("Apply for an Export Performance Certificate (EPC)") in html
    assert hindi("Which year is the entitlement for?") in html
    assert hindi("%(segment)s: FOB value (₹)", segment="Footwear") in html
    with translation.override("hi"):
        this_year = year_choices()[0][1]
    assert this_year in html and "this financial year" not in html
    fy = year_choices()[0][0]
    html = html_of(client.post(page, {"financial_year": fy, "fob_FW": "0"}))
    assert hindi("Attach the chartered accountant's certificate as a PDF") in html
    html = html_of(
        client.post(page, {"financial_year": fy, "fob_FW": "0", "ca_certificate": upload()})
    )
    assert hindi("%(segment)s: the FOB value must be more than zero", segment="Footwear") in html
    assert not Epc.objects.filter(fob_total=0).exists()


def test_a_gstin_typed_wrong_is_refused_in_hindi_naming_the_field_and_the_rule(client):
    staff = factories.staff_user("CHN", language="hi")
    client.force_login(staff)
    fields = member_fields(601)
    other_pan = factories.make_pan(602)
    wrong = gstin_for(other_pan, "33")
    response = client.post("/members/new/", form_post({**fields, "gstins": [wrong]}))
    html = html_of(response)
    expected = hindi(
        "The GSTIN's PAN %(pan)s must equal the IEC %(iec)s", pan=other_pan, iec=fields["iec"]
    )
    assert response.context["form"].errors["gstins"] == [expected]
    assert "GSTIN" in expected and other_pan in expected and fields["iec"] in expected
    assert expected in html and hindi("GSTINs") in html  # beside the field, under its label
    # The same rule answers an API client in the language it asks for.
    body = {**fields, "gstins": [wrong]}
    answer = client_for(staff).post(
        f"{API}/members/", body, format="json", HTTP_ACCEPT_LANGUAGE="hi"
    )
    assert error_fields(answer)["gstins"] == [expected]
