"""Search by words (issue 17 §4): supplier name, item description and HS code.

PostgreSQL: pg_trgm, then GIN trigram and 'simple' full-text indexes; SQLite: FTS5 tables with the
trigram tokenizer kept in step by triggers. See icportal.common.search.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from icportal.common.search import postgres_index_sql, run_sql, sqlite_fts_sql

_PG = [
    postgres_index_sql("certificates_application", "supplier_name", "app_supplier"),
    postgres_index_sql("certificates_item", "description", "item_description"),
    postgres_index_sql("certificates_item", "hs_code", "item_hs_code"),
]
_LITE = [
    sqlite_fts_sql("certificates_application", ["supplier_name"]),
    sqlite_fts_sql("certificates_item", ["description", "hs_code"]),
]
UP = {"postgresql": [s for up, _ in _PG for s in up], "sqlite": [s for up, _ in _LITE for s in up]}
DOWN = {
    "postgresql": [s for _, down in _PG for s in down],
    "sqlite": [s for _, down in _LITE for s in down],
}


class Migration(migrations.Migration):
    dependencies = [("certificates", "0009_application_urgent_flag")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(run_sql(UP), run_sql(DOWN)),
    ]
