"""§5: a member with a legacy numeric IEC is told, before trying, that ICEGATE's simplified
registration needs the IEC to be the GSTIN's PAN, and that the DSC route is theirs, with the steps."""

import re

import pytest

from icportal.members.icegate_routes import registration_advice
from icportal.members.models import Member
from tests import factories

pytestmark = pytest.mark.django_db

LEGACY = "0388012345"


@pytest.fixture
def legacy_user():
    member = factories.MemberFactory()
    Member.objects.filter(pk=member.pk).update(iec=LEGACY, iec_is_legacy=True)
    member.refresh_from_db()
    return factories.member_user(member=member)


def test_advice_only_for_a_legacy_iec(legacy_user, member):
    assert registration_advice(member) is None
    advice = registration_advice(legacy_user.member)
    pan = legacy_user.member.primary_gstin[2:12]
    assert advice["route"] == "dsc"
    assert LEGACY in advice["why"] and pan in advice["why"]
    assert "simplified registration works only when the IEC is the PAN" in advice["why"]
    assert any("Class III DSC" in step for step in advice["steps"]) and len(advice["steps"]) == 5


def test_the_guide_says_so_first_and_proposes_the_dsc_route(client, legacy_user):
    client.force_login(legacy_user)
    html = client.get("/members/mine/icegate/").content.decode()
    assert 'data-testid="legacy-iec"' in html
    assert "your firm registers with a digital signature" in html
    assert html.index('data-testid="legacy-iec"') < html.index("Way 1")
    assert "not for a legacy numeric IEC" in html
    assert re.search(r'value="dsc"[^>]*checked', html)  # the claim form starts on the DSC route


def test_a_pan_iec_member_sees_no_such_notice(client, member_user):
    client.force_login(member_user)
    html = client.get("/members/mine/icegate/").content.decode()
    assert 'data-testid="legacy-iec"' not in html


def test_the_api_carries_the_same_advice(api, legacy_user, member_user):
    api.force_authenticate(legacy_user)
    data = api.get(f"/api/v1/members/{LEGACY}/icegate-registration/").json()
    assert data["advice"]["route"] == "dsc" and LEGACY in data["advice"]["why"]
    api.force_authenticate(member_user)
    data = api.get(f"/api/v1/members/{member_user.member.iec}/icegate-registration/").json()
    assert data["advice"] is None
