# PAdES B-T/B-LT (issue 16): the level and timestamp of each signed file, the pause after a
# TSA/OCSP outage, and the revocation answers reused while fresh.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_status_signed_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificatedocument",
            name="level",
            field=models.CharField(blank=True, max_length=6, verbose_name="PAdES level"),
        ),
        migrations.AddField(
            model_name="certificatedocument",
            name="timestamp_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="certificatedocument",
            name="tsa_subject",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="timestamp authority"
            ),
        ),
        migrations.AddField(
            model_name="certificatedocument",
            name="retry_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name="RevocationAnswer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("issuer", models.CharField(max_length=500)),
                ("serial", models.CharField(max_length=64)),
                (
                    "kind",
                    models.CharField(
                        choices=[("ocsp", "OCSP response"), ("crl", "CRL")], max_length=4
                    ),
                ),
                ("der", models.BinaryField()),
                ("fetched_at", models.DateTimeField()),
                ("next_update", models.DateTimeField(blank=True, null=True)),
                ("source_url", models.CharField(blank=True, max_length=500)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("issuer", "serial"), name="one_revocation_answer"
                    )
                ],
            },
        ),
    ]
