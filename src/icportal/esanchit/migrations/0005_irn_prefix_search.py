"""Search by the start of an IRN or DRN (issue 17 §4).

PostgreSQL compares `irn LIKE 'ABC%'` through an index only with the pattern operator class (the
database's collation orders text otherwise); SQLite's search reads a range of the existing
partial indexes (binary order) instead, so it needs nothing here.
"""

from django.db import migrations

from icportal.common.search import run_sql

UP = {
    "postgresql": [
        f"CREATE INDEX IF NOT EXISTS upload_accepted_{c}_prefix_idx ON esanchit_upload "
        f"({c} varchar_pattern_ops) WHERE status = 'accepted'"
        for c in ("irn", "drn")
    ]
}
DOWN = {"postgresql": [f"DROP INDEX IF EXISTS upload_accepted_{c}_prefix_idx" for c in ("irn", "drn")]}


class Migration(migrations.Migration):
    dependencies = [("esanchit", "0004_dailytable_versions_lines_corrections")]

    operations = [migrations.RunPython(run_sql(UP), run_sql(DOWN))]
