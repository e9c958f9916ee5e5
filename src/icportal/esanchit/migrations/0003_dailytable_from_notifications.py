"""The daily Bill of Entry ↔ IC table moves from notifications to esanchit, which owns its facts.

State only: the table keeps its name (`notifications_dailytable`), its constraint and its rows.
notifications' 0004 removes the model from its own state after this one.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("esanchit", "0002_indexes_for_scale"),
        ("members", "0002_seed_segments"),
        ("notifications", "0003_indexes_for_scale"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DailyTable",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("day", models.DateField()),
                        (
                            "status",
                            models.CharField(
                                choices=[("queued", "Mail queued")],
                                default="queued",
                                max_length=10,
                            ),
                        ),
                        ("row_count", models.PositiveSmallIntegerField(default=0)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "email",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="notifications.email",
                            ),
                        ),
                        (
                            "member",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="daily_tables",
                                to="members.member",
                            ),
                        ),
                        (
                            "sent_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "notifications_dailytable",
                        "ordering": ["-day", "member_id"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("member", "day"), name="notifications_one_table_a_day"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
