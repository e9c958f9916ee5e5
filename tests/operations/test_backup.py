"""The restore drill: back up a portal with signed ICs, lose it, restore into a fresh database.

Runs on the database of the test run (SQLite, or PostgreSQL with pg_dump/pg_restore on the
throwaway cluster when DATABASE_URL is set).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from icportal.certificates.models import ImportCertificate
from icportal.documents.models import CertificateDocument, DocStatus
from icportal.entitlements.models import EntitlementAccount
from icportal.operations import backup
from tests.documents.conftest import identity, issue, keys_dir, passphrase_env  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def _live_server_quiet():
    """A request of the shared live server still being answered (sent by an earlier test's
    background thread) closes SQLite's shared in-memory connection as it ends: repointing that
    connection under it crashed the process. Wait for those request threads; one kept open by
    an idle keep-alive client is given up on after a while (it does not touch the database)."""
    from icportal.esanchit import gateway

    gateway.client_close()
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(timeout=10)


@contextmanager
def fresh_database(tmp_path):
    """Point the portal at a new, empty database (as after losing the server), then back."""
    _live_server_quiet()
    original_name, original = connection.settings_dict["NAME"], connection.connection
    if connection.vendor == "postgresql":
        name = f"{original_name}_restored"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    else:
        name = str(tmp_path / "restored.sqlite3")
    # Detach without closing: closing SQLite's in-memory test database would delete it.
    connection.connection = None
    connection.settings_dict["NAME"] = name
    try:
        yield name
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original_name
        connection.connection = original
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def file_hashes() -> dict[str, str]:
    hashes = {}
    for document in CertificateDocument.objects.filter(status=DocStatus.SIGNED):
        with document.file.open("rb") as handle:
            hashes[document.certificate.number] = hashlib.sha256(handle.read()).hexdigest()
    return hashes


def balances() -> dict[str, str]:
    return {
        f"{a.member.iec}/{a.financial_year}": str(a.balance)
        for a in EntitlementAccount.objects.select_related("member")
    }


def test_backup_lose_everything_restore_and_carry_on(
    identity,  # noqa: F811
    django_capture_on_commit_callbacks,
    tmp_path,
    settings,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    issued = [
        issue(django_capture_on_commit_callbacks, values=values)[0]
        for values in (("1200.50",), ("900.00", "100.25"), ("450.00",))
    ]
    assert all(c.document.status == DocStatus.SIGNED for c in issued)
    hashes, ledger, numbers = file_hashes(), balances(), [c.number for c in issued]
    assert len(hashes) == 3

    destination = tmp_path / "backup"
    call_command("backup", str(destination))
    manifest = json.loads((destination / "manifest.json").read_text())
    assert {d["certificate"]: d["sha256"] for d in manifest["signed_documents"]} == hashes
    office_sequence = f"CHN/IC/{issued[0].financial_year}"
    assert manifest["sequences"][office_sequence] == 3
    assert manifest["database"]["vendor"] == connection.vendor

    # Restoring over the live portal is refused: nothing is overwritten by accident.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(destination))

    # The server is lost: the stored files are gone, a new empty database is all there is.
    shutil.rmtree(settings.MEDIA_ROOT)
    with fresh_database(tmp_path):
        assert backup.database_is_empty()
        call_command("restore", str(destination))

        assert file_hashes() == hashes
        assert balances() == ledger
        assert sorted(ImportCertificate.objects.values_list("number", flat=True)) == sorted(numbers)
        assert backup.verify(manifest) == []

        # The office carries on: the next IC takes the next number, signed like the others.
        following, _, _ = issue(django_capture_on_commit_callbacks, values=("300.00",))
        assert following.number.endswith("/000004"), following.number
        assert following.number.rsplit("/", 1)[0] == numbers[0].rsplit("/", 1)[0]
        assert following.document.status == DocStatus.SIGNED
        all_numbers = list(ImportCertificate.objects.values_list("number", flat=True))
        assert len(all_numbers) == len(set(all_numbers)) == 4


def test_restore_from_an_archive_finds_a_damaged_signed_file(
    identity,  # noqa: F811
    django_capture_on_commit_callbacks,
    tmp_path,
    settings,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    certificate, _, _ = issue(django_capture_on_commit_callbacks)
    archive = backup.backup(destination=tmp_path / "nightly", archive=True)
    assert archive.name == "nightly.tar.gz" and archive.is_file()

    shutil.rmtree(settings.MEDIA_ROOT)
    with fresh_database(tmp_path):
        result = backup.restore(source=archive)
        assert result["problems"] == []
        # Someone edits a signed PDF afterwards: the check names the IC.
        document = CertificateDocument.objects.get(certificate__number=certificate.number)
        path = settings.MEDIA_ROOT / document.file.name
        path.write_bytes(path.read_bytes() + b"%tampered\n")
        problems = backup.verify(result["manifest"])
        assert problems == [
            f"{certificate.number}: signed file {document.file.name} does not match its SHA-256"
        ]
