"""Migration helpers for large tables.

`without_single_index` turns off `db_index` on a foreign key whose column already leads a
composite index. A plain AlterField would make SQLite copy the whole table (it rebuilds a table for
nearly every field change); here only the state changes and the one index is dropped by name.
"""

from __future__ import annotations

from django.db import migrations


def _single_column_indexes(schema_editor, model, column: str) -> list[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return [
        name
        for name, info in constraints.items()
        if info.get("index")
        and not info.get("unique")
        and not info.get("primary_key")
        and info.get("columns") == [column]
        and not info.get("definition")  # partial or expression indexes are someone else's
    ]


def without_single_index(app_label: str, model_name: str, field_name: str, field):
    """AlterField(model_name, field_name, field) with field.db_index False, as described above."""

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        column = model._meta.get_field(field_name).column
        for name in _single_column_indexes(schema_editor, model, column):
            schema_editor.execute(schema_editor._delete_index_sql(model, name))

    def backwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        index_field = model._meta.get_field(field_name)
        if not _single_column_indexes(schema_editor, model, index_field.column):
            schema_editor.execute(schema_editor._create_index_sql(model, fields=[index_field]))

    return migrations.SeparateDatabaseAndState(
        database_operations=[migrations.RunPython(forwards, backwards)],
        state_operations=[migrations.AlterField(model_name, field_name, field)],
    )
