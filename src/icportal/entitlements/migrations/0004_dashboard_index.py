"""The dashboard's entitlement per segment group reads one financial year's accounts."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("entitlements", "0003_indexes_for_scale"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="entitlementaccount",
            index=models.Index(
                fields=["financial_year", "segment_group"], name="account_year_group_idx"
            ),
        ),
    ]
