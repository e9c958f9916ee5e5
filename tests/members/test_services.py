"""Member and ICEGATE registration services: writes, rules, and their audit rows."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from icportal.accounts.selectors import audit_timeline
from icportal.audit.models import AuditEvent, Verb
from icportal.members import services
from icportal.members.models import Member, MemberGstin, RegistrationStatus
from tests import factories
from tests.members.factories import claimed, member_data

pytestmark = pytest.mark.django_db


def audit_verbs(member):
    return list(
        AuditEvent.objects.filter(member=member).order_by("id").values_list("verb", flat=True)
    )


# --- Create and update ------------------------------------------------------------------------


def test_staff_create_a_member_not_registered_on_icegate(staff):
    member = services.member_create(by=staff, data=member_data(10, segments=["FW", "FC"]))
    assert member.office.code == "CHN"
    assert member.primary_gstin == factories.gstin_for(member.iec)
    assert sorted(member.segments.values_list("code", flat=True)) == ["FC", "FW"]
    assert member.icegate_registration.status == RegistrationStatus.NOT_REGISTERED
    event = AuditEvent.objects.get(member=member)
    assert (event.verb, event.actor, event.office) == (Verb.MEMBER_CREATED, staff, member.office)


@pytest.mark.parametrize("who", ["member_user", "delhi_staff"])
def test_only_staff_of_the_office_create_its_members(member_user, who):
    by = member_user if who == "member_user" else factories.staff_user("DEL")
    with pytest.raises(PermissionDenied):
        services.member_create(by=by, data=member_data(11))
    assert not Member.objects.filter(iec=factories.make_pan(11)).exists()
    assert not AuditEvent.objects.filter(verb=Verb.MEMBER_CREATED).exists()


def test_duplicate_iec_and_gstin_are_field_errors(staff, member):
    data = member_data(12, iec=member.iec, gstins=[member.primary_gstin])
    with pytest.raises(ValidationError) as info:
        services.member_create(by=staff, data=data)
    assert set(info.value.message_dict) == {"iec", "gstins"}
    assert Member.objects.filter(iec=member.iec).count() == 1
    assert audit_verbs(member) == []


def test_update_records_what_changed(staff):
    member = services.member_create(by=staff, data=member_data(13))
    second = factories.gstin_for(member.iec, "27")
    services.member_update(
        by=staff,
        member=member,
        data=member_data(13, legal_name="Renamed Pvt Ltd", gstins=[second, member.primary_gstin]),
    )
    member.refresh_from_db()
    assert member.legal_name == "Renamed Pvt Ltd"
    assert member.primary_gstin == second
    event = AuditEvent.objects.filter(verb=Verb.MEMBER_UPDATED).get()
    assert event.payload["changed"]["legal_name"] == [
        "Ambur Footwear 13 Pvt Ltd",
        "Renamed Pvt Ltd",
    ]
    assert set(event.payload["changed"]) == {"legal_name", "gstins"}


def test_update_without_changes_writes_no_audit_row(staff):
    member = services.member_create(by=staff, data=member_data(14))
    services.member_update(by=staff, member=member, data=member_data(14))
    assert audit_verbs(member) == [Verb.MEMBER_CREATED]


def test_update_cannot_take_another_members_gstin(staff, member):
    mine = services.member_create(by=staff, data=member_data(15))
    with pytest.raises(ValidationError) as info:
        services.member_update(
            by=staff,
            member=mine,
            data=member_data(15, iec="0388012345", gstins=[member.primary_gstin]),
        )
    assert list(info.value.message_dict) == ["gstins"]
    assert MemberGstin.objects.get(gstin=member.primary_gstin).member == member


def test_staff_cannot_move_a_member_to_another_office_but_head_office_can(staff, head_office):
    member = services.member_create(by=staff, data=member_data(16))
    with pytest.raises(PermissionDenied):
        services.member_update(by=staff, member=member, data=member_data(16, office_code="DEL"))
    services.member_update(by=head_office, member=member, data=member_data(16, office_code="DEL"))
    member.refresh_from_db()
    assert member.office.code == "DEL"
    assert AuditEvent.objects.filter(verb=Verb.MEMBER_UPDATED).get().payload["changed"][
        "office"
    ] == ["CHN", "DEL"]


# --- Audit in the same transaction ------------------------------------------------------------


def test_member_and_its_audit_row_commit_or_roll_back_together(staff):
    real = services.audit_record

    def record_then_fail(**kwargs):
        real(**kwargs)
        raise RuntimeError("disk full")

    with (
        mock.patch.object(services, "audit_record", side_effect=record_then_fail),
        pytest.raises(RuntimeError),
    ):
        services.member_create(by=staff, data=member_data(17))
    assert not Member.objects.filter(iec=factories.make_pan(17)).exists()
    assert not AuditEvent.objects.exists()


def test_a_failed_write_leaves_no_audit_row(staff, member_user):
    member = member_user.member
    with pytest.raises(ValidationError):
        services.icegate_registration_claim(
            by=member_user, member=member, icegate_id="BAD ID", method="simplified", email="a@b.in"
        )
    with pytest.raises(ValidationError):
        services.icegate_registration_verify(by=staff, member=member, how="icegate_lookup")
    assert audit_verbs(member) == []


# --- ICEGATE registration ---------------------------------------------------------------------


def test_an_icegate_id_like_0_is_refused_with_the_rule(member_user):
    with pytest.raises(ValidationError) as caught:
        services.icegate_registration_claim(
            by=member_user,
            member=member_user.member,
            icegate_id="0",
            method="simplified",
            email="a@b.in",
        )
    (message,) = caught.value.message_dict["icegate_id"]
    assert "at least 6 characters" in message and "6 to 25 letters and digits" in message


def test_claim_then_verify_shows_on_the_timeline(staff, member_user):
    member = member_user.member
    registration = services.icegate_registration_claim(
        by=member_user,
        member=member,
        icegate_id=" ambur123 ",
        method="simplified",
        email="IG@Firm.Example",
        version=1,
    )
    assert (registration.status, registration.icegate_id, registration.email) == (
        RegistrationStatus.CLAIMED,
        "AMBUR123",
        "ig@firm.example",
    )
    assert registration.claimed_by == member_user
    registration = services.icegate_registration_verify(
        by=staff, member=member, how="welcome_screen"
    )
    assert registration.status == RegistrationStatus.VERIFIED
    assert (registration.verified_by, registration.version) == (staff, 3)
    timeline = list(audit_timeline(user=member_user, member=member))
    assert [e.verb for e in timeline] == [Verb.ICEGATE_VERIFIED, Verb.ICEGATE_CLAIMED]


@pytest.mark.parametrize("state", ["not_registered", "verified"])
def test_only_a_claimed_id_can_be_verified(staff, member_user, state):
    member = member_user.member
    if state == "verified":
        claimed(member, member_user, "AMBUR124")
        services.icegate_registration_verify(by=staff, member=member, how="icegate_lookup")
    with pytest.raises(ValidationError) as info:
        services.icegate_registration_verify(by=staff, member=member, how="icegate_lookup")
    assert "Only a claimed ICEGATE ID can be verified" in info.value.message_dict["status"][0]


def test_stale_version_is_refused(member_user):
    member = member_user.member
    claimed(member, member_user, "AMBUR125")  # version 1 → 2
    with pytest.raises(ValidationError) as info:
        services.icegate_registration_claim(
            by=member_user,
            member=member,
            icegate_id="AMBUR126",
            method="dsc",
            email="a@b.in",
            version=1,
        )
    assert info.value.code == "conflict"
    assert "Someone else changed this registration" in info.value.messages[0]
    member.icegate_registration.refresh_from_db()
    assert member.icegate_registration.icegate_id == "AMBUR125"


def test_an_icegate_id_belongs_to_one_member(member_user):
    other = factories.MemberFactory()
    claimed(other, factories.member_user(other), "SHARED1")
    with pytest.raises(ValidationError) as info:
        claimed(member_user.member, member_user, "shared1")
    assert info.value.message_dict["icegate_id"] == [
        "ICEGATE ID SHARED1 is already recorded for another member"
    ]


def test_reject_returns_the_registration_to_not_registered(staff, member_user):
    member = member_user.member
    claimed(member, member_user, "AMBUR127")
    registration = services.icegate_registration_reject(
        by=staff, member=member, reason="No such ID on ICEGATE"
    )
    assert (registration.status, registration.icegate_id, registration.note) == (
        RegistrationStatus.NOT_REGISTERED,
        None,
        "No such ID on ICEGATE",
    )
    assert audit_verbs(member)[-1] == Verb.ICEGATE_REJECTED
    claimed(member, member_user, "AMBUR127")  # the ID is free again


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda s, m: services.icegate_registration_reject(by=s, member=m, reason=" "), "reason"),
        (lambda s, m: services.icegate_registration_reject(by=s, member=m, reason="x"), "status"),
        (lambda s, m: services.icegate_registration_verify(by=s, member=m, how="x"), "status"),
    ],
)
def test_registration_errors_name_the_field(staff, member, call, field):
    with pytest.raises(ValidationError) as info:
        call(staff, member)
    assert list(info.value.message_dict) == [field]


def test_verifying_by_other_means_needs_a_note(staff, member_user):
    member = member_user.member
    claimed(member, member_user, "AMBUR128")
    with pytest.raises(ValidationError) as info:
        services.icegate_registration_verify(by=staff, member=member, how="other")
    assert list(info.value.message_dict) == ["note"]


def test_members_cannot_verify_or_claim_for_another_firm(member_user):
    other = factories.MemberFactory()
    claimed(other, factories.member_user(other), "OTHERFIRM1")
    with pytest.raises(PermissionDenied):
        services.icegate_registration_verify(by=member_user, member=other, how="icegate_lookup")
    with pytest.raises(PermissionDenied):
        claimed(other, member_user, "HIJACK1")
    with pytest.raises(PermissionDenied):
        services.icegate_registration_verify(
            by=factories.staff_user("DEL"), member=other, how="icegate_lookup"
        )


def test_a_member_cannot_claim_an_office_uploader_id(db):
    member = factories.MemberFactory()
    user = factories.member_user(member=member)
    with pytest.raises(ValidationError, match="council office's uploader ID"):
        services.icegate_registration_claim(
            by=user, member=member, icegate_id="CLEINDIA1984", method="simplified", email="a@b.in"
        )
