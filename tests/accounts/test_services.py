"""Invitations, password reset mails and personal API tokens."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from icportal.accounts import services
from icportal.accounts.models import ApiToken, Role, User
from icportal.audit.models import AuditEvent, Verb
from icportal.notifications.models import Email
from tests import factories

pytestmark = pytest.mark.django_db


def invite(by, member=None, email="new.user@firm.example", **kwargs):
    kwargs.setdefault("role", Role.MEMBER)
    return services.user_invite(by=by, email=email, full_name="New User", member=member, **kwargs)


def test_staff_invite_a_user_of_their_own_offices_member(staff, member):
    user = invite(staff, member, email=" New.User@Firm.Example ")
    assert (user.email, user.member, user.office, user.invited_by) == (
        "new.user@firm.example",
        member,
        None,
        staff,
    )
    assert not user.has_usable_password()
    mail = Email.objects.get(to="new.user@firm.example")
    assert mail.subject == f"Your icportal account for {member.legal_name}"
    assert "/accounts/set-password/" in mail.body_text
    assert (mail.member, mail.office) == (member, member.office)
    event = AuditEvent.objects.get(verb=Verb.USER_INVITED)
    assert event.payload == {"email": "new.user@firm.example", "role": "Member user"}


def test_staff_cannot_invite_for_another_offices_member(member):
    with pytest.raises(PermissionDenied):
        invite(factories.staff_user("DEL"), member)
    assert not User.objects.filter(email="new.user@firm.example").exists()
    assert not Email.objects.exists() and not AuditEvent.objects.exists()


def test_member_users_cannot_invite(member_user):
    with pytest.raises(PermissionDenied):
        invite(member_user, member_user.member)


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({"email": "not-an-address"}, {"email"}),
        ({"email": "user@x.example", "full_name": " "}, {"full_name"}),
        ({"member": None}, {"member"}),
        ({"role": "superuser"}, {"role"}),
    ],
)
def test_invitation_errors_name_the_field(staff, member, kwargs, fields):
    args = {"by": staff, "email": "ok@firm.example", "full_name": "Ok", "member": member}
    args.update(kwargs)
    args.setdefault("role", Role.MEMBER)
    with pytest.raises(ValidationError) as info:
        services.user_invite(**args)
    assert set(info.value.message_dict) == fields


def test_an_address_has_one_account(staff, member, member_user):
    with pytest.raises(ValidationError) as info:
        invite(staff, member, email=member_user.email.upper())
    assert info.value.message_dict["email"] == [f"{member_user.email} already has an account"]


def test_only_head_office_invites_staff(staff, head_office):
    delhi = factories.office("DEL")
    with pytest.raises(PermissionDenied):
        invite(staff, role=Role.STAFF, office=delhi)
    user = invite(head_office, role=Role.STAFF, office=delhi, email="clerk@cle.example")
    assert (user.role, user.office) == (Role.STAFF, delhi)


def test_password_reset_mail_only_for_active_accounts(member_user):
    services.password_reset_request(email=member_user.email.upper())
    mail = Email.objects.get()
    assert (mail.to, mail.subject) == (member_user.email, "Reset your icportal password")
    services.password_reset_request(email="nobody@nowhere.example")
    member_user.is_active = False
    member_user.save()
    services.password_reset_request(email=member_user.email)
    assert Email.objects.count() == 1


def test_token_key_is_returned_once_and_only_its_hash_is_stored(member_user):
    token, key = services.api_token_create(user=member_user, name=" Broker software ")
    assert key.startswith("icp_") and len(key) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {stored.name, stored.prefix, stored.key_hash}
    assert stored.prefix == key[4:12]
    assert stored.name == "Broker software"
    assert AuditEvent.objects.get(verb=Verb.TOKEN_CREATED).payload["prefix"] == stored.prefix


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_tokens_need_a_name(member_user, name):
    with pytest.raises(ValidationError) as info:
        services.api_token_create(user=member_user, name=name)
    assert list(info.value.message_dict) == ["name"]


def test_at_most_ten_active_tokens(member_user):
    tokens = [services.api_token_create(user=member_user, name=f"t{i}")[0] for i in range(10)]
    with pytest.raises(ValidationError, match="10 active tokens"):
        services.api_token_create(user=member_user, name="eleventh")
    services.api_token_revoke(user=member_user, token=tokens[0])
    services.api_token_create(user=member_user, name="eleventh")


def test_revoke_is_idempotent_and_only_for_the_owner(member_user, staff):
    token, _ = services.api_token_create(user=member_user, name="Broker")
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(user=staff, token=token)
    first = services.api_token_revoke(user=member_user, token=token).revoked_at
    assert first is not None
    assert services.api_token_revoke(user=member_user, token=token).revoked_at == first
    assert AuditEvent.objects.filter(verb=Verb.TOKEN_REVOKED).count() == 1
