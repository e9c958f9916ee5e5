"""Sign-in pages: invitation link, password reset, lockout, tokens page."""

import re

import pytest

from icportal.accounts.models import ApiToken
from icportal.notifications.models import Email
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "Correct-Horse-9"
NEW_PASSWORD = "Tannery-Gate-2026"


def link_in(mail: Email) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/set-password/\S+/\S+/)", mail.body_text)
    assert match, mail.body_text
    return match.group(1)


def set_password_through(client, link: str, password: str = NEW_PASSWORD):
    response = client.get(link)
    assert response.status_code == 302  # Django hides the token from the address bar
    form_url = response["Location"]
    assert "new_password1" in client.get(form_url).content.decode()
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def login(client, email, password):
    return client.post("/accounts/login/", {"username": email, "password": password})


def test_invited_member_user_sets_a_password_and_signs_in(client, staff, member):
    client.force_login(staff)
    response = client.post(
        f"/members/{member.iec}/invite/",
        {"full_name": "Priya Raman", "email": "priya@firm.example", "designation": "Exports"},
        follow=True,
    )
    assert "Invitation sent to priya@firm.example." in response.content.decode()
    client.logout()

    mail = Email.objects.get(to="priya@firm.example")
    response = set_password_through(client, link_in(mail))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"

    response = login(client, "priya@firm.example", NEW_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.users.get().pk)
    assert client.get("/members/mine/").context["member"] == member


def test_a_used_link_does_not_work_twice(client, staff, member):
    client.force_login(staff)
    client.post(f"/members/{member.iec}/invite/", {"full_name": "A", "email": "a@firm.example"})
    client.logout()
    link = link_in(Email.objects.get(to="a@firm.example"))
    set_password_through(client, link)
    response = client.get(link, follow=True)
    assert "new_password1" not in response.content.decode()


def test_staff_of_another_office_cannot_invite(client, member):
    client.force_login(factories.staff_user("DEL"))
    response = client.post(
        f"/members/{member.iec}/invite/", {"full_name": "X", "email": "x@firm.example"}
    )
    assert response.status_code == 404
    assert not Email.objects.exists()


def test_invite_form_errors_are_shown(client, staff, member, member_user):
    client.force_login(staff)
    response = client.post(
        f"/members/{member.iec}/invite/",
        {"full_name": "Again", "email": member_user.email},
        follow=True,
    )
    html = response.content.decode()  # beside the box and linked from the summary
    assert f'id="id_email-error">{member_user.email} already has an account<' in html
    assert 'href="#id_email"' in html


def test_password_reset_by_mail(client, member_user):
    response = client.post("/accounts/password-reset/", {"email": member_user.email})
    assert response["Location"] == "/accounts/password-reset/sent/"
    mail = Email.objects.get(to=member_user.email)
    set_password_through(client, link_in(mail))
    assert login(client, member_user.email, PASSWORD).status_code == 200
    assert login(client, member_user.email, NEW_PASSWORD).status_code == 302


def test_password_reset_says_the_same_for_unknown_addresses(client, db):
    response = client.post("/accounts/password-reset/", {"email": "nobody@nowhere.example"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert not Email.objects.exists()


def test_weak_passwords_are_refused(client, member_user):
    client.post("/accounts/password-reset/", {"email": member_user.email})
    response = set_password_through(client, link_in(Email.objects.get()), "12345678")
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]


def test_login_is_locked_after_five_failures_even_with_the_right_password(client, member_user):
    for _ in range(5):
        response = login(client, member_user.email, "Wrong-Password-1")
        assert "_auth_user_id" not in client.session
    response = login(client, member_user.email, PASSWORD)
    assert response.status_code in (403, 429)
    assert "Too many wrong passwords" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_failures_then_the_right_password_signs_in(client, member_user):
    for _ in range(4):
        login(client, member_user.email, "Wrong-Password-1")
    assert login(client, member_user.email, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(member_user.pk)


def test_tokens_page_shows_the_key_once(client, member_user):
    client.force_login(member_user)
    response = client.post("/accounts/tokens/", {"name": "Broker software"})
    key = response.context["new_key"]
    assert key in response.content.decode()
    html = client.get("/accounts/tokens/").content.decode()
    assert key not in html
    assert f"icp_{key[4:12]}…" in html
    token = ApiToken.objects.get(user=member_user)
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/", follow=True)
    assert "revoked: software using it can no longer sign in" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_tokens_page_shows_name_errors(client, member_user):
    client.force_login(member_user)
    response = client.post("/accounts/tokens/", {"name": "   "})
    assert response.context["new_key"] is None
    assert response.context["form"].errors["name"]


def test_the_email_address_may_be_typed_in_any_case(client, member_user):
    assert login(client, member_user.email.upper(), PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(member_user.pk)


def test_changing_the_case_of_the_address_does_not_dodge_the_lockout(client, member_user):
    email = member_user.email
    for variant in (
        email.upper(),
        email.title(),
        email.capitalize(),
        email[:2].upper() + email[2:],
        email[:3].upper() + email[3:],
    ):
        login(client, variant, "Wrong-Password-1")
    response = login(client, member_user.email, PASSWORD)
    assert "Too many wrong passwords" in response.content.decode()
    assert "_auth_user_id" not in client.session
