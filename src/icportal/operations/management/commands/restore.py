from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from icportal.operations import backup


class Command(BaseCommand):
    help = (
        "Restore a backup (directory or .tar.gz) into the configured, empty database and "
        "MEDIA_ROOT, then check every signed file's hash, the ledger sums and the IC numbers."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="The backup directory or archive.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that is not empty, and files that differ. Destroys data.",
        )

    def handle(self, *args, source, force=False, **options):
        try:
            result = backup.restore(source=Path(source), force=force)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result["manifest"]
        self.stdout.write(
            f"Restored the {manifest['database']['vendor']} database of {manifest['created_at']} "
            f"and {result['files']} file(s)."
        )
        if result["problems"]:
            raise CommandError("Verification FAILED:\n" + "\n".join(result["problems"]))
        self.stdout.write(
            f"Verified: {len(manifest['signed_documents'])} signed document(s), ledger sums and "
            f"{len(manifest['sequences'])} number sequence(s) match the backup."
        )
