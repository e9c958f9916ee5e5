"""PKCS#11 signing through a SoftHSM2 token (how real Class 3 DSC USB tokens are used)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from icportal.documents import services
from icportal.documents.models import CertificateDocument, DocStatus
from tests import factories
from tests.documents.conftest import issue, signed_bytes, validate_against

PIN_ENV = "ICPORTAL_TEST_TOKEN_PIN"
PIN = "246810"


def _module() -> str:
    for candidate in (
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    ):
        if Path(candidate).exists():
            return candidate
    out = subprocess.run(["dpkg", "-L", "softhsm2-common"], capture_output=True, text=True).stdout
    found = [line for line in out.splitlines() if line.endswith("libsofthsm2.so")]
    if found:
        return found[0]
    pytest.fail(
        "SoftHSM2 is not installed: run `make test` (scripts/system-deps.sh installs softhsm2)"
    )


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory, keys_dir):
    if shutil.which("softhsm2-util") is None:
        pytest.fail("softhsm2-util is missing: install the Debian package softhsm2")
    base = tmp_path_factory.mktemp("softhsm")
    (base / "tokens").mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    secret = (keys_dir / "p12-passphrase").read_text().strip().encode()
    key, cert, _ = pkcs12.load_key_and_certificates(
        (keys_dir / "office-CHN.p12").read_bytes(), secret
    )
    key_pem = base / "key.pem"
    key_pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    run = dict(check=True, capture_output=True, env=os.environ)
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            "CLE-CHN",
            "--pin",
            PIN,
            "--so-pin",
            "135791",
        ],
        **run,
    )
    subprocess.run(
        [
            "softhsm2-util",
            "--import",
            str(key_pem),
            "--token",
            "CLE-CHN",
            "--label",
            "chn-dsc",
            "--id",
            "01",
            "--pin",
            PIN,
        ],
        **run,
    )
    key_pem.unlink()
    return _module(), cert.public_bytes(serialization.Encoding.PEM).decode()


@pytest.mark.django_db
def test_pkcs11_token_signs_a_valid_document(
    softhsm_token, monkeypatch, dev_ca_pem, django_capture_on_commit_callbacks
):
    module, cert_pem = softhsm_token
    monkeypatch.setenv(PIN_ENV, PIN)
    identity = services.identity_register_pkcs11(
        office=factories.office("CHN"),
        module=module,
        token_label="CLE-CHN",
        key_label="chn-dsc",
        secret_env=PIN_ENV,
        certificate_pem=cert_pem,
    )
    certificate, _, _ = issue(django_capture_on_commit_callbacks)
    document = CertificateDocument.objects.get(certificate=certificate)
    assert document.status == DocStatus.SIGNED, document.last_error
    assert document.identity == identity
    assert validate_against(signed_bytes(certificate), dev_ca_pem).bottom_line


@pytest.mark.django_db
def test_wrong_token_label_fails_clearly(
    softhsm_token, monkeypatch, django_capture_on_commit_callbacks
):
    module, cert_pem = softhsm_token
    monkeypatch.setenv(PIN_ENV, PIN)
    services.identity_register_pkcs11(
        office=factories.office("CHN"),
        module=module,
        token_label="NO-SUCH-TOKEN",
        key_label="chn-dsc",
        secret_env=PIN_ENV,
        certificate_pem=cert_pem,
    )
    certificate, _, _ = issue(django_capture_on_commit_callbacks)
    document = CertificateDocument.objects.get(certificate=certificate)
    assert document.status == DocStatus.FAILED
    assert "PKCS#11 token" in document.last_error
