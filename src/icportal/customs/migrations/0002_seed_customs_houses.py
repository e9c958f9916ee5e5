"""The customs houses leather imports mostly pass through (issue 15 §2), with placeholder e-mails.

Every row is marked "to be confirmed": the nodal officers' names and addresses are not published,
and head office fills them in on the customs house page. Port codes are ICEGATE location codes
(domain-facts §4.5); the Kolkata, Kanpur and Agra ones are from public port lists but not checked
against an ICEGATE specimen — marked in `note` below. Idempotent: a row already there is left as is.
"""

from django.db import migrations

HOUSES = [
    # port code, name, note on the code
    ("INMAA1", "Chennai Customs House (sea)", ""),
    ("INMAA4", "Chennai Air Cargo Complex", ""),
    ("INNSA1", "Jawaharlal Nehru Custom House, Nhava Sheva (sea)", ""),
    ("INBOM4", "Mumbai Air Cargo Complex", ""),
    ("INDEL4", "Delhi Air Cargo Complex", ""),
    ("INTKD6", "ICD Tughlakabad, New Delhi", ""),
    ("INCCU1", "Kolkata Custom House (sea)", "code not verified"),
    ("INCCU4", "Kolkata Air Cargo Complex", "code not verified"),
    ("INKNU6", "ICD Kanpur", "code not verified (public lists also show INCPR6)"),
    ("INAGR6", "ICD Agra", "code not verified"),
]


def placeholder_email(port_code: str) -> str:
    return f"nodal.{port_code.lower()}@customs.example"


def seed(apps, schema_editor):
    CustomsHouse = apps.get_model("customs", "CustomsHouse")
    for port_code, name, _note in HOUSES:
        CustomsHouse.objects.get_or_create(
            port_code=port_code,
            defaults={
                "name": name,
                "officer_name": "Nodal officer (to be confirmed)",
                "officer_email": placeholder_email(port_code),
                "to_be_confirmed": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("customs", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
