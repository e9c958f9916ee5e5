"""Fixtures for the sandbox tests: signing identities, real PDFs, registered users, helpers."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from icegate_sandbox.identifiers import gstin_check_character
from icegate_sandbox.services.accounts import login, registration_upsert
from icegate_sandbox.services.taxpayers import taxpayer_upsert
from tests.icegate_sandbox.pdfs import Identity, PdfSet

PREFIX = "/sandbox/icegate/"
ADMIN_KEY = "test-sandbox-admin-key"
ADMIN = {"HTTP_X_SANDBOX_ADMIN_KEY": ADMIN_KEY}
PASSWORD = "Leather@2026"
MEMBER_PAN = "AAACL1234F"
MEMBER_EMAIL = "accounts@leatherworks.example"
MEMBER_MOBILE = "+919876543210"
PGA_ID = "CLEINDIA1984"


def gstin_for(pan: str, state: str = "33") -> str:
    first14 = f"{state}{pan}1Z"
    return first14 + gstin_check_character(first14)


MEMBER_GSTIN = gstin_for(MEMBER_PAN)


def url(path: str) -> str:
    return PREFIX + path


def post_json(client, path: str, data, **headers):
    return client.post(url(path), data=json.dumps(data), content_type="application/json", **headers)


@pytest.fixture(autouse=True)
def _sandbox_alone(settings):
    """Serve the sandbox as `icportal sandbox` does: its own URLs at the same prefix, nothing else."""
    settings.ROOT_URLCONF = "icegate_sandbox.standalone_urls"


@pytest.fixture(scope="session")
def registered_identity() -> Identity:
    return Identity.create("CLEINDIA1984 development signing")


@pytest.fixture(scope="session")
def other_identity() -> Identity:
    return Identity.create("Somebody else")


@pytest.fixture(scope="session")
def pdfs(registered_identity, other_identity) -> PdfSet:
    return PdfSet(registered_identity, other_identity)


@pytest.fixture
def taxpayer(db):
    record, _ = taxpayer_upsert(
        gstin=MEMBER_GSTIN,
        legal_name="Leather Works Pvt Ltd",
        email=MEMBER_EMAIL,
        mobile=MEMBER_MOBILE,
    )
    return record


@pytest.fixture
def member(db, taxpayer):
    registration, _ = registration_upsert(
        icegate_id="LEATHERWORKS1",
        password=PASSWORD,
        role="IEC",
        method="simplified",
        iec=MEMBER_PAN,
        gstin=MEMBER_GSTIN,
        email=MEMBER_EMAIL,
        mobile=MEMBER_MOBILE,
    )
    return registration


@pytest.fixture
def pga(db, registered_identity):
    registration, _ = registration_upsert(
        icegate_id=PGA_ID,
        password=PASSWORD,
        role="PGA",
        method="dsc",
        pga_name="Council for Leather Exports, Chennai",
        email="chennai@cle.example",
        mobile="9444000001",
        certificate_pem=registered_identity.pem,
    )
    return registration


@pytest.fixture
def pga_token(pga) -> str:
    return login(icegate_id=PGA_ID, password=PASSWORD)[1]


@pytest.fixture
def member_token(member) -> str:
    return login(icegate_id=member.icegate_id, password=PASSWORD)[1]


def entry(filename: str, **overrides) -> dict:
    return {
        "filename": filename,
        "beneficiary_type": "IEC",
        "beneficiary_code": MEMBER_PAN,
        "document_type_code": "CLEIC1",
        "idempotency_key": f"key-{filename}",
        **overrides,
    }


@pytest.fixture
def upload(client, pga_token):
    """upload([(name, bytes), ...], entries=None, token=...) → the response (Django test client)."""

    def _upload(files, *, entries=None, token=None, manifest=None):
        if entries is None:
            entries = [entry(name) for name, _ in files]
        data = {
            "manifest": manifest if manifest is not None else json.dumps(entries),
            "files": [
                SimpleUploadedFile(name, content, content_type="application/pdf")
                for name, content in files
            ],
        }
        return client.post(
            url("api/esanchit/uploads"),
            data=data,
            HTTP_AUTHORIZATION=f"Bearer {token or pga_token}",
        )

    return _upload


def codes(result: dict) -> list[str]:
    return [error["code"] for error in result["errors"]]
