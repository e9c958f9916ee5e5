"""Member pages: staff list, CSV export, form, detail with verification, member's own pages."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from icportal.members.models import Member, RegistrationStatus
from tests import factories
from tests.members.factories import claimed, form_post, member_fields, verified, verified_members

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/members/", "/members/?export=csv", "/members/?q=Test"])
def test_member_list_uses_the_same_queries_for_3_or_30_members(client, staff, url):
    client.force_login(staff)
    verified_members(3, staff)
    few = queries_for(client, url)
    verified_members(27, staff)
    assert queries_for(client, url) == few


def test_list_searches_and_filters(client, staff):
    client.force_login(staff)
    wanted = factories.MemberFactory(legal_name="Ranipet Tanners")
    factories.MemberFactory(legal_name="Erode Leathers")
    html = client.get("/members/", {"q": "ranipet"}).content.decode()
    assert "Ranipet Tanners" in html and "Erode Leathers" not in html
    html = client.get("/members/", {"icegate_status": "verified"}).content.decode()
    assert "No members match." in html
    claimed(wanted, factories.member_user(wanted), "RANIPET1")
    html = client.get("/members/", {"icegate_status": "claimed"}).content.decode()
    assert "Ranipet Tanners" in html and "Erode Leathers" not in html


def export(client, **filters) -> list[list[str]]:
    response = client.get("/members/", {**filters, "export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_export_applies_filters_and_neutralises_formulas(client, staff):
    client.force_login(staff)
    evil = factories.MemberFactory(legal_name='=HYPERLINK("http://evil.example","Click")')
    factories.MemberFactory(legal_name="Plain Leathers", city="+Chennai")
    factories.MemberFactory(legal_name="Other Office", office=factories.office("DEL"))
    header, *rows = export(client)
    assert header[:3] == ["Legal name", "IEC", "GSTINs"]
    by_iec = {r[1]: r for r in rows}
    assert by_iec[evil.iec][0] == "'" + evil.legal_name
    assert {r[0] for r in rows} == {"'" + evil.legal_name, "Plain Leathers"}
    plain = next(r for r in rows if r[0] == "Plain Leathers")
    assert plain[header.index("City")] == "'+Chennai"
    assert plain[header.index("GSTN mobile")] == "'+919840012345"
    _, *rows = export(client, q="plain")
    assert [r[0] for r in rows] == ["Plain Leathers"]


def test_staff_add_a_member_through_the_form(client, staff):
    client.force_login(staff)
    assert client.get("/members/new/").status_code == 200
    fields = member_fields(500)
    response = client.post("/members/new/", form_post(fields))
    assert response.status_code == 302
    member = Member.objects.get(iec=fields["iec"])
    assert response["Location"] == f"/members/{member.iec}/"
    assert member.gstn_mobile == "+919840012345"


def test_form_shows_duplicate_iec_and_bad_gstin_beside_the_fields(client, staff, member):
    client.force_login(staff)
    fields = member_fields(501, iec=member.iec, gstins=[member.primary_gstin])
    response = client.post("/members/new/", form_post(fields))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["iec"] == [f"A member with IEC {member.iec} already exists"]
    assert errors["gstins"] == [f"GSTIN {member.primary_gstin} already belongs to another member"]
    assert 'id="error-summary"' in response.content.decode()
    response = client.post(
        "/members/new/", form_post(member_fields(502, gstins=["27AAPFU0939F1ZO"]))
    )
    assert "GSTIN check character should be V" in response.context["form"].errors["gstins"][0]
    assert Member.objects.count() == 1


def test_staff_edit_a_member_through_the_form(client, staff, member):
    client.force_login(staff)
    page = client.get(f"/members/{member.iec}/edit/")
    assert member.primary_gstin in page.content.decode()
    fields = member_fields(0, iec=member.iec, gstins=[member.primary_gstin], legal_name="New Name")
    assert client.post(f"/members/{member.iec}/edit/", form_post(fields)).status_code == 302
    member.refresh_from_db()
    assert member.legal_name == "New Name"


def test_detail_page_verify_shows_on_the_timeline(client, staff, member_user):
    member = member_user.member
    claimed(member, member_user, "AMBUR900")
    client.force_login(staff)
    html = client.get(f"/members/{member.iec}/").content.decode()
    assert "Verify ICEGATE ID" in html and "AMBUR900" in html
    response = client.post(
        f"/members/{member.iec}/icegate/verify/", {"how": "icegate_lookup"}, follow=True
    )
    html = response.content.decode()
    assert f"ICEGATE ID of {member.legal_name} verified." in html
    assert "verified ICEGATE ID AMBUR900 — Checked on ICEGATE" in html
    assert "gave ICEGATE ID AMBUR900" in html
    response = client.post(
        f"/members/{member.iec}/icegate/verify/", {"how": "icegate_lookup"}, follow=True
    )
    html = response.content.decode()  # the page again, the refusal in the error summary
    assert 'id="error-summary"' in html and "Only a claimed ICEGATE ID can be verified" in html


def test_detail_page_reject_returns_the_id(client, staff, member_user):
    member = member_user.member
    claimed(member, member_user, "AMBUR901")
    client.force_login(staff)
    client.post(f"/members/{member.iec}/icegate/reject/", {"reason": "Unknown on ICEGATE"})
    member.icegate_registration.refresh_from_db()
    assert member.icegate_registration.status == RegistrationStatus.NOT_REGISTERED


def test_member_users_cannot_verify_their_own_claim(client, member_user):
    member = member_user.member
    claimed(member, member_user, "AMBUR902")
    client.force_login(member_user)
    response = client.post(f"/members/{member.iec}/icegate/verify/", {"how": "icegate_lookup"})
    assert response.status_code == 403
    member.icegate_registration.refresh_from_db()
    assert member.icegate_registration.status == RegistrationStatus.CLAIMED


@pytest.mark.parametrize(
    ("state", "banner"),
    [
        ("not_registered", "Your firm is not registered on ICEGATE with us."),
        ("claimed", "Your ICEGATE ID is waiting for your office's check."),
        ("verified", None),
    ],
)
def test_banner_while_not_verified(client, staff, member_user, state, banner):
    member = member_user.member
    if state == "claimed":
        claimed(member, member_user, "AMBUR903")
    elif state == "verified":
        verified(member, member_user, staff, "AMBUR903")
    client.force_login(member_user)
    html = client.get("/members/mine/").content.decode()
    assert ('data-testid="icegate-banner"' in html) == (banner is not None)
    if banner:
        assert banner in html


def test_icegate_guide_fills_in_the_firms_iec_and_gstin_and_takes_the_claim(client, member_user):
    member = member_user.member
    client.force_login(member_user)
    html = client.get("/members/mine/icegate/").content.decode()
    assert member.iec in html and member.primary_gstin in html and member.gstn_email in html
    body = {"icegate_id": "ambur904", "method": "simplified", "email": "ig@firm.example"}
    response = client.post("/members/mine/icegate/", {**body, "version": 1})
    assert response.status_code == 302
    member.icegate_registration.refresh_from_db()
    assert member.icegate_registration.icegate_id == "AMBUR904"
    response = client.post("/members/mine/icegate/", {**body, "version": 1})
    assert "Someone else changed this registration" in response.content.decode()


def test_icegate_guide_is_for_member_users(client, staff):
    client.force_login(staff)
    assert client.get("/members/mine/icegate/").status_code == 403
    assert client.get("/members/mine/").status_code == 403


def test_pages_need_sign_in(client, member):
    for url in ("/members/", f"/members/{member.iec}/", "/members/mine/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
