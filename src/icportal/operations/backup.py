"""`icportal backup` and `icportal restore`: the database, the stored files and a manifest.

A backup is one directory (or that directory as a .tar.gz):

    database.dump | database.sqlite3   PostgreSQL custom format (pg_dump) / SQLite online backup
    media/                             MEDIA_ROOT: signed IC PDFs, attachments, EPC certificates
    manifest.json                      what must be true after a restore (see `figures`)

The manifest's figures are read in the same snapshot as the database copy (PostgreSQL: pg_dump
runs on a snapshot exported from our REPEATABLE READ transaction; SQLite: the copy is taken inside
our write transaction), so a restore can be checked against them exactly while the portal keeps
working during the backup.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from icportal.common.models import Counter
from icportal.documents.models import CertificateDocument, DocStatus
from icportal.entitlements.models import EntitlementAccount, LedgerEntry

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """The backup or restore cannot go on; the message says what to do."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def figures() -> dict:
    """What the restored database must show again: every signed document with its SHA-256, the
    ledger sums per entitlement account, and every number counter's position."""
    documents = [
        {
            "certificate": number,
            "file_name": file_name,
            "path": path,
            "sha256": sha256,
            "size": size,
        }
        for number, file_name, path, sha256, size in CertificateDocument.objects.filter(
            status=DocStatus.SIGNED
        )
        .order_by("pk")
        .values_list("certificate__number", "file_name", "file", "sha256", "size")
    ]
    sums = {
        row["account"]: row
        for row in LedgerEntry.objects.order_by()
        .values("account")
        .annotate(total=Sum("amount"), entries=Count("id"))
    }
    accounts = {}
    for account in EntitlementAccount.objects.select_related("member", "segment_group").order_by(
        "pk"
    ):
        row = sums.get(account.pk, {})
        accounts[f"{account.member.iec}/{account.financial_year}/{account.segment_group.code}"] = {
            "credited": str(account.credited),
            "balance": str(account.balance),
            "ledger_sum": str(row.get("total") or 0),
            "ledger_entries": row.get("entries", 0),
        }
    ledger_total = LedgerEntry.objects.aggregate(total=Sum("amount"), entries=Count("id"))
    sequences = {
        f"{office}/{kind}/{year}": value
        for office, kind, year, value in Counter.objects.order_by(
            "office__code", "kind", "financial_year"
        ).values_list("office__code", "kind", "financial_year", "last_value")
    }
    return {
        "signed_documents": documents,
        "ledger": {
            "total": str(ledger_total["total"] or 0),
            "entries": ledger_total["entries"],
            "accounts": accounts,
        },
        "sequences": sequences,
    }


def _pg_tool(name: str) -> str:
    if settings.PG_BIN_DIR:
        return str(Path(settings.PG_BIN_DIR) / name)
    # Debian's /usr/bin wrappers pick a version by cluster; the newest client reads every server.
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version_key)
    if found:
        return found[-1]
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} not found: install PostgreSQL's client or set ICPORTAL_PG_BIN_DIR"
        )
    return path


def _version_key(path: str):
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def _pg_env(settings_dict: dict) -> dict:
    """libpq's environment: the password never appears on a command line."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _copy_database(target: Path) -> dict:
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            _run(
                [
                    _pg_tool("pg_dump"),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    "-f",
                    str(target),
                ],
                _pg_env(connection.settings_dict),
            )
            return figures()
    if connection.vendor == "sqlite":
        # One read transaction (WAL: writers carry on) for the figures and the copy. Not Django's
        # atomic(): that takes the write lock (transaction_mode IMMEDIATE), and SQLite's backup
        # cannot read through a connection that holds it.
        if connection.in_atomic_block:
            raise BackupError("A backup cannot run inside another transaction")
        connection.ensure_connection()
        raw = connection.connection
        raw.execute("BEGIN DEFERRED")
        try:
            found = figures()
            copy = sqlite3.connect(target)
            try:
                raw.backup(copy)
            finally:
                copy.close()
        finally:
            raw.execute("COMMIT")
        return found
    raise BackupError(f"Backups of {connection.vendor} databases are not supported")


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _check_documents(found: dict, media: Path) -> list[str]:
    problems = []
    for document in found["signed_documents"]:
        path = media / document["path"]
        if not path.is_file():
            problems.append(f"{document['certificate']}: signed file {document['path']} is missing")
        elif sha256_of(path) != document["sha256"]:
            problems.append(
                f"{document['certificate']}: signed file {document['path']} does not match its "
                "SHA-256"
            )
    return problems


def backup(*, destination: Path, archive: bool = False) -> Path:
    """Write a backup into `destination` (a new or empty directory); returns its path (or the
    archive's). Refuses to finish when a signed file is already missing or changed."""
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty: choose a new directory")
    destination.mkdir(parents=True, exist_ok=True)
    database_file = destination / DATABASE_FILES.get(connection.vendor, "database")
    found = _copy_database(database_file)
    media = _media_root()
    if media.is_dir():
        shutil.copytree(media, destination / MEDIA, dirs_exist_ok=True)
    else:
        (destination / MEDIA).mkdir()
    problems = _check_documents(found, destination / MEDIA)
    if problems:
        raise BackupError("Signed files do not match the database:\n" + "\n".join(problems))
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {
            "vendor": connection.vendor,
            "file": database_file.name,
            "sha256": sha256_of(database_file),
        },
        "media_files": sum(1 for p in (destination / MEDIA).rglob("*") if p.is_file()),
        **found,
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    if archive:
        made = shutil.make_archive(str(destination), "gztar", root_dir=destination)
        shutil.rmtree(destination)
        return Path(made)
    return destination


@contextmanager
def _opened(source: Path):
    """A backup directory, or a .tar.gz of one unpacked into a temporary directory."""
    source = Path(source)
    if source.is_dir():
        yield source
        return
    if not source.is_file():
        raise BackupError(f"{source} is neither a backup directory nor an archive")
    with tempfile.TemporaryDirectory(prefix="icportal-restore-") as unpacked:
        shutil.unpack_archive(source, unpacked, filter="data")
        yield Path(unpacked)


def database_is_empty() -> bool:
    return not connection.introspection.table_names()


def _restore_database(directory: Path, manifest: dict, *, force: bool) -> None:
    database = manifest["database"]
    if database["vendor"] != connection.vendor:
        raise BackupError(
            f"This backup is of a {database['vendor']} database; the portal uses {connection.vendor}"
        )
    file = directory / database["file"]
    if sha256_of(file) != database["sha256"]:
        raise BackupError(f"{file.name} does not match the manifest: the backup is damaged")
    if not database_is_empty():
        if not force:
            raise BackupError(
                "The database is not empty. Restore into a new, empty database, or pass --force "
                "to replace everything in it."
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    settings_dict = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        _run(
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "-d",
                settings_dict["NAME"],
                str(file),
            ],
            _pg_env(settings_dict),
        )
    else:
        source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        target = sqlite3.connect(settings_dict["NAME"])
        try:
            source.backup(target)  # replaces the target's whole content
        finally:
            source.close()
            target.close()


def _restore_files(directory: Path, *, force: bool) -> int:
    media, copied = _media_root(), 0
    for path in sorted((directory / MEDIA).rglob("*")):
        if not path.is_file():
            continue
        target = media / path.relative_to(directory / MEDIA)
        if target.exists() and not force and sha256_of(target) != sha256_of(path):
            raise BackupError(f"{target} exists with other content; pass --force to overwrite")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        copied += 1
    return copied


def verify(manifest: dict) -> list[str]:
    """Compare the database and MEDIA_ROOT with a manifest; an empty list means all is there."""
    found = figures()
    problems = _check_documents(manifest, _media_root())
    for part, label in (
        ("signed_documents", "signed documents"),
        ("ledger", "ledger sums"),
        ("sequences", "number sequences"),
    ):
        if found[part] != manifest[part]:
            problems.append(f"The {label} differ from the backup's manifest")
    return problems


def restore(*, source: Path, force: bool = False) -> dict:
    """Restore a backup into the configured (empty) database and MEDIA_ROOT, then verify it."""
    with _opened(source) as directory:
        manifest_path = directory / MANIFEST
        if not manifest_path.is_file():
            raise BackupError(f"{source} has no {MANIFEST}: not an icportal backup")
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}")
        _restore_database(directory, manifest, force=force)
        copied = _restore_files(directory, force=force)
    return {"manifest": manifest, "files": copied, "problems": verify(manifest)}
