"""Audit rows: written only inside a service's transaction, never changed, read by scope."""

from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from icportal.accounts.selectors import audit_timeline
from icportal.audit.formatters import FORMATTERS, describe
from icportal.audit.models import AuditEvent, Verb
from icportal.audit.services import audit_record
from icportal.members import services
from tests import factories
from tests.members.factories import claimed, member_data


@pytest.fixture
def event(db, staff):
    member = services.member_create(by=staff, data=member_data(800))
    return AuditEvent.objects.get(member=member)


def test_a_stored_row_cannot_be_saved_again(event):
    event.payload = {"iec": "tampered"}
    with pytest.raises(TypeError, match="never changed"):
        event.save()
    event.refresh_from_db()
    assert event.payload["iec"] != "tampered"


def test_a_row_cannot_be_deleted(event):
    with pytest.raises(TypeError, match="never deleted"):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda qs: qs.update(actor_label="someone else"),
        lambda qs: qs.delete(),
        lambda qs: AuditEvent.objects.bulk_update(list(qs), ["actor_label"]),
        lambda qs: qs.filter(verb=Verb.MEMBER_CREATED).update(payload={}),
    ],
    ids=["update", "delete", "bulk_update", "filtered-update"],
)
def test_querysets_cannot_change_rows(event, change):
    with pytest.raises(TypeError), transaction.atomic():
        change(AuditEvent.objects.all())
    assert AuditEvent.objects.get(pk=event.pk).actor_label == event.actor_label


def test_a_member_with_audit_rows_cannot_be_deleted(event):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        event.member.delete()


def test_audit_record_refuses_to_run_outside_a_transaction(db):
    office = factories.office("CHN")
    outside = SimpleNamespace(in_atomic_block=False)
    with (
        mock.patch("icportal.audit.services.transaction.get_connection", return_value=outside),
        pytest.raises(RuntimeError, match="inside the service's transaction"),
    ):
        audit_record(actor=None, verb=Verb.OFFICE_UPDATED, target=office)
    assert not AuditEvent.objects.exists()


def test_a_failed_service_leaves_only_the_rows_of_the_one_that_worked(db, staff):
    member = services.member_create(by=staff, data=member_data(801))
    with pytest.raises(ValidationError, match="already exists"):
        services.member_create(by=staff, data=member_data(801))
    assert list(AuditEvent.objects.values_list("verb", "member")) == [
        (Verb.MEMBER_CREATED, member.pk)
    ]


def test_every_verb_has_a_sentence():
    assert set(FORMATTERS) == set(Verb)


def test_sentences_read_well(db, staff, member_user):
    member = member_user.member
    claimed(member, member_user, "AMBUR800")
    services.icegate_registration_reject(by=staff, member=member, reason="Not on ICEGATE")
    sentences = [describe(e) for e in audit_timeline(user=staff, member=member)]
    assert sentences == [
        "returned ICEGATE ID AMBUR800: Not on ICEGATE",
        "gave ICEGATE ID AMBUR800 (Simplified registration (IEC + GSTIN))",
    ]


def test_timelines_are_scoped(db, staff, member_user):
    mine = member_user.member
    other = factories.MemberFactory()
    claimed(mine, member_user, "MINE0001")
    claimed(other, factories.member_user(other), "OTHER0001")
    delhi = factories.MemberFactory(office=factories.office("DEL"))
    claimed(delhi, factories.member_user(delhi), "DELHI0001")

    def ids(user, **kw):
        return {e.payload["icegate_id"] for e in audit_timeline(user=user, **kw)}

    assert ids(member_user) == {"MINE0001"}
    assert ids(member_user, member=other) == set()
    assert ids(staff) == {"MINE0001", "OTHER0001"}
    assert ids(factories.head_office_user()) == {"MINE0001", "OTHER0001", "DELHI0001"}
