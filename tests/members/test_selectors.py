"""Member reads: search, filters, sorting, and scope by role."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from icportal.members import selectors
from icportal.members.models import Segment
from tests import factories
from tests.members.factories import claimed

pytestmark = pytest.mark.django_db


@pytest.fixture
def firms(db):
    tannery = factories.MemberFactory(legal_name="Vellore Tannery Ltd", rcmc_number="RCMC/77")
    gloves = factories.MemberFactory(legal_name="Kanpur Gloves Co", office=factories.office("KNP"))
    gloves.segments.set([Segment.objects.get(code="GL")])
    claimed(tannery, factories.member_user(tannery), "VELLORE1")
    dormant = factories.MemberFactory(legal_name="Agra Shoes", is_active=False)
    return tannery, gloves, dormant


def names(user, **filters):
    return [m.legal_name for m in selectors.member_list(user=user, filters=filters)]


@pytest.mark.parametrize(
    "query",
    ["tannery", "VELLORE1", "vellore1", "RCMC/77", "iec", "gstin"],
)
def test_search_by_name_iec_gstin_icegate_id_or_rcmc(head_office, firms, query):
    tannery = firms[0]
    query = {"iec": tannery.iec.lower(), "gstin": tannery.primary_gstin}.get(query, query)
    assert names(head_office, q=query) == ["Vellore Tannery Ltd"]


def test_filters(head_office, firms):
    assert names(head_office, office="knp") == ["Kanpur Gloves Co"]
    assert names(head_office, segment="gl") == ["Kanpur Gloves Co"]
    assert names(head_office, icegate_status="claimed") == ["Vellore Tannery Ltd"]
    assert names(head_office, active="no") == ["Agra Shoes"]
    assert names(head_office, sort="-name") == [
        "Vellore Tannery Ltd",
        "Kanpur Gloves Co",
        "Agra Shoes",
    ]
    assert names(head_office, sort="not-a-column") == sorted(names(head_office))


def test_staff_see_their_office_and_head_office_everything(head_office, staff, firms):
    assert names(staff) == ["Agra Shoes", "Vellore Tannery Ltd"]
    assert names(factories.staff_user("KNP")) == ["Kanpur Gloves Co"]
    assert len(names(head_office)) == 3


def test_member_users_see_their_own_firm_only(firms):
    tannery, gloves, _ = firms
    user = tannery.users.get()
    assert names(user) == ["Vellore Tannery Ltd"]
    assert selectors.member_get(user=user, iec=tannery.iec.lower()) == tannery
    with pytest.raises(Http404):
        selectors.member_get(user=user, iec=gloves.iec)
    assert selectors.member_of_user(user=user) == tannery


def test_staff_have_no_own_firm(staff):
    with pytest.raises(PermissionDenied):
        selectors.member_of_user(user=staff)


def test_anonymous_and_inactive_users_see_nothing(firms):
    from django.contrib.auth.models import AnonymousUser

    user = firms[0].users.get()
    user.is_active = False
    for who in (AnonymousUser(), user):
        with pytest.raises(PermissionDenied):
            selectors.member_list(user=who)
