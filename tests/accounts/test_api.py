"""Personal API tokens: `Authorization: Token <key>`, revocable, stored hashed."""

import hashlib

import pytest

from icportal.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_create_use_and_revoke_a_token(api, member_user):
    api.force_login(member_user)
    response = api.post("/api/v1/tokens/", {"name": "Broker software"}, format="json")
    assert response.status_code == 201
    created = response.json()
    key = created["key"]
    assert (
        ApiToken.objects.get(pk=created["id"]).key_hash == hashlib.sha256(key.encode()).hexdigest()
    )

    listing = api.get("/api/v1/tokens/")
    assert "key" not in listing.json()[0]
    assert key not in listing.content.decode()
    api.logout()

    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    me = api.get("/api/v1/me/").json()
    assert (me["email"], me["role"], me["member_iec"]) == (
        member_user.email,
        "member",
        member_user.member.iec,
    )
    assert api.get(f"/api/v1/members/{member_user.member.iec}/").status_code == 200
    assert ApiToken.objects.get(pk=created["id"]).last_used_at is not None

    assert api.delete(f"/api/v1/tokens/{created['id']}/").status_code == 204
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


@pytest.mark.parametrize(
    "header", ["Token icp_not-a-real-key", "Token ", "Bearer abc", "Token a b"]
)
def test_bad_tokens_are_refused(api, db, header):
    api.credentials(HTTP_AUTHORIZATION=header)
    assert api.get("/api/v1/me/").status_code == 401


def test_a_deactivated_users_token_stops_working(api, member_user):
    from tests.members.factories import token_for

    key = token_for(member_user)
    member_user.is_active = False
    member_user.save()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/").status_code == 401


def test_token_name_is_required(api, member_user):
    api.force_login(member_user)
    response = api.post("/api/v1/tokens/", {"name": ""}, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["name"]


def test_revoking_an_unknown_token_is_not_found(api, member_user):
    api.force_login(member_user)
    assert api.delete("/api/v1/tokens/999999/").status_code == 404
