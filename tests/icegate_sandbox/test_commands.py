"""`sandbox_seed --from FILE.json` and `sandbox --port 8100`."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from icegate_sandbox.management.commands import sandbox as sandbox_command
from icegate_sandbox.models import GstnTaxpayer, Registration
from tests.icegate_sandbox.conftest import (
    MEMBER_EMAIL,
    MEMBER_GSTIN,
    MEMBER_PAN,
    PASSWORD,
    gstin_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_file(tmp_path, registered_identity):
    data = {
        "taxpayers": [
            {
                "gstin": MEMBER_GSTIN,
                "legal_name": "Leather Works",
                "email": MEMBER_EMAIL,
                "mobile": "9876543210",
                "iec": MEMBER_PAN,
            },
            # a demo firm deliberately NOT registered on ICEGATE
            {
                "gstin": gstin_for("AAACN5678K", "09"),
                "legal_name": "Not Registered Tannery",
                "email": "nr@example.com",
                "mobile": "9123456780",
            },
        ],
        "registrations": [
            {
                "icegate_id": "LEATHERWORKS1",
                "password": PASSWORD,
                "role": "IEC",
                "iec": MEMBER_PAN,
                "email": MEMBER_EMAIL,
                "mobile": "9876543210",
                "method": "simplified",
            },
            {
                "icegate_id": "CLEINDIA1984",
                "password": PASSWORD,
                "role": "PGA",
                "pga_name": "Council for Leather Exports, Chennai",
                "email": "ho@cle.example",
                "mobile": "9444000001",
                "certificate_pem": registered_identity.pem,
                "method": "dsc",
            },
        ],
    }
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(data))
    return path, data


def _seed(path) -> str:
    out = StringIO()
    call_command("sandbox_seed", "--from", str(path), stdout=out)
    return out.getvalue()


def test_seeding_twice_changes_nothing_the_second_time(seed_file, registered_identity):
    path, data = seed_file
    first = _seed(path)
    assert "2 registrations created" in first and "2 taxpayers created" in first
    assert GstnTaxpayer.objects.count() == 2
    pga = Registration.objects.get(icegate_id="CLEINDIA1984")
    assert (pga.role, pga.method, pga.pga_name) == (
        "PGA",
        "dsc",
        "Council for Leather Exports, Chennai",
    )
    assert len(pga.certificate_sha256) == 64
    member = Registration.objects.get(icegate_id="LEATHERWORKS1")
    assert (member.role, member.method, member.iec, member.mobile) == (
        "IEC",
        "simplified",
        MEMBER_PAN,
        "+919876543210",
    )

    second = _seed(path)
    assert "2 registrations unchanged" in second and "2 taxpayers unchanged" in second
    assert Registration.objects.count() == 2

    data["registrations"][0]["email"] = "new@example.com"
    path.write_text(json.dumps(data))
    assert "1 registrations updated" in _seed(path)
    assert Registration.objects.get(icegate_id="LEATHERWORKS1").email == "new@example.com"


def test_seeded_users_can_log_in(client, seed_file):
    _seed(seed_file[0])
    response = client.post(
        "/sandbox/icegate/api/auth/login",
        data=json.dumps({"icegate_id": "CLEINDIA1984", "password": PASSWORD}),
        content_type="application/json",
    )
    assert response.json()["role"] == "PGA"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["registrations"][1].pop("certificate_pem"), "certificate"),
        (lambda d: d["registrations"][0].update(method="magic"), "method"),
        (lambda d: d["registrations"][1].update(method="simplified"), "IEC holders only"),
        (lambda d: d["taxpayers"][0].update(colour="red"), "unknown fields: colour"),
        (lambda d: d["taxpayers"][0].pop("email"), "lacks: email"),
        (lambda d: d["taxpayers"][0].update(gstin="33AAACL1234F1Z0"), "GSTIN"),
        (lambda d: d.update(members=[]), "must be"),
    ],
)
def test_bad_seed_files_fail_clearly_and_load_nothing(seed_file, mutate, message):
    path, data = seed_file
    mutate(data)
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match=message):
        _seed(path)
    assert not Registration.objects.exists()
    assert not GstnTaxpayer.objects.exists()


def test_unreadable_seed_files(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        _seed(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{oops")
    with pytest.raises(CommandError, match="not JSON"):
        _seed(tmp_path / "bad.json")


def test_the_sandbox_command_serves_only_the_sandbox(monkeypatch, settings):
    calls = []
    monkeypatch.setattr(sandbox_command, "call_command", lambda *a, **k: calls.append((a, k)))
    call_command("sandbox", "--port", "8100", "--noreload")
    assert calls == [(("runserver", "127.0.0.1:8100"), {"use_reloader": False})]
    assert settings.ROOT_URLCONF == "icegate_sandbox.standalone_urls"


def test_the_standalone_urls_mount_the_sandbox_at_the_same_prefix(settings):
    settings.ROOT_URLCONF = "icegate_sandbox.standalone_urls"
    client = Client()
    assert client.get("/").headers["Location"] == "/sandbox/icegate/"
    assert client.get("/sandbox/icegate/").status_code == 200
    assert client.get("/offices/").status_code == 404  # nothing of icportal


def test_icportal_mounts_the_sandbox_at_the_same_prefix(settings):
    settings.ROOT_URLCONF = "icportal.config.urls"
    response = Client().get("/sandbox/icegate/api/esanchit/document-types")
    assert response.status_code == 200
    assert "CLEIC1" in {t["code"] for t in response.json()["document_types"]}
