"""Indexes for a million ICs: the member and office columns are indexed by the composite
(member, -created_at) and (office, -created_at) indexes, so their single indexes go."""

import django.db.models.deletion
from django.db import migrations, models

from icportal.common.migration_ops import without_single_index


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0007_bulk_job_verb"),
        ("members", "0001_initial"),
        ("offices", "0001_initial"),
    ]

    operations = [
        without_single_index(
            "audit",
            "auditevent",
            "member",
            models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="members.member",
            ),
        ),
        without_single_index(
            "audit",
            "auditevent",
            "office",
            models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="offices.office",
            ),
        ),
    ]
