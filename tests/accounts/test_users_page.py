"""Head office runs the users: the list, role and office, a lost authenticator, backup codes and
deactivation — each refused to anyone but head office, each leaving its audit row."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from icportal.accounts.models import Role, User
from icportal.audit.formatters import describe
from icportal.audit.models import AuditEvent, Verb
from tests import factories
from tests.accounts.test_two_factor import PASSWORD, VERIFY, code, set_up
from tests.members.factories import token_for

pytestmark = pytest.mark.django_db

USERS = "/accounts/users/"
BACKUP = "/accounts/two-factor/backup-codes/"


def page(pk, action=""):
    return f"{USERS}{pk}/{action + '/' if action else ''}"


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def said(client) -> str:
    return text(client.get("/", follow=True))


@pytest.fixture
def admin(client, head_office):
    client.force_login(head_office)
    return head_office


@pytest.fixture
def officer():
    return factories.staff_user("CHN", full_name="Kavitha Raman", email="kavitha@cle.example")


def past_back_off(devices):
    """django-otp waits a second after a wrong code; the test moves that second into the past."""
    devices.update(throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=5))


def test_the_list_shows_last_sign_in_two_step_status_role_and_office(client, admin, officer):
    TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=True)
    User.objects.filter(pk=officer.pk).update(
        last_login=dt.datetime(2026, 12, 1, 4, 30, tzinfo=dt.UTC)
    )
    newcomer = factories.staff_user("DEL", full_name="Never Signed In")
    html = text(client.get(USERS))
    assert "Kavitha Raman kavitha@cle.example Office staff Chennai" in html
    # two-step, last sign-in in IST, language (none chosen), status
    assert "Set up 01/12/2026 10:00 — Active" in html
    assert f"{newcomer.full_name} {newcomer.email} Office staff Delhi" in html
    assert "Not set up Never" in html
    # Filters: office, two-step, active; sort by last sign-in.
    assert officer.email not in text(client.get(USERS, {"office": "DEL"}))
    assert newcomer.email not in text(client.get(USERS, {"two_factor": "yes"}))
    User.objects.filter(pk=newcomer.pk).update(is_active=False)
    assert newcomer.email in text(client.get(USERS, {"active": "no"}))
    assert newcomer.email not in text(client.get(USERS, {"active": "yes"}))
    latest = text(client.get(USERS, {"sort": "-last_sign_in"}))
    assert latest.index(officer.email) < latest.index(newcomer.email)


def test_the_export_carries_two_step_status_and_last_sign_in(client, admin, officer):
    TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=True)
    response = client.get(USERS, {"export": "csv", "q": "kavitha"})
    header, row = [
        line.split(",") for line in b"".join(response.streaming_content).decode().split("\r\n")[:2]
    ]
    record = dict(zip(header, row, strict=True))
    assert record["Two-step"] == "Set up" and record["Last sign-in (IST)"] == ""


@pytest.mark.parametrize("who", ["staff", "member_user"])
@pytest.mark.parametrize("action", ["", "reset-two-factor", "deactivate"])
def test_only_head_office_opens_or_acts_on_the_users_pages(client, request, who, action, officer):
    client.force_login(request.getfixturevalue(who))
    assert client.get(page(officer.pk, action) if action else USERS).status_code == 403
    assert client.post(page(officer.pk, action), {"role": "head_office"}).status_code == 403
    officer.refresh_from_db()
    assert officer.is_active and officer.role == Role.STAFF
    assert not AuditEvent.objects.filter(
        verb__in=[Verb.USER_UPDATED, Verb.USER_DEACTIVATED, Verb.TWO_FACTOR_RESET]
    ).exists()


def test_head_office_moves_staff_to_another_office_and_makes_them_head_office(
    client, admin, officer
):
    delhi = factories.office("DEL")
    response = client.post(page(officer.pk), {"role": "staff", "office": delhi.pk})
    assert response.status_code == 302
    assert "role and office saved" in said(client)
    officer.refresh_from_db()
    assert officer.office == delhi
    client.post(page(officer.pk), {"role": "head_office", "office": delhi.pk})
    officer.refresh_from_db()
    assert officer.role == Role.HEAD_OFFICE
    sentences = [
        describe(e) for e in AuditEvent.objects.filter(verb=Verb.USER_UPDATED).order_by("id")
    ]
    assert sentences == [
        f"changed the account of {officer} (office: CHN → DEL)",
        f"changed the account of {officer} (role: Office staff → Head-office admin)",
    ]
    assert "office: CHN → DEL" in text(client.get(page(officer.pk)))  # the account's history


def test_staff_without_an_office_member_users_and_ones_own_account_are_refused(
    client, admin, officer, member_user
):
    response = client.post(page(officer.pk), {"role": "staff", "office": ""})
    assert "Office staff belong to an office: choose one" in text(response)
    officer.refresh_from_db()
    assert officer.office.code == "CHN"
    html = text(client.get(page(member_user.pk)))
    assert "Member users belong to their firm" in html and "Save role and office" not in html
    client.post(page(member_user.pk), {"role": "staff", "office": officer.office_id})
    client.post(page(admin.pk), {"role": "staff", "office": officer.office_id})
    member_user.refresh_from_db()
    admin.refresh_from_db()
    assert (member_user.role, admin.role) == (Role.MEMBER, Role.HEAD_OFFICE)
    assert not AuditEvent.objects.filter(verb=Verb.USER_UPDATED).exists()


def test_deactivation_asks_first_then_ends_the_session_and_the_api_tokens(client, admin, officer):
    theirs = Client()
    theirs.force_login(officer)
    key = token_for(officer)
    confirm = client.get(page(officer.pk, "deactivate"))
    assert "Deactivate Kavitha Raman?" in text(confirm)
    officer.refresh_from_db()
    assert officer.is_active  # looking at the confirmation page changes nothing
    response = client.post(page(officer.pk, "deactivate"))
    assert response.status_code == 302
    assert "kavitha@cle.example can no longer sign in" in said(client)
    officer.refresh_from_db()
    assert not officer.is_active
    assert theirs.get("/accounts/tokens/")["Location"].startswith("/accounts/login/")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/").status_code == 401
    assert AuditEvent.objects.filter(verb=Verb.USER_DEACTIVATED, target_id=officer.pk).exists()


def test_head_office_cannot_deactivate_itself(client, admin):
    assert "You cannot deactivate your own account" in text(
        client.get(page(admin.pk, "deactivate"))
    )
    client.post(page(admin.pk, "deactivate"))
    admin.refresh_from_db()
    assert admin.is_active


def test_removing_a_lost_authenticator_needs_the_admins_own_current_code(
    client, settings, admin, officer
):
    settings.STAFF_2FA_REQUIRED = True
    own = set_up(client, admin)  # the admin's own app; this session is verified
    lost = TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=True)
    key = token_for(officer)
    url = page(officer.pk, "reset-two-factor")
    assert "Remove the authenticator of Kavitha Raman?" in text(client.get(url))
    wrong = client.post(url, {"code": f"{(int(code(own, 1)) + 500000) % 1000000:06d}"})
    assert "That code is not right" in text(wrong)
    assert TOTPDevice.objects.filter(pk=lost.pk).exists()
    past_back_off(TOTPDevice.objects.filter(pk=own.pk))
    response = client.post(url, {"code": code(own, later=1)})
    assert response.status_code == 302
    assert "Authenticator removed for kavitha@cle.example (1 device(s))" in said(client)
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert TOTPDevice.objects.filter(pk=own.pk).exists()
    event = AuditEvent.objects.get(verb=Verb.TWO_FACTOR_RESET)
    assert (event.actor, event.target_id) == (admin, str(officer.pk))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/").status_code == 401


def test_an_admin_without_their_own_authenticator_cannot_remove_anothers(
    client, settings, admin, officer
):
    settings.STAFF_2FA_REQUIRED = True
    TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=True)
    response = client.post(page(officer.pk, "reset-two-factor"), {"code": "123456"})
    assert "Set up your own two-step verification first" in text(response)
    assert TOTPDevice.objects.filter(user=officer).exists()


def test_staff_make_backup_codes_each_works_once_and_new_ones_replace_old(
    client, settings, officer
):
    settings.STAFF_2FA_REQUIRED = True
    client.force_login(officer)
    assert client.get(BACKUP)["Location"].startswith(VERIFY)  # codes come from a verified session
    set_up(client, officer)
    first = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", client.post(BACKUP).content.decode())
    assert len(first) == 10 and len(set(first)) == 10
    assert "10 unused backup codes" in text(client.get(BACKUP))
    assert StaticToken.objects.filter(device__user=officer).count() == 10

    phone_lost = Client()
    phone_lost.post("/accounts/login/", {"username": officer.email, "password": PASSWORD})
    response = phone_lost.post(VERIFY, {"code": first[0].upper(), "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    again = Client()
    again.post("/accounts/login/", {"username": officer.email, "password": PASSWORD})
    refused = again.post(VERIFY, {"code": first[0], "next": "/"})
    assert "used already" in text(refused)
    past_back_off(StaticDevice.objects.filter(user=officer))

    second = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", client.post(BACKUP).content.decode())
    assert not set(first) & set(second)
    assert "used already" in text(again.post(VERIFY, {"code": first[1], "next": "/"}))
    past_back_off(StaticDevice.objects.filter(user=officer))
    assert again.post(VERIFY, {"code": second[0], "next": "/"}).status_code == 302
    made = AuditEvent.objects.filter(verb=Verb.BACKUP_CODES_MADE)
    assert [describe(e) for e in made] == [
        "made 10 new backup codes (any earlier ones no longer work)"
    ] * 2
    assert (
        AuditEvent.objects.filter(
            verb=Verb.TWO_FACTOR_VERIFIED, payload__device="Backup codes"
        ).count()
        == 2
    )


def test_member_users_have_no_backup_codes(client, member_user):
    client.force_login(member_user)
    assert client.get(BACKUP).status_code == 403
    assert client.post(BACKUP).status_code == 403


def test_the_users_page_shows_backup_codes_left(client, admin, officer):
    TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=True)
    from icportal.accounts import user_admin

    user_admin.backup_codes_make(user=officer)
    assert "Set up (10 backup codes)" in text(client.get(USERS))
