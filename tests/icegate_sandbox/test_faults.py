"""Fault injection: 503s at a rate, latency, hangs, outages — reproducible from the seed."""

import httpx
import pytest

from icegate_sandbox.models import Document
from icegate_sandbox.services import faults
from tests.icegate_sandbox.conftest import (
    ADMIN,
    ADMIN_KEY,
    MEMBER_GSTIN,
    MEMBER_PAN,
    post_json,
    url,
)

pytestmark = pytest.mark.django_db

BOE = {
    "port_code": "INMAA1",
    "boe_no": "1234567",
    "boe_date": "2026-03-14",
    "iec": MEMBER_PAN,
    "documents": [
        {"irn": "X", "drn": "Y", "document_type_code": "CLEIC1", "uploader_icegate_id": "U"}
    ],
}


@pytest.fixture
def paused(monkeypatch):
    """Record latency and hangs instead of sleeping them (no wall clock in tests)."""
    slept: list[float] = []
    monkeypatch.setattr(faults, "pause", slept.append)
    return slept


def set_fault(client, **body):
    response = post_json(client, "api/admin/faults", body, **ADMIN)
    assert response.status_code == 201, response.content
    return response.json()


def boe_check(client):
    return post_json(client, "api/customs/boe-check", BOE)


def test_admin_calls_need_the_admin_key(client, settings):
    assert (
        post_json(client, "api/admin/faults", {"operation": "*"}).json()["error"]["code"]
        == "ADMIN_KEY_REQUIRED"
    )
    wrong = post_json(
        client, "api/admin/faults", {"operation": "*"}, HTTP_X_SANDBOX_ADMIN_KEY="nope"
    )
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (403, "ADMIN_KEY_INVALID")
    settings.ICEGATE_SANDBOX_ADMIN_KEY = ""
    empty = post_json(
        client, "api/admin/faults", {"operation": "*"}, HTTP_X_SANDBOX_ADMIN_KEY=ADMIN_KEY
    )
    assert empty.status_code == 403
    for path in ("api/admin/stats", "api/admin/faults"):
        assert client.get(url(path)).status_code == 401


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"operation": "esanchit.nothing"}, "UNKNOWN_OPERATION"),
        ({"operation": "customs.boe_check", "error_rate": 1.5}, "INVALID_FIELD"),
        ({"operation": "customs.boe_check", "error_rate": True}, "INVALID_FIELD"),
        ({"operation": "customs.boe_check", "error_rate": "0.3"}, "INVALID_FIELD"),
        ({"operation": "customs.boe_check", "latency_ms": 1.5}, "INVALID_FIELD"),
        ({"operation": "customs.boe_check", "latency_ms": -1}, "INVALID_FIELD"),
        ({"operation": "customs.boe_check", "seed": 10**400}, "INVALID_FIELD"),
        ({"operation": "customs.boe_check", "outage": "yes"}, "INVALID_FIELD"),
        ({"operation": "customs.boe_check", "colour": "red"}, "UNKNOWN_FIELD"),
        ({"error_rate": 0.5}, "MISSING_FIELD"),
    ],
)
def test_bad_fault_settings_are_refused(client, body, code):
    response = post_json(client, "api/admin/faults", body, **ADMIN)
    assert (response.status_code, response.json()["error"]["code"]) == (400, code)


def test_an_outage_until_the_faults_are_cleared(client):
    set_fault(client, operation="customs.boe_check", outage=True)
    down = boe_check(client)
    assert (down.status_code, down.json()["error"]["code"]) == (503, "SERVICE_OUTAGE")
    listed = client.get(url("api/admin/faults"), **ADMIN).json()["faults"]
    assert [f["operation"] for f in listed] == ["customs.boe_check"]
    assert client.delete(url("api/admin/faults"), **ADMIN).json() == {"cleared": 1}
    assert boe_check(client).status_code == 200


def test_clearing_one_operation_keeps_the_others(client):
    set_fault(client, operation="customs.boe_check", outage=True)
    set_fault(client, operation="registration.*", outage=True)
    cleared = client.delete(url("api/admin/faults") + "?operation=customs.boe_check", **ADMIN)
    assert cleared.json() == {"cleared": 1}
    assert boe_check(client).status_code == 200
    assert (
        post_json(client, "api/auth/login", {"icegate_id": "X", "password": "Y"}).status_code == 503
    )


def _statuses(client, calls=24):
    return [boe_check(client).status_code for _ in range(calls)]


def test_an_error_rate_is_reproducible_from_the_seed(client):
    set_fault(client, operation="customs.boe_check", error_rate=0.5, seed=7)
    first = _statuses(client)
    assert set(first) == {200, 503}
    set_fault(client, operation="customs.boe_check", error_rate=0.5, seed=7)  # resets the count
    assert _statuses(client) == first
    set_fault(client, operation="customs.boe_check", error_rate=0.5, seed=8)
    assert _statuses(client) != first


def test_error_rates_of_zero_and_one(client):
    set_fault(client, operation="customs.boe_check", error_rate=1.0)
    response = boe_check(client)
    assert (response.status_code, response.json()["error"]["code"]) == (503, "SERVICE_UNAVAILABLE")
    assert response["X-Sandbox-Fault"].startswith("error; before")
    set_fault(client, operation="customs.boe_check", error_rate=0.0)
    assert _statuses(client, 10) == [200] * 10


def test_latency_is_added_before_answering(client, paused):
    set_fault(client, operation="customs.boe_check", latency_ms=250)
    assert boe_check(client).status_code == 200
    assert paused == [0.25]


def test_a_timeout_hangs_for_the_configured_time(client, paused, settings):
    settings.ICEGATE_SANDBOX_HANG_SECONDS = 42
    set_fault(client, operation="customs.boe_check", timeout_rate=1.0)
    response = boe_check(client)
    assert (response.status_code, response.json()["error"]["code"]) == (503, "SERVICE_TIMEOUT")
    assert paused == [0.0, 42.0]


def test_a_hang_outlasts_a_real_clients_timeout(live_server, settings):
    settings.ICEGATE_SANDBOX_HANG_SECONDS = 2
    base = live_server.url + url("")
    with httpx.Client(base_url=base, timeout=0.3) as http:
        http.post(
            "api/admin/faults",
            json={"operation": "customs.boe_check", "timeout_rate": 1},
            headers={"X-Sandbox-Admin-Key": ADMIN_KEY},
        )
        with pytest.raises(httpx.TimeoutException):
            http.post("api/customs/boe-check", json=BOE)


def test_wildcards_and_the_most_specific_fault(client, taxpayer):
    set_fault(client, operation="registration.*", outage=True)
    start = post_json(
        client, "api/registration/simplified/start", {"iec": MEMBER_PAN, "gstin": MEMBER_GSTIN}
    )
    assert start.status_code == 503
    assert client.get(url("api/registrations"), {"iec": MEMBER_PAN}).status_code == 503
    assert boe_check(client).status_code == 200  # not a registration operation
    set_fault(client, operation="registration.simplified.start", error_rate=0)
    start = post_json(
        client, "api/registration/simplified/start", {"iec": MEMBER_PAN, "gstin": MEMBER_GSTIN}
    )
    assert start.status_code == 200
    set_fault(client, operation="*", outage=True)
    assert boe_check(client).status_code == 503


def test_upload_errors_after_storage_lose_the_answer_but_keep_the_documents(
    client, upload, member, pdfs, settings
):
    settings.ICEGATE_SANDBOX_FAULT_AFTER_STORAGE_SHARE = 1.0
    set_fault(client, operation="esanchit.upload", error_rate=1.0)
    lost = upload([("ic.pdf", pdfs.good)])
    assert lost.status_code == 503
    assert lost["X-Sandbox-Fault"].startswith("error; after-storage")
    stored = Document.objects.get()
    client.delete(url("api/admin/faults"), **ADMIN)
    retry = upload([("ic.pdf", pdfs.good)]).json()["results"][0]
    assert (retry["status"], retry["irn"]) == ("ACCEPTED", stored.irn)
    assert Document.objects.count() == 1


def test_upload_errors_before_storage_store_nothing(client, upload, member, pdfs, settings):
    settings.ICEGATE_SANDBOX_FAULT_AFTER_STORAGE_SHARE = 0.0
    set_fault(client, operation="esanchit.upload", error_rate=1.0)
    lost = upload([("ic.pdf", pdfs.good)])
    assert lost.status_code == 503
    assert lost["X-Sandbox-Fault"].startswith("error; before")
    assert not Document.objects.exists()


def test_an_upload_timeout_after_storage_hangs_after_storing(
    client, upload, member, pdfs, settings, paused
):
    settings.ICEGATE_SANDBOX_FAULT_AFTER_STORAGE_SHARE = 1.0
    set_fault(client, operation="esanchit.upload", timeout_rate=1.0)
    assert upload([("ic.pdf", pdfs.good)]).status_code == 503
    assert Document.objects.count() == 1
    assert paused[-1] == 30.0  # the default hang


def test_the_default_split_puts_some_upload_errors_after_storage(client, upload, member, pdfs):
    set_fault(client, operation="esanchit.upload", error_rate=1.0, seed=3)
    phases = set()
    for n in range(12):
        response = upload([(f"{n}.pdf", pdfs.good)])
        phases.add(response["X-Sandbox-Fault"].split(";")[1].strip())
    assert phases == {"before", "after-storage"}
    stats = client.get(url("api/admin/stats"), **ADMIN).json()
    assert stats["faults_injected"] == 12
    assert 0 < stats["faults_after_storage"] < 12
    assert stats["documents"] == stats["faults_after_storage"]
