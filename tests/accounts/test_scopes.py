"""The one scoping rule, per role: a member user sees their firm, staff their office, head office
everything, anyone else is refused. Checked on member firms and audit rows (a row with a firm
and an office), and on the guards that services use before a change."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from icportal.accounts import scopes
from icportal.accounts.models import Role
from icportal.audit.models import AuditEvent, Verb
from icportal.audit.services import audit_record
from icportal.members.models import Member
from tests import factories


@pytest.fixture
def world(db):
    """A Chennai firm and a Delhi firm, each with one audit row about it."""
    chennai = factories.MemberFactory(office=factories.office("CHN"))
    delhi = factories.MemberFactory(office=factories.office("DEL"))
    for firm in (chennai, delhi):
        audit_record(
            actor=None, verb=Verb.MEMBER_UPDATED, target=firm, member=firm, office=firm.office
        )
    return chennai, delhi


def _seen(user, firms):
    members = set(scopes.members(Member.objects.filter(pk__in=[f.pk for f in firms]), user))
    events = scopes.audit_events(AuditEvent.objects.filter(member__in=firms), user)
    return members, {e.member_id for e in events}


def test_a_member_user_sees_only_their_own_firm(world):
    chennai, _delhi = world
    members, event_firms = _seen(factories.member_user(chennai), world)
    assert members == {chennai}
    assert event_firms == {chennai.pk}


def test_office_staff_see_only_their_office(world):
    _chennai, delhi = world
    members, event_firms = _seen(factories.staff_user("DEL"), world)
    assert members == {delhi}
    assert event_firms == {delhi.pk}


def test_head_office_sees_every_office(world):
    members, event_firms = _seen(factories.head_office_user(), world)
    assert members == set(world)
    assert event_firms == {f.pk for f in world}


@pytest.mark.parametrize("who", ["anonymous", "inactive", "no role"])
def test_anyone_else_is_refused(world, who):
    if who == "anonymous":
        user = AnonymousUser()
    elif who == "inactive":
        user = factories.staff_user("CHN", is_active=False)
    else:
        user = factories.UserFactory(role="")
    with pytest.raises(PermissionDenied):
        _seen(user, world)


def test_rows_of_an_office_alone_refuse_members_and_show_staff_their_office(world):
    chennai, _delhi = world
    offices = AuditEvent.objects.filter(member__in=world)
    with pytest.raises(PermissionDenied):
        scopes.office_rows(offices, factories.member_user(chennai))
    staff_rows = scopes.office_rows(offices, factories.staff_user("CHN"))
    assert {e.office_id for e in staff_rows} == {chennai.office_id}
    # A family with no firm shows a member nothing (rather than everything).
    nothing = scopes.scoped(
        offices, factories.member_user(chennai), office="office_id", member=None
    )
    assert list(nothing) == []


def test_the_office_guard_lets_own_office_and_head_office_act(world):
    chennai, delhi = world
    own = scopes.require_own_office(
        factories.staff_user("CHN"), office_id=chennai.office_id, message="not yours"
    )
    assert own.role == Role.STAFF
    assert scopes.require_own_office(
        factories.head_office_user(), office_id=delhi.office_id, message="not yours"
    ).everything
    with pytest.raises(PermissionDenied, match="not yours"):
        scopes.require_own_office(
            factories.staff_user("CHN"), office_id=delhi.office_id, message="not yours"
        )
    with pytest.raises(PermissionDenied, match="Only council staff"):
        scopes.require_own_office(
            factories.member_user(chennai), office_id=chennai.office_id, message="not yours"
        )


def test_the_member_side_guard_names_what_belongs_elsewhere(world):
    chennai, delhi = world
    row = {"member_id": delhi.pk, "office_id": delhi.office_id}
    with pytest.raises(PermissionDenied, match="This IC belongs to another firm"):
        scopes.require_in_scope(factories.member_user(chennai), **row, what="This IC")
    with pytest.raises(PermissionDenied, match="This IC belongs to another office"):
        scopes.require_in_scope(factories.staff_user("CHN"), **row, what="This IC")
    scopes.require_in_scope(factories.member_user(delhi), **row, what="This IC")
    scopes.require_in_scope(factories.staff_user("DEL"), **row, what="This IC")
    scopes.require_in_scope(factories.head_office_user(), **row, what="This IC")
    assert scopes.in_scope(factories.staff_user("DEL"), **row)
    assert not scopes.in_scope(factories.member_user(chennai), **row)
