"""`icportal sandbox_seed --from FILE.json`: load GSTN records and ICEGATE registrations, idempotently.

The file (icportal's demo-data command writes it):

    {"taxpayers": [{"gstin", "legal_name", "email", "mobile", "iec"?}],
     "registrations": [{"icegate_id", "password", "role": "IEC"|"PGA", "iec" | "pga_name",
                        "email", "mobile", "certificate_pem"?, "method": "simplified"|"dsc",
                        "gstin"?}]}

Running it again changes nothing; a changed entry is brought up to date.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from icegate_sandbox.errors import SandboxError
from icegate_sandbox.services.accounts import registration_upsert
from icegate_sandbox.services.taxpayers import taxpayer_upsert

TAXPAYER_FIELDS = {"gstin", "legal_name", "email", "mobile"}
TAXPAYER_OPTIONAL = {"iec"}
REGISTRATION_FIELDS = {"icegate_id", "password", "role", "email", "mobile", "method"}
REGISTRATION_OPTIONAL = {"iec", "pga_name", "certificate_pem", "gstin"}


def _entries(data: dict, key: str, required: set, optional: set) -> list[dict]:
    entries = data.get(key, [])
    if not isinstance(entries, list):
        raise CommandError(f'"{key}" must be a list')
    for number, entry in enumerate(entries, start=1):
        where = f"{key}[{number}]"
        if not isinstance(entry, dict):
            raise CommandError(f"{where} must be an object")
        if unknown := sorted(set(entry) - required - optional):
            raise CommandError(f"{where} has unknown fields: {', '.join(unknown)}")
        if missing := sorted(required - set(entry)):
            raise CommandError(f"{where} lacks: {', '.join(missing)}")
    return entries


class Command(BaseCommand):
    help = "Load GSTN taxpayers and ICEGATE registrations into the sandbox from a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="path", required=True, help="the seed JSON file")

    def handle(self, *args, path, **options):
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        except ValueError as exc:
            raise CommandError(f"{path} is not JSON: {exc}") from exc
        if not isinstance(data, dict) or set(data) - {"taxpayers", "registrations"}:
            raise CommandError('the file must be {"taxpayers": [...], "registrations": [...]}')
        taxpayers = _entries(data, "taxpayers", TAXPAYER_FIELDS, TAXPAYER_OPTIONAL)
        registrations = _entries(data, "registrations", REGISTRATION_FIELDS, REGISTRATION_OPTIONAL)
        tally: Counter[str] = Counter()
        with transaction.atomic():
            for number, entry in enumerate(taxpayers, start=1):
                try:
                    _, outcome = taxpayer_upsert(**entry)
                except SandboxError as error:
                    raise CommandError(f"taxpayers[{number}]: {error.message}") from error
                tally[f"taxpayers {outcome}"] += 1
            for number, entry in enumerate(registrations, start=1):
                try:
                    _, outcome = registration_upsert(**entry)
                except SandboxError as error:
                    raise CommandError(f"registrations[{number}]: {error.message}") from error
                tally[f"registrations {outcome}"] += 1
        summary = ", ".join(f"{count} {what}" for what, count in sorted(tally.items()))
        self.stdout.write(f"ICEGATE sandbox seeded: {summary or 'nothing to load'}")
