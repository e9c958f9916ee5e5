"""The daily Bill of Entry ↔ IC table now belongs to esanchit (its 0003 takes the model over).

State only: the table `notifications_dailytable` and its rows stay where they are.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0003_indexes_for_scale"),
        ("esanchit", "0003_dailytable_from_notifications"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DailyTable")],
            database_operations=[],
        ),
    ]
