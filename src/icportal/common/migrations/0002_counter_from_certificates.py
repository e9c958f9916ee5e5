"""The gap-free number counter moves from certificates to common, keeping its table and rows.

State only: the table `certificates_counter` (made by certificates 0001/0002) stays where it is, with
its rows; from here on Django knows it as `common.Counter`. certificates 0007 drops the old state.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0001_worker_heartbeat"),
        ("offices", "0001_initial"),
        # The table must exist before common takes it over (history only: common imports no domain).
        ("certificates", "0006_paper_issued_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Counter",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("financial_year", models.CharField(max_length=7)),
                        ("kind", models.CharField(max_length=4)),
                        ("last_value", models.PositiveIntegerField(default=0)),
                        (
                            "office",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="offices.office",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "certificates_counter",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("office", "financial_year", "kind"), name="one_counter"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
