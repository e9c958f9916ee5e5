"""The council and the seven offices with the ICEGATE IDs of circular CLE-HO/POL/DFIS/2019."""

from django.db import migrations

OFFICES = [
    # code, name, region, ICEGATE ID, head office, address
    ("CHN", "Chennai", "Southern", "CLEINDIA1984", True,
     "CLE Towers, 1 Sidco Industrial Estate, Guindy, Chennai 600 032"),
    ("DEL", "Delhi", "Northern", "CLEDELHI1984", False, "Regional Office, New Delhi"),
    ("KOL", "Kolkata", "Eastern", "CLEKOLKATA1984", False, "Regional Office, Kolkata"),
    ("MUM", "Mumbai", "Western", "CLEMUMBAI1984", False, "Regional Office, Mumbai"),
    ("KNP", "Kanpur", "Central", "CLEKANPUR1984", False, "Regional Office, Banthar, Unnao (Kanpur)"),
    ("AGR", "Agra", "Central", "CLEAGRA1984", False, "Regional Office, Agra"),
    ("JAL", "Jalandhar", "Northern", "CLEJALANDHAR1984", False, "Regional Office, Jalandhar"),
]


def seed(apps, schema_editor):
    Council = apps.get_model("offices", "Council")
    Office = apps.get_model("offices", "Office")
    council, _ = Council.objects.get_or_create(
        short_code="CLE",
        defaults={
            "name": "Council for Leather Exports",
            "email": "cle@leatherindia.example",
            "website": "https://leatherindia.org",
        },
    )
    for code, name, region, icegate_id, is_head, address in OFFICES:
        Office.objects.get_or_create(
            code=code,
            defaults={
                "council": council,
                "name": name,
                "region": region,
                "icegate_id": icegate_id,
                "is_head_office": is_head,
                "address": address,
                "email": f"{name.lower()}@leatherindia.example",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("offices", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
