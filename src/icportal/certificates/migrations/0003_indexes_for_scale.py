"""Indexes for a million ICs (bench/pages.py; docs/operations.md, "Measuring at scale").

- `boe_reported_at` is set by the assessed-BoE report (filled here for the reports already made),
  so "ICs in force still owing their assessed Bill of Entry" is a small partial index per office
  and per member instead of an anti-join over every IC.
- Assessed Bills of Entry carry their certificate's office (filled here, then set by `boe_report`):
  the office's reports newest first, and those waiting for review, are one index range each.
- The office's applications newest first; counts per status; invoice (as typed and upper-cased)
  and Bill of Entry numbers for the search boxes.
- member and office of applications and certificates lose their single-column indexes: composite
  indexes start with them, and SQLite (no statistics) picked the single one for the office queue
  and sorted every application of the office.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Upper

from icportal.common.migration_ops import without_single_index


def backfill(apps, schema_editor):
    Certificate = apps.get_model("certificates", "ImportCertificate")
    AssessedBoe = apps.get_model("certificates", "AssessedBoe")
    reported = AssessedBoe.objects.filter(certificate=OuterRef("pk")).values("reported_at")[:1]
    Certificate.objects.filter(
        pk__in=AssessedBoe.objects.values("certificate_id"), boe_reported_at__isnull=True
    ).update(boe_reported_at=Subquery(reported))
    office = Certificate.objects.filter(pk=OuterRef("certificate_id")).values("office_id")[:1]
    AssessedBoe.objects.filter(office__isnull=True).update(office_id=Subquery(office))


def _fk(to, related_name, **extra):
    return models.ForeignKey(
        db_index=False,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to=to,
        **extra,
    )


OWED = Q(("boe_reported_at__isnull", True), ("status", "issued"))


class Migration(migrations.Migration):

    dependencies = [
        ("certificates", "0002_initial"),
        ("members", "0001_initial"),
        ("offices", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="importcertificate",
            name="boe_reported_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="assessedboe",
            name="office",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="offices.office",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="importcertificate",
            index=models.Index(
                condition=OWED, fields=["office", "issued_at"], name="ic_boe_owed_office_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="importcertificate",
            index=models.Index(
                condition=OWED, fields=["member", "issued_at"], name="ic_boe_owed_member_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["office", "-created_at"], name="app_office_created_idx"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["invoice_no"], name="app_invoice_no_idx"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["boe_no"], name="app_boe_no_idx"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(Upper("invoice_no"), name="app_invoice_no_upper_idx"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["status"], name="app_status_idx"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=Q(("status__in", ["query", "submitted"])),
                fields=["office", "submitted_at"],
                name="app_open_office_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=Q(("status__in", ["query", "submitted"])),
                fields=["submitted_at"],
                name="app_open_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="assessedboe",
            index=models.Index(fields=["office", "-reported_at"], name="boe_office_reported_idx"),
        ),
        migrations.AddIndex(
            model_name="assessedboe",
            index=models.Index(
                condition=Q(("reviewed_at__isnull", True)),
                fields=["office", "reported_at"],
                name="boe_office_unreviewed_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="assessedboe",
            index=models.Index(fields=["reported_at"], name="boe_reported_idx"),
        ),
        migrations.AddIndex(
            model_name="assessedboe",
            index=models.Index(
                condition=Q(("reviewed_at__isnull", True)),
                fields=["reported_at"],
                name="boe_unreviewed_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="assessedboe",
            index=models.Index(fields=["boe_no"], name="boe_no_idx"),
        ),
        without_single_index(
            "certificates", "application", "member", _fk("members.member", "ic_applications")
        ),
        without_single_index(
            "certificates", "application", "office", _fk("offices.office", "ic_applications")
        ),
        without_single_index(
            "certificates", "importcertificate", "member", _fk("members.member", "certificates")
        ),
        without_single_index(
            "certificates", "importcertificate", "office", _fk("offices.office", "certificates")
        ),
    ]
