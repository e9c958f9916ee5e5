"""`icportal dev_pki` serves the PKI of var/keys at DEV_PKI_URL with the settings' admin key."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx

from dev_pki.process import free_port
from dev_pki.server import ADMIN_HEADER


def test_the_command_serves_the_pki_in_var_keys_at_the_configured_address(tmp_path):
    url = f"http://127.0.0.1:{free_port()}/"
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "ICPORTAL_"))
    }
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "icportal.config.settings.base",
        "ICPORTAL_VAR_DIR": str(tmp_path),
        "DEV_PKI_URL": url,
        "DEV_PKI_ADMIN_KEY": "command-test-key",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    argv = [sys.executable, "-m", "icportal", "dev_pki"]
    with open(tmp_path / "out.log", "wb") as log:
        proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        health = _wait(url + "healthz", proc, tmp_path / "out.log")
        refused = httpx.post(url + "admin/reset", json={}, timeout=30)
        accepted = httpx.post(
            url + "admin/reset", json={}, headers={ADMIN_HEADER: "command-test-key"}, timeout=30
        )
    finally:
        proc.terminate()
        proc.wait(timeout=60)

    assert health.json()["status"] == "ok" and health.json()["base_url"] == url
    assert (tmp_path / "keys" / "dev-ca.pem").exists()
    assert refused.status_code == 403 and accepted.status_code == 200


def _wait(url, proc, log, deadline=120.0):
    end = time.monotonic() + deadline
    while True:
        assert proc.poll() is None, log.read_text()
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            assert time.monotonic() < end, log.read_text()
            time.sleep(0.1)
