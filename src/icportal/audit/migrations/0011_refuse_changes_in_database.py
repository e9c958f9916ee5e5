"""The database itself refuses to change or remove an audit row (issue 13).

The model already refuses save() of a stored row and delete(); these triggers close what the ORM
cannot: `_base_manager.update()`, plain querysets, raw SQL and the database shells.

- PostgreSQL: one row trigger for UPDATE and DELETE and one statement trigger for TRUNCATE, both
  ENABLE ALWAYS so that `session_replication_role = replica` (which the bench generator uses for
  fast inserts) does not switch them off. They raise SQLSTATE 23000 (integrity constraint
  violation), which Django reports as IntegrityError on both databases.
- SQLite: BEFORE UPDATE and BEFORE DELETE triggers with RAISE(ABORT, …); SQLite has no TRUNCATE
  (its DELETE without WHERE fires the triggers too).

Inserts are untouched. The only way round is DDL (dropping or disabling a trigger), which needs the
table owner's rights: see docs/decisions.md (the test suite's flush does exactly that, within its
own transaction, and only when settings.AUDIT_FLUSH_ALLOWED is true).
"""

from django.db import migrations

TABLE = "audit_auditevent"

POSTGRES_UP = [
    f"""
    CREATE OR REPLACE FUNCTION {TABLE}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit rows are append-only: % on % refused', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation',
                  HINT = 'The audit trail is never changed; see docs/operations.md, Audit.';
    END;
    $$
    """,
    f"""
    CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse()
    """,
    f"""
    CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_refuse()
    """,
    f"ALTER TABLE {TABLE} ENABLE ALWAYS TRIGGER {TABLE}_no_change",
    f"ALTER TABLE {TABLE} ENABLE ALWAYS TRIGGER {TABLE}_no_truncate",
]
POSTGRES_DOWN = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse()",
]
SQLITE_UP = [
    f"""
    CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit rows are append-only: UPDATE on {TABLE} refused'); END
    """,
    f"""
    CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit rows are append-only: DELETE on {TABLE} refused'); END
    """,
]
SQLITE_DOWN = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise RuntimeError(f"No audit triggers written for {vendor}: add them first")
        for sql in statements[vendor]:
            schema_editor.execute(sql, None)  # no parameters: the % of RAISE stays as written

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0010_access_verbs")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
