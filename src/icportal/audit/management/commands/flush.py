"""`flush`, which the test suite's transactional tests run after each test, around the audit triggers.

The database refuses to delete audit rows (migration 0011), and flushing empties every table:
on PostgreSQL with TRUNCATE, on SQLite with DELETE. Where settings.AUDIT_FLUSH_ALLOWED is true
(the test settings only) this flush switches the audit triggers off, empties the tables and
switches them on again, all in one transaction: no other connection ever sees the table
unguarded, and a failure leaves the triggers as they were. Everywhere else it is Django's flush,
which the triggers refuse, so a flush can never erase a production audit trail.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.commands import flush
from django.db import connections, transaction

from icportal.audit.models import AuditEvent

# pg_trigger.tgenabled → the ALTER TABLE words that put it back
_PG_ENABLE = {"O": "ENABLE", "A": "ENABLE ALWAYS", "R": "ENABLE REPLICA"}


def _postgres_off(cursor, table: str) -> list[str]:
    cursor.execute(
        "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
        [table],
    )
    triggers = cursor.fetchall()
    for name, _ in triggers:
        cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER "{name}"')
    return [
        f'ALTER TABLE "{table}" {_PG_ENABLE[state]} TRIGGER "{name}"' for name, state in triggers
    ]


def _sqlite_off(cursor, table: str) -> list[str]:
    # SQLite cannot disable a trigger: drop it and recreate it from its own stored definition.
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
    )
    triggers = cursor.fetchall()
    for name, _ in triggers:
        cursor.execute(f'DROP TRIGGER "{name}"')
    return [sql for _, sql in triggers]


class Command(flush.Command):
    def handle(self, **options):
        if not getattr(settings, "AUDIT_FLUSH_ALLOWED", False):
            return super().handle(**options)
        database = options["database"]
        connection = connections[database]
        off = {"postgresql": _postgres_off, "sqlite": _sqlite_off}[connection.vendor]
        with transaction.atomic(using=database):
            with connection.cursor() as cursor:
                restore = off(cursor, AuditEvent._meta.db_table)
            super().handle(**options)
            with connection.cursor() as cursor:
                for sql in restore:
                    cursor.execute(sql)
