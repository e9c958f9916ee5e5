"""The six CLE product segments (domain facts §1.2)."""

from django.db import migrations

SEGMENTS = [
    ("LG", "Leather Garments"),
    ("LGD", "Leather Goods"),
    ("FW", "Footwear"),
    ("FC", "Footwear Components"),
    ("GL", "Leather Gloves"),
    ("SH", "Saddlery & Harness"),
]


def seed(apps, schema_editor):
    Segment = apps.get_model("members", "Segment")
    for position, (code, name) in enumerate(SEGMENTS):
        Segment.objects.get_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
