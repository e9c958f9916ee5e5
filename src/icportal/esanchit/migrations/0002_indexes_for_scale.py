"""Indexes for a million ICs: an office's uploads newest first, and IRN / DRN lookups of
accepted uploads (the search box). The office column is led by composite indexes now."""

import django.db.models.deletion
from django.db import migrations, models

from icportal.common.migration_ops import without_single_index


class Migration(migrations.Migration):

    dependencies = [
        ("esanchit", "0001_initial"),
        ("offices", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="upload",
            index=models.Index(fields=["office", "-created_at"], name="upload_office_created_idx"),
        ),
        migrations.AddIndex(
            model_name="upload",
            index=models.Index(
                condition=models.Q(("status", "accepted")),
                fields=["irn"],
                name="upload_accepted_irn_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="upload",
            index=models.Index(
                condition=models.Q(("status", "accepted")),
                fields=["drn"],
                name="upload_accepted_drn_idx",
            ),
        ),
        without_single_index(
            "esanchit",
            "upload",
            "office",
            models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="offices.office",
            ),
        ),
    ]
