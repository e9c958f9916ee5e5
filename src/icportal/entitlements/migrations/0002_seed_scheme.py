"""Segment groups, the scheme versions known today, and the eligible items of domain facts §1.7.

Everything here is data that head office edits later: the legal basis changed in 2025.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

GARMENT_ITEMS = [
    "Draw-string anglets (hooded jackets)", "Anti-theft labels, tags and sensors",
    "Badges, including embroidered badges", "Beads for embroidery", "Bobbin elastic",
    "Bows, rings and sliders", "Bra and bust cups", "Buckles", "Butterfly and other garment stays",
    "Collar patties", "Collar stays", "Cord and cord stoppers", "Elastic band, cloth and tape",
    "Embroidery threads", "Button covers", "Eyelets",
    "Fasteners including buttons, snap fasteners, snap buttons and zippers",
    "Fusible or non-fusible embroidery motifs or prints", "Heat-transfer and high-density stickers",
    "Hook and bar", "Hook tape up to 75 mm", "Hooks and eyes", "Inlay cards", "Knitted ribs",
    "Laces", "Metal clips", "Metal tabs", "Metal bra underwire", "Shoulder pads", "Rivets",
    "Sewing thread", "Non-precious stones", "Sequins", "Velcro tape", "Toggles", "Poly-wadding",
    "Studs", "Quilted wadding",
]
GARMENT_SPECIAL = [
    ("Lining and interlining", True, "Affidavit required (Annexure III)"),
    ("Sample fabric", False, "Up to 500 metres per financial year"),
]
OTHER_ITEMS = [
    ("Buckles", "83089011"), ("D-rings", "83089019"), ("Eyelets", "83089031"),
    ("Hooks and eyes", "83089019"), ("Rivets", "83089040"), ("Studs", "83089099"),
    ("Buttons and fasteners of all types", "96062100"), ("Velcro hook and loop tapes", "58061000"),
    ("Elastic tapes", "58062000"), ("Adhesive tapes", "39191000"), ("Reinforcement tapes", "58063200"),
    ("Stamping foil", "32121000"), ("Sewing thread", "54011000"), ("Locks including magnetic locks", "83013000"),
    ("Metal handles and fittings", "83024200"), ("Dog hooks", "83089019"), ("Logos", "83100000"),
    ("Ring binders", "83051000"), ("Key hooks, rings and holders", "73269099"), ("Push clips", "83089019"),
    ("Chains", "73158900"), ("Zip pullers", "96072000"), ("Hinges", "83021090"),
    ("Magnetic snaps", "85051190"), ("Glove liners", "61169990"), ("Loop rivets and loop ovals", "83089040"),
    ("Slide fasteners (zip fasteners)", "96071100"),
]


def seed(apps, schema_editor):
    Segment = apps.get_model("members", "Segment")
    SegmentGroup = apps.get_model("entitlements", "SegmentGroup")
    SchemeVersion = apps.get_model("entitlements", "SchemeVersion")
    SchemeRate = apps.get_model("entitlements", "SchemeRate")
    EligibleItem = apps.get_model("entitlements", "EligibleItem")
    garments, _ = SegmentGroup.objects.get_or_create(
        code="GARMENTS", defaults={"name": "Leather Garments", "position": 0})
    garments.segments.set(Segment.objects.filter(code="LG"))
    others, _ = SegmentGroup.objects.get_or_create(
        code="OTHERS", defaults={"name": "Leather Goods, Footwear, Components, Gloves, Saddlery", "position": 1})
    others.segments.set(Segment.objects.exclude(code="LG"))
    if not SchemeVersion.objects.exists():
        v2019 = SchemeVersion.objects.create(
            effective_from=dt.date(2019, 4, 1), notification_number="50/2017-Customs dated 30.06.2017",
            notification_serials="288, 311, 312", ic_document_type_code="CLEIC1",
            note="DFIS guidelines 2019-20. The document type code is the sandbox's until CBIC gives CLE's.")
        v2025 = SchemeVersion.objects.create(
            effective_from=dt.date(2025, 11, 1), notification_number="45/2025-Customs dated 24.10.2025",
            notification_serials="to be confirmed", ic_document_type_code="CLEIC1",
            note="Consolidated exemption notification; DFIS serial numbers not yet known.")
        for version in (v2019, v2025):
            SchemeRate.objects.create(version=version, segment_group=garments, percentage=Decimal("3.00"))
            SchemeRate.objects.create(version=version, segment_group=others, percentage=Decimal("5.00"))
    for name in GARMENT_ITEMS:
        EligibleItem.objects.get_or_create(segment_group=garments, name=name)
    for name, affidavit, note in GARMENT_SPECIAL:
        EligibleItem.objects.get_or_create(
            segment_group=garments, name=name, defaults={"needs_affidavit": affidavit, "note": note})
    for name, hs in OTHER_ITEMS:
        EligibleItem.objects.get_or_create(segment_group=others, name=name, defaults={"hs_code": hs})


class Migration(migrations.Migration):
    dependencies = [("entitlements", "0001_initial"), ("members", "0002_seed_segments")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
