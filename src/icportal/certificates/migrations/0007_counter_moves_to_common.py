"""The number counter now belongs to common (common 0002): forget it here, keep the table and rows."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0006_paper_issued_index"),
        ("common", "0002_counter_from_certificates"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Counter")],
            database_operations=[],
        ),
    ]
