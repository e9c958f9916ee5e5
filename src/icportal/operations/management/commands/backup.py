from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from icportal.operations import backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump custom format / SQLite online backup), the stored files "
        "(MEDIA_ROOT) and a manifest of signed-file hashes, ledger sums and IC number positions."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            nargs="?",
            help="A new or empty directory (default: BACKUP_DIR/icportal-<UTC time>).",
        )
        parser.add_argument(
            "--archive", action="store_true", help="Pack the backup as <destination>.tar.gz."
        )

    def handle(self, *args, destination=None, archive=False, **options):
        if destination is None:
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            destination = Path(settings.BACKUP_DIR) / f"icportal-{stamp}"
        try:
            written = backup.backup(destination=Path(destination), archive=archive)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup written to {written}")
