"""The development PKI for the tests: one real server per xdist worker, for the whole session.

`dev_pki_server` (session, autouse) builds a PKI in a temp directory (keys made once), starts
`python -m dev_pki serve` on a free loopback port (dev_pki.process), waits for /healthz and
points the settings at it (DEV_PKI_URL, DEV_PKI_ADMIN_KEY, TSA_URL, SIGNING_TRUST_ANCHORS) for
every test. The `pki` fixture is its client: revoke, move the services' clock, switch faults,
issue office certificates; it resets the server after each test that used it.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from django.test.utils import override_settings

from dev_pki import process
from dev_pki.keys import Pki, parse_serial, serial_hex
from dev_pki.server import ADMIN_HEADER


def _iso(at: dt.datetime | None) -> str | None:
    if at is None:
        return None
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).isoformat()


@dataclass
class PkiClient:
    url: str
    admin_key: str
    pki: Pki

    @property
    def directory(self) -> Path:
        return self.pki.directory

    @property
    def tsa_url(self) -> str:
        return self.url + "tsa"

    @property
    def ca_pem_path(self) -> Path:
        return self.pki.ca_pem_path

    def admin(self, action: str, body: dict, *, key: str | None = None) -> httpx.Response:
        headers = {ADMIN_HEADER: self.admin_key if key is None else key}
        return httpx.post(f"{self.url}admin/{action}", json=body, headers=headers, timeout=30)

    def _ok(self, action: str, body: dict) -> dict:
        response = self.admin(action, body)
        assert response.status_code == 200, (action, response.status_code, response.text)
        return response.json()

    def issue_office(self, code="CHN", name="Chennai", not_before=None, not_after=None, **kw):
        """A fresh office certificate and key: (p12 path, pem path); passphrase: pki.passphrase()."""
        return self.pki.issue_office(code, name, not_before, not_after, **kw)

    def revoke(self, serial: int | str, at: dt.datetime | None = None, reason="key_compromise"):
        """Revoked from `at` (default: the PKI's clock) for OCSP and the CRL."""
        body = {"serial": serial_hex(parse_serial(serial)), "at": _iso(at), "reason": reason}
        return self._ok("revoke", body)

    def set_clock(self, at: dt.datetime | None) -> dict:
        """The TSA's, OCSP's and CRL's "now"; None: real time."""
        return self._ok("clock", {"at": _iso(at)})

    def fault(self, **faults: str | None) -> dict:
        """fault(tsa="down"|"slow"|"garbage"|"wrong_hash"|None, ocsp="down"|None, crl=...)."""
        return self._ok("fault", faults)

    def reset(self) -> dict:
        return self._ok("reset", {})


@pytest.fixture(scope="session", autouse=True)
def dev_pki_server(tmp_path_factory) -> PkiClient:
    try:
        running = process.start(tmp_path_factory.mktemp("pki"))
    except process.NotStarted as exc:
        pytest.fail(str(exc))
    values = {
        "DEV_PKI_URL": running.url,
        "DEV_PKI_ADMIN_KEY": running.admin_key,
        "TSA_URL": running.tsa_url,
        "TSA_USERNAME": "",
        "TSA_PASSWORD": "",
        "SIGNING_TRUST_ANCHORS": [str(running.pki.ca_pem_path)],
    }
    overrides = override_settings(**values)
    # The same for processes the tests start (a worker, a server): they read the environment.
    environment = {k: ",".join(v) if isinstance(v, list) else v for k, v in values.items()}
    saved = {k: os.environ.get(k) for k in environment}
    os.environ.update(environment)
    overrides.enable()
    try:
        yield PkiClient(url=running.url, admin_key=running.admin_key, pki=running.pki)
    finally:
        overrides.disable()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        running.stop()


@pytest.fixture
def pki(dev_pki_server):
    """The session's PKI server; revocations, clock and faults are undone after the test."""
    yield dev_pki_server
    dev_pki_server.reset()


@pytest.fixture
def demo_var(settings, tmp_path, dev_pki_server, pki):
    """VAR_DIR for a test that loads the demo data. Its keys are the session PKI's, so the demo's
    ICs are signed B-LT against the running server (OCSP answers for their certificates), and the
    demo's ICs across time set that server's clock and revoke through it (`pki` resets it after)."""
    settings.VAR_DIR = tmp_path
    (tmp_path / "keys").symlink_to(dev_pki_server.directory)
    return tmp_path
