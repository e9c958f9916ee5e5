"""API tokens expire, and every token of a user is revoked when their password or authenticator
is reset, whichever way it is reset; each revocation leaves an audit row."""

import datetime as dt
import importlib

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import clear_url_caches
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from icportal.accounts import services
from icportal.accounts.models import ApiToken
from icportal.audit.models import AuditEvent, Verb
from icportal.notifications.models import Email
from tests import factories
from tests.accounts.test_two_factor import set_up
from tests.accounts.test_views import link_in, set_password_through

pytestmark = pytest.mark.django_db


def token_client(key) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def make_token(user, name="Broker software", second_factor=False):
    return services.api_token_create(user=user, name=name, second_factor=second_factor)


def refused_with(key, words: str) -> bool:
    response = token_client(key).get("/api/v1/me/")
    message = response.json()["error"]["message"]
    assert response.status_code == 401, response.content
    assert words in message, message
    return True


def revocations(user) -> list[str]:
    rows = AuditEvent.objects.filter(verb=Verb.TOKEN_REVOKED, target_type="accounts.apitoken")
    return sorted(
        e.payload.get("reason", "")
        for e in rows
        if ApiToken.objects.filter(pk=e.target_id, user=user).exists()
    )


def test_tokens_get_a_lifetime_shown_in_the_api_and_on_the_page(client, settings, member_user):
    settings.API_TOKEN_DAYS = 30
    client.force_login(member_user)
    made = client.post("/api/v1/tokens/", {"name": "Broker"}, content_type="application/json")
    body = made.json()
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert dt.timedelta(days=29, hours=23) < expires - timezone.now() <= dt.timedelta(days=30)
    assert body["status"] == "active"
    listing = client.get("/api/v1/tokens/").json()[0]
    assert listing["expires_at"] == body["expires_at"] and listing["status"] == "active"

    page = client.get("/accounts/tokens/").content.decode()
    assert "<th>Expires</th>" in page and "A token works for 30 days" in page
    assert timezone.localtime(expires).strftime("%d/%m/%Y") in page
    assert token_client(body["key"]).get("/api/v1/me/").status_code == 200


def test_second_factor_tokens_have_their_own_lifetime_and_zero_means_never(settings, staff):
    settings.API_TOKEN_SECOND_FACTOR_DAYS = 7
    settings.API_TOKEN_DAYS = 0
    strong, _ = make_token(staff, "Signing script", second_factor=True)
    plain, _ = make_token(staff, "Reader")
    assert strong.expires_at - strong.created_at < dt.timedelta(days=7, seconds=5)
    assert plain.expires_at is None and plain.status == "active"


def test_an_expired_token_answers_401_saying_so(client, member_user):
    token, key = make_token(member_user)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(hours=1))
    assert refused_with(key, "This API token expired on")
    assert refused_with(key, "create a new one on the API tokens page")

    client.force_login(member_user)
    page = client.get("/accounts/tokens/").content.decode()
    assert "Expired" in page and "Revoke</button>" not in page
    assert client.get("/api/v1/tokens/").json()[0]["status"] == "expired"


def test_a_password_reset_by_mail_revokes_every_token(client, member_user):
    _, first = make_token(member_user, "Broker")
    _, second = make_token(member_user, "Accounts software")
    client.post("/accounts/password-reset/", {"email": member_user.email})
    set_password_through(client, link_in(Email.objects.get(to=member_user.email)))

    assert refused_with(first, "was revoked on") and refused_with(second, "password")
    assert revocations(member_user) == ["password changed", "password changed"]
    password_set = AuditEvent.objects.get(verb=Verb.PASSWORD_SET)
    assert password_set.actor == member_user and password_set.member is None  # not on the firm's
    event = AuditEvent.objects.filter(verb=Verb.TOKEN_REVOKED).first()
    assert event.actor == member_user and event.member == member_user.member
    # A token made after the reset works.
    _, fresh = make_token(member_user, "New broker key")
    assert token_client(fresh).get("/api/v1/me/").status_code == 200


def test_a_password_changed_from_the_command_line_revokes_at_first_use(monkeypatch, member_user):
    _, key = make_token(member_user)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "Tannery-Gate-2026")
    call_command("changepassword", member_user.email, stdout=None)

    assert refused_with(key, "was revoked on")
    assert revocations(member_user) == ["password or authenticator reset"]
    assert ApiToken.objects.get().status == "revoked"


def test_deactivating_a_user_records_each_token_revoked(head_office, member_user):
    make_token(member_user, "One")
    make_token(member_user, "Two")
    services.user_deactivate(by=head_office, user=member_user)
    assert revocations(member_user) == ["account deactivated", "account deactivated"]


def test_only_head_office_resets_someone_elses_authenticator(staff):
    other = factories.staff_user("CHN")
    TOTPDevice.objects.create(user=other, name="Authenticator app", confirmed=True)
    with pytest.raises(PermissionDenied, match="Only head office"):
        services.two_factor_reset(by=staff, user=other)
    assert TOTPDevice.objects.filter(user=other).exists()


@pytest.fixture
def admin_client(client, settings):
    """A head-office superuser signed in to the admin site with the two-step code."""
    settings.DJANGO_ADMIN_ENABLED = True
    admin = factories.head_office_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    set_up(client, admin)
    return client


def test_admin_site_asks_for_the_two_step_code(client, db):
    admin = factories.head_office_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/django-admin/")
    assert response.status_code == 302 and "/django-admin/login/" in response["Location"]
    login = client.get(response["Location"]).content.decode()
    assert 'name="otp_token"' in login
    set_up(client, admin)
    assert client.get("/django-admin/").status_code == 200


def test_removing_an_authenticator_in_the_admin_site_revokes_the_tokens(admin_client, staff):
    device = TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)
    _, key = make_token(staff, "Signing script", second_factor=True)
    response = admin_client.post(
        f"/django-admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert refused_with(key, "authenticator")
    assert revocations(staff) == ["authenticator reset"]


@pytest.fixture
def admin_off(settings):
    import icportal.config.urls as urls

    settings.DJANGO_ADMIN_ENABLED = False
    importlib.reload(urls)
    clear_url_caches()
    yield
    settings.DJANGO_ADMIN_ENABLED = True
    importlib.reload(urls)
    clear_url_caches()


def test_the_admin_site_can_be_switched_off(client, admin_off, db):
    assert client.get("/django-admin/").status_code == 404


def test_the_lost_phone_command_resets_the_authenticator_and_revokes_tokens(staff):
    import io

    TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)
    _, key = make_token(staff, "Signing script", second_factor=True)
    out = io.StringIO()
    call_command("two_factor_reset", staff.email.upper(), stdout=out)
    assert "1 authenticator(s) removed, 1 working API token(s) revoked" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert refused_with(key, "authenticator")
    assert revocations(staff) == ["authenticator reset"]
    reset = AuditEvent.objects.get(verb=Verb.TWO_FACTOR_RESET)
    assert reset.actor is None and reset.office == staff.office
    assert reset.actor_label == "An operator (icportal two_factor_reset)"
    assert reset.payload == {"email": staff.email, "devices": 1}
    with pytest.raises(Exception, match="No account"):
        call_command("two_factor_reset", "nobody@example.in")
