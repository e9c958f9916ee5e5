"""The database itself refuses to change or remove audit rows, whatever the path: the ORM's plain
managers, raw SQL, TRUNCATE. Inserts still work."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet

from icportal.audit.models import AuditEvent, Verb
from icportal.audit.services import audit_record
from icportal.members import services
from tests.members.factories import member_data

REFUSED = "audit rows are append-only"


@pytest.fixture
def event(db, staff):
    member = services.member_create(by=staff, data=member_data(820))
    return AuditEvent.objects.get(member=member)


def _refused(change) -> str:
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        change()
    return str(caught.value)


def _raw(sql: str, params=()):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    return run


def test_raw_sql_update_is_refused(event):
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    message = _refused(_raw(f"UPDATE {table} SET actor_label = %s", ["someone else"]))
    assert REFUSED in message and "UPDATE" in message
    assert AuditEvent.objects.get(pk=event.pk).actor_label == event.actor_label


def test_raw_sql_delete_is_refused(event):
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    message = _refused(_raw(f"DELETE FROM {table} WHERE id = %s", [event.pk]))
    assert REFUSED in message and "DELETE" in message
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_truncate_is_refused(event):
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    # The test's own inserts leave deferred foreign-key checks pending: run them first.
    connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
    message = _refused(_raw(f"TRUNCATE {table} CASCADE"))
    assert REFUSED in message and "TRUNCATE" in message
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL session setting")
def test_replica_mode_does_not_switch_the_triggers_off(event):
    table = connection.ops.quote_name(AuditEvent._meta.db_table)

    def change():
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:  # only a superuser may set it; the generator does
                cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(f"DELETE FROM {table}")

    assert REFUSED in _refused(change)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda: AuditEvent._base_manager.all().update(actor_label="someone else"),
        lambda: AuditEvent._base_manager.filter(verb=Verb.MEMBER_CREATED).update(payload={}),
        lambda: QuerySet(AuditEvent).delete(),
        lambda: AuditEvent._base_manager.all().delete(),
    ],
    ids=["base-manager-update", "base-manager-filtered-update", "queryset-delete", "base-delete"],
)
def test_the_orm_round_the_model_guards_is_refused(event, change):
    assert REFUSED in _refused(change)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor_label, stored.payload) == (event.actor_label, event.payload)


def test_inserts_still_work(event, staff):
    with transaction.atomic():
        added = audit_record(
            actor=staff, verb=Verb.OFFICE_UPDATED, target=staff.office, office=staff.office
        )
    AuditEvent.objects.bulk_create(
        [AuditEvent(actor_label="bench", verb=Verb.OFFICE_UPDATED, target_type="x", target_id="1")]
    )
    assert AuditEvent.objects.count() == 3
    assert AuditEvent.objects.get(pk=added.pk).actor == staff


def test_flush_is_refused_outside_the_tests(event, settings):
    from django.core.management import CommandError, call_command

    settings.AUDIT_FLUSH_ALLOWED = False
    with pytest.raises(CommandError, match="couldn't be flushed"):
        call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_test_flush_empties_the_trail_and_puts_the_guard_back(staff):
    from django.core.management import call_command

    services.member_create(by=staff, data=member_data(821))
    assert AuditEvent.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    with transaction.atomic():
        audit_record(actor=None, verb=Verb.OFFICE_UPDATED, target=_ref())
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    assert REFUSED in _refused(_raw(f"DELETE FROM {table}"))
    assert AuditEvent.objects.count() == 1


def _ref():
    from icportal.audit.services import Ref

    return Ref("offices.office", "0", "an office")
