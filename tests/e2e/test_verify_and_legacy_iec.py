"""In the browser: a customs officer checks an IC by the IRN quoted in a Bill of Entry and learns it
was replaced; a member with a legacy numeric IEC is told the DSC route before trying."""

import pytest
from playwright.sync_api import expect

from icportal.certificates import services as ic_services
from icportal.members.models import Member
from tests import factories
from tests.certificates import factories as f
from tests.dispatch import factories as d
from tests.esanchit.factories import uploaded

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_customs_officer_checks_an_old_irn_and_follows_to_the_replacing_ic(page):
    _user, officer, certificate = d.issued()
    upload = uploaded(certificate, irn="SBXI20260314K7Q2M9X4TB", drn="SBXD20260314B1C9ZP0W3N")
    new = ic_services.certificate_replace(
        by=officer,
        certificate=certificate,
        header=f.header(),
        items=[f.item_row("900.00")],
        reason="Invoice corrected",
    )
    page.goto("/verify/")
    page.get_by_label("IRN or IC number").fill(upload.irn)
    page.get_by_role("button", name="Check", exact=True).click()
    standing = page.get_by_test_id("verify-standing")
    expect(standing).to_contain_text(f"Replaced by {new.number}")
    expect(page.get_by_test_id("verify-result")).to_contain_text(certificate.member.iec)
    standing.get_by_role("link", name=new.number).click()
    expect(page.get_by_test_id("verify-standing")).to_contain_text("In force")

    page.get_by_label("IRN or IC number").fill("SBXI20990101AAAAAAAAAA")
    page.get_by_role("button", name="Check", exact=True).click()
    expect(page.get_by_test_id("verify-not-found")).to_contain_text("We hold no Import Certificate")


def test_member_with_a_legacy_iec_is_told_the_dsc_route_first(page, login):
    member = factories.MemberFactory()
    Member.objects.filter(pk=member.pk).update(iec="0388012345", iec_is_legacy=True)
    login(factories.member_user(member=member))
    page.goto("/members/mine/icegate/")
    notice = page.get_by_test_id("legacy-iec")
    expect(notice).to_contain_text("works only when the IEC is the PAN inside your GSTIN")
    expect(notice).to_contain_text("Class III DSC")
    expect(page.get_by_label("Class III digital signature certificate")).to_be_checked()
