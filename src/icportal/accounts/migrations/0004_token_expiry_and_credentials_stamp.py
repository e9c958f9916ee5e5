import datetime as dt

from django.db import migrations, models
from django.db.models import F

# The defaults of API_TOKEN_SECOND_FACTOR_DAYS and API_TOKEN_DAYS when this was written: tokens
# that exist already get the life they would have had (see docs/decisions.md, "API tokens expire").
SECOND_FACTOR_DAYS = 90
ORDINARY_DAYS = 365


def backfill(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    for second_factor, days in ((True, SECOND_FACTOR_DAYS), (False, ORDINARY_DAYS)):
        ApiToken.objects.filter(second_factor=second_factor, expires_at__isnull=True).update(
            expires_at=F("created_at") + dt.timedelta(days=days)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_api_token_second_factor"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="user",
            name="credentials_changed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
