"""Search by words (issue 17 §4): a firm's name or part of it, its city. See icportal.common.search."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from icportal.common.search import postgres_index_sql, run_sql, sqlite_fts_sql

_PG = [
    postgres_index_sql("members_member", "legal_name", "member_name"),
    postgres_index_sql("members_member", "city", "member_city"),
]
_LITE = sqlite_fts_sql("members_member", ["legal_name", "city"])
UP = {"postgresql": [s for up, _ in _PG for s in up], "sqlite": _LITE[0]}
DOWN = {"postgresql": [s for _, down in _PG for s in down], "sqlite": _LITE[1]}


class Migration(migrations.Migration):
    dependencies = [("members", "0002_seed_segments")]

    operations = [
        TrigramExtension(),  # CREATE EXTENSION IF NOT EXISTS: also in certificates' 0010
        migrations.RunPython(run_sql(UP), run_sql(DOWN)),
    ]
