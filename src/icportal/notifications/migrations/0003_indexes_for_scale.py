"""Indexes for a million ICs: an office's outbox newest first, and its count, which leaves out
mails to other staff accounts and so reads `to`. Member and office are led by composite indexes."""

import django.db.models.deletion
from django.db import migrations, models

from icportal.common.migration_ops import without_single_index


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0002_outbox_worker"),
        ("members", "0001_initial"),
        ("offices", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="email",
            index=models.Index(fields=["office", "-created_at"], name="email_office_created_idx"),
        ),
        migrations.AddIndex(
            model_name="email",
            index=models.Index(fields=["office", "to"], name="email_office_to_idx"),
        ),
        without_single_index(
            "notifications",
            "email",
            "member",
            models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="emails",
                to="members.member",
            ),
        ),
        without_single_index(
            "notifications",
            "email",
            "office",
            models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="emails",
                to="offices.office",
            ),
        ),
    ]
