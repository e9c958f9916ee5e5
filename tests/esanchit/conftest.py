"""A live sandbox over HTTP, the office and member registered on it, and issued electronic ICs."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest
from django.core.management import call_command

from icportal.esanchit import gateway
from icportal.esanchit.models import Upload
from icportal.esanchit.tasks import upload_due
from tests.certificates import factories as certificate_factories
from tests.documents.conftest import identity, issue, keys_dir, passphrase_env  # noqa: F401
from tests.notifications.conftest import clock, smtp  # noqa: F401

from .factories import issued, uploaded

PASSWORD = "Sandbox-Pass-2026!"
ADMIN = {"X-Sandbox-Admin-Key": "test-sandbox-admin-key"}


@pytest.fixture(autouse=True)
def _fresh_tokens():
    gateway._tokens.clear()
    yield
    gateway._tokens.clear()


@pytest.fixture
def sandbox(live_server, settings):
    settings.ICEGATE_SANDBOX_ADMIN_KEY = "test-sandbox-admin-key"
    settings.ICEGATE_BASE_URL = f"{live_server.url}/sandbox/icegate/"
    settings.ICEGATE_TIMEOUT = 20
    settings.ICEGATE_MODE = "gateway"
    with httpx.Client(base_url=settings.ICEGATE_BASE_URL, timeout=30, headers=ADMIN) as client:
        yield client


def register(tmp_path, certificate, office_pem, *, member=True, settings=None):
    """Seed the sandbox with the office's PGA uploader ID (its signing cert) and the member."""
    m = certificate.member
    registrations = [
        {
            "icegate_id": certificate.office.icegate_id,
            "password": PASSWORD,
            "role": "PGA",
            "pga_name": f"Council for Leather Exports, {certificate.office.name}",
            "email": f"{certificate.office.code.lower()}@cle.example",
            "mobile": "+919444000000",
            "method": "dsc",
            "certificate_pem": office_pem,
        }
    ]
    if member:
        registrations.append(
            {
                "icegate_id": "MEMBER" + m.iec,
                "password": PASSWORD,
                "role": "IEC",
                "iec": m.iec,
                "email": m.gstn_email,
                "mobile": "+919840012345",
                "method": "simplified",
            }
        )
    seed = {
        "taxpayers": [
            {
                "gstin": m.primary_gstin,
                "legal_name": m.legal_name,
                "email": m.gstn_email,
                "mobile": "+919840012345",
                "iec": m.iec,
            }
        ],
        "registrations": registrations,
    }
    path = tmp_path / f"seed-{m.iec}.json"
    path.write_text(json.dumps(seed))
    call_command("sandbox_seed", "--from", str(path))
    if settings is not None:
        settings.ICEGATE_CREDENTIALS = {certificate.office.icegate_id: PASSWORD}


@pytest.fixture
def electronic(identity, keys_dir, django_capture_on_commit_callbacks, tmp_path, settings):  # noqa: F811
    """An issued, signed electronic IC with its waiting upload; office and member on ICEGATE."""

    def make(*, member_registered=True):
        certificate, user, officer = issue(django_capture_on_commit_callbacks)
        register(
            tmp_path,
            certificate,
            (keys_dir / "office-CHN.pem").read_text(),
            member=member_registered,
            settings=settings,
        )
        return certificate, user, officer

    return make


def run_worker(owner="w1", rounds=1) -> int:
    handled = 0
    for _ in range(rounds):
        handled += upload_due(owner)
    return handled


def make_due() -> None:
    """Skip the backoff wait (tests do not sleep for minutes)."""
    Upload.objects.update(next_attempt_at=None)


@pytest.fixture
def firm(clock):  # noqa: F811 - the imported fixture, by name
    """A ready firm whose `upload_at(IST moment, **header)` issues and uploads an IC then; its
    officer is `firm.officer`."""
    clock.set(dt.datetime(2026, 12, 1, 9, 0))
    member, user, officer, epc = certificate_factories.ready()

    def upload_at(ist_time: dt.datetime, **header):
        clock.set(ist_time)
        return uploaded(issued(user, officer, epc, **header))

    member.upload_at, member.officer = upload_at, officer
    return member
