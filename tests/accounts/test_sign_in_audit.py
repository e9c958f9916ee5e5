"""Sign-ins, failed sign-ins, password-reset requests and API tokens in the audit trail, through the
real pages and API, with the client's address; none of them on a member firm's timeline."""

import pytest

from icportal.audit.models import AuditEvent, Verb
from icportal.notifications.models import Email
from tests.accounts.test_views import PASSWORD

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"


def _login(client, email, password):
    return client.post(
        "/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=IP
    )


def test_a_sign_in_is_recorded_with_who_and_from_where(client, staff):
    assert _login(client, staff.email, PASSWORD).status_code == 302
    event = AuditEvent.objects.get(verb=Verb.SIGNED_IN)
    assert (event.actor, event.target_id, event.payload["ip"]) == (staff, str(staff.pk), IP)
    assert event.office == staff.office and event.member is None


def test_a_wrong_password_is_recorded_against_the_account_without_an_actor(client, member_user):
    assert _login(client, member_user.email, "Wrong-Password-1").status_code == 200
    event = AuditEvent.objects.get(verb=Verb.SIGN_IN_FAILED)
    assert event.actor is None and event.actor_label == "Someone not signed in"
    assert (event.target_type, event.target_id) == ("accounts.user", str(member_user.pk))
    assert event.payload == {
        "username": member_user.email,
        "ip": IP,
        "why": "wrong password",
    }
    assert event.member is None  # never on the firm's own timeline
    assert not AuditEvent.objects.filter(verb=Verb.SIGNED_IN).exists()


def test_an_unknown_name_is_recorded_cut_short_with_the_address(client):
    name = "x" * 150 + "@nowhere.example"
    assert _login(client, name, "Anything-1").status_code == 200
    event = AuditEvent.objects.get(verb=Verb.SIGN_IN_FAILED)
    assert event.actor is None and event.target_id == ""
    assert event.payload["username"] == name[:100] and event.payload["ip"] == IP
    assert event.payload["why"] == "no account with this e-mail address"
    assert event.member is None and event.office is None


def test_the_locked_out_attempt_is_recorded_as_such(client, member_user):
    for _ in range(5):
        _login(client, member_user.email, "Wrong-Password-1")
    response = _login(client, member_user.email, PASSWORD)
    assert "Too many wrong passwords" in response.content.decode()
    whys = list(
        AuditEvent.objects.filter(verb=Verb.SIGN_IN_FAILED)
        .order_by("id")
        .values_list("payload__why", flat=True)
    )
    assert len(whys) == 6 and whys[-1] == "locked out after too many failed attempts"
    assert not AuditEvent.objects.filter(verb=Verb.SIGNED_IN).exists()


@pytest.mark.parametrize("known", [True, False], ids=["known", "unknown"])
def test_a_password_reset_request_is_recorded_and_the_page_says_the_same(
    client, member_user, known
):
    email = member_user.email if known else "nobody@nowhere.example"
    response = client.post(
        "/accounts/password-reset/", {"email": email}, REMOTE_ADDR=IP, follow=True
    )
    assert response.redirect_chain[-1][0] == "/accounts/password-reset/sent/"
    event = AuditEvent.objects.get(verb=Verb.PASSWORD_RESET_REQUESTED)
    assert event.actor is None and event.member is None
    assert event.payload == {"email": email, "ip": IP, "known": known}
    assert event.target_id == (str(member_user.pk) if known else "")
    assert Email.objects.filter(to=member_user.email).exists() is known


def test_token_creation_and_revocation_through_the_page_and_the_api(client, api, member_user):
    client.force_login(member_user)
    client.post("/accounts/tokens/", {"name": "Broker software"})
    token_id = AuditEvent.objects.get(verb=Verb.TOKEN_CREATED).target_id
    client.post(f"/accounts/tokens/{token_id}/revoke/")
    api.force_login(member_user)
    created = api.post("/api/v1/tokens/", {"name": "Customs broker"}, format="json").json()
    assert api.delete(f"/api/v1/tokens/{created['id']}/").status_code == 204
    rows = AuditEvent.objects.filter(verb__in=[Verb.TOKEN_CREATED, Verb.TOKEN_REVOKED])
    assert sorted((e.verb, e.payload["name"], e.actor_id) for e in rows) == [
        (Verb.TOKEN_CREATED, "Broker software", member_user.pk),
        (Verb.TOKEN_CREATED, "Customs broker", member_user.pk),
        (Verb.TOKEN_REVOKED, "Broker software", member_user.pk),
        (Verb.TOKEN_REVOKED, "Customs broker", member_user.pk),
    ]


def test_the_firm_timeline_never_shows_sign_ins_and_staff_read_them_well(client, member_user):
    _login(client, member_user.email, "Wrong-Password-1")
    _login(client, member_user.email, PASSWORD)
    html = client.get("/members/mine/").content.decode()
    assert IP not in html and "signed in" not in html
    from icportal.audit.formatters import describe

    sentences = [describe(e) for e in AuditEvent.objects.order_by("id")]
    assert sentences == [
        f"tried to sign in as “{member_user.email}” from {IP}: wrong password",
        f"signed in from {IP}",
    ]


def test_deactivating_a_user_records_the_tokens_it_revoked(client, head_office, member_user):
    from tests.members.factories import token_for

    token_for(member_user)
    client.force_login(head_office)
    client.post(f"/accounts/users/{member_user.pk}/deactivate/")
    event = AuditEvent.objects.get(verb=Verb.USER_DEACTIVATED)
    assert (event.actor, event.payload["tokens_revoked"]) == (head_office, 1)
    from icportal.audit.formatters import describe

    assert describe(event).endswith("and revoked their 1 API token(s)")
