"""Indexes for a million ICs: an account's ledger in order (a busy firm has thousands of entries)."""

import django.db.models.deletion
from django.db import migrations, models

from icportal.common.migration_ops import without_single_index


class Migration(migrations.Migration):

    dependencies = [
        ("entitlements", "0002_seed_scheme"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="ledgerentry",
            index=models.Index(fields=["account", "created_at"], name="ledger_account_created_idx"),
        ),
        without_single_index(
            "entitlements",
            "ledgerentry",
            "account",
            models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="entries",
                to="entitlements.entitlementaccount",
            ),
        ),
    ]
