"""Members API: the same services and scoping as the pages, with the API's error shape."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from icportal.audit.models import AuditEvent, Verb
from icportal.members.models import Member, RegistrationStatus
from tests import factories
from tests.members.factories import claimed, member_fields, token_for, verified_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_api(api, staff):
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(staff)}")
    return api


@pytest.fixture
def member_api(api, member_user):
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(member_user)}")
    return api


def count_queries(api, url) -> int:
    api.get(url)  # a token's first use writes last_used_at; count a later call
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/api/v1/members/", "/api/v1/members/?icegate_status=verified"])
def test_member_list_uses_the_same_queries_for_3_or_30_members(staff_api, staff, url):
    verified_members(3, staff)
    few = count_queries(staff_api, url)
    verified_members(27, staff)
    assert count_queries(staff_api, url) == few


def test_list_and_detail(staff_api, member):
    listing = staff_api.get("/api/v1/members/").json()
    assert listing["count"] == 1
    body = staff_api.get(f"/api/v1/members/{member.iec.lower()}/").json()
    assert body["iec"] == member.iec
    assert body["gstins"] == [member.primary_gstin]
    assert body["uploader_icegate_id"] == "CLEINDIA1984"
    assert body["icegate_registration"]["status"] == "not_registered"


def test_staff_create_a_member(staff_api):
    fields = member_fields(600, gstn_mobile="+91 98400 12345", segments=["Footwear", "lg"])
    response = staff_api.post("/api/v1/members/", fields, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert sorted(body["segments"]) == ["FW", "LG"]
    assert body["gstn_mobile"] == "+919840012345"
    member = Member.objects.get(iec=fields["iec"])
    assert AuditEvent.objects.get(member=member).verb == Verb.MEMBER_CREATED


def test_invalid_fields_come_back_by_name(staff_api):
    fields = member_fields(601, iec=factories.make_pan(602), gstn_email="nope")
    response = staff_api.post("/api/v1/members/", fields, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"]["gstn_email"] == [
        "Enter the e-mail registered with GSTN, like exports@firm.in"
    ]
    assert "must equal the IEC" in error["fields"]["gstins"][0]
    assert not Member.objects.exists()


def test_duplicate_iec_and_gstin_are_field_errors(staff_api, member):
    fields = member_fields(603, iec=member.iec, gstins=[member.primary_gstin])
    response = staff_api.post("/api/v1/members/", fields, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"iec", "gstins"}
    assert Member.objects.count() == 1


def test_staff_update_a_member(staff_api, member):
    fields = member_fields(0, iec=member.iec, gstins=[member.primary_gstin], legal_name="Renamed")
    response = staff_api.put(f"/api/v1/members/{member.iec}/", fields, format="json")
    assert response.status_code == 200
    assert response.json()["legal_name"] == "Renamed"


def test_member_users_read_but_do_not_edit_their_firm(member_api, member):
    assert member_api.get(f"/api/v1/members/{member.iec}/").status_code == 200
    fields = member_fields(0, iec=member.iec, gstins=[member.primary_gstin], legal_name="Mine")
    assert (
        member_api.put(f"/api/v1/members/{member.iec}/", fields, format="json").status_code == 403
    )
    member.refresh_from_db()
    assert member.legal_name != "Mine"


def test_claim_verify_and_reject_through_the_api(member_api, api, staff, member):
    url = f"/api/v1/members/{member.iec}/icegate-registration/"
    claim = {"icegate_id": "ambur700", "method": "dsc", "email": "ig@firm.example", "version": 1}
    response = member_api.put(url, claim, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "claimed"

    stale = member_api.put(url, {**claim, "icegate_id": "AMBUR701"}, format="json")
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert "Someone else changed this registration" in stale.json()["error"]["message"]

    assert member_api.post(url + "verify/", {"how": "icegate_lookup"}).status_code == 403
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(staff)}")
    response = api.post(url + "verify/", {"how": "icegate_lookup"}, format="json")
    assert response.json()["status"] == "verified"
    again = api.post(url + "verify/", {"how": "icegate_lookup"}, format="json")
    assert again.status_code == 400
    assert list(again.json()["error"]["fields"]) == ["status"]
    response = api.post(url + "reject/", {"reason": "Closed on ICEGATE"}, format="json")
    assert response.json()["status"] == RegistrationStatus.NOT_REGISTERED


def test_duplicate_icegate_id_is_refused(member_api, member):
    other = factories.MemberFactory()
    claimed(other, factories.member_user(other), "TAKEN1")
    response = member_api.put(
        f"/api/v1/members/{member.iec}/icegate-registration/",
        {"icegate_id": "TAKEN1", "method": "simplified", "email": "a@b.in"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["icegate_id"] == [
        "ICEGATE ID TAKEN1 is already recorded for another member"
    ]


def test_unauthenticated_and_unknown(api, staff_api):
    assert staff_api.get("/api/v1/members/AAAAA0000A/").json()["error"]["code"] == "not_found"
    api.credentials()
    response = api.get("/api/v1/members/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
