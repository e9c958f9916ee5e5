"""Signing keys for the office's letters, the real SMTP server, and uploaded ICs to cancel/replace."""

from __future__ import annotations

import pytest

from icportal.certificates import services as ic_services
from icportal.customs.models import CustomsHouse
from tests.certificates import factories as f
from tests.complaints.factories import uploaded
from tests.dispatch.factories import issued
from tests.documents.conftest import (  # noqa: F401
    dev_ca_pem,
    identity,
    keys_dir,
    passphrase_env,
)
from tests.notifications.conftest import clock, smtp  # noqa: F401

IRN, DRN = "IRN2026CHN000001", "DRN2026CHN000001"
NEW_IRN, NEW_DRN = "IRN2026CHN000002", "DRN2026CHN000002"


def confirm(port_code="INMAA1", email="nodal.chennai@customs.gov.test"):
    """Head office has confirmed the seeded house's address."""
    CustomsHouse.objects.filter(port_code=port_code).update(
        officer_email=email,
        officer_name="Shri R. Kumar, Assistant Commissioner",
        to_be_confirmed=False,
    )
    return CustomsHouse.objects.get(port_code=port_code)


def uploaded_ic(irn=IRN, drn=DRN, **header):
    """(member user, officer, an electronic IC of CHN with an accepted upload)."""
    user, officer, certificate = issued(**header)
    uploaded(certificate, irn=irn, drn=drn)
    return user, officer, certificate


def cancel(officer, certificate, reason="Goods not shipped by the supplier"):
    ic_services.certificate_cancel(by=officer, certificate=certificate, reason=reason)
    certificate.refresh_from_db()
    return certificate


def replace(officer, certificate, reason="Invoice amended by the supplier"):
    new = ic_services.certificate_replace(
        by=officer,
        certificate=certificate,
        header=f.header(invoice_no="INV-2026-0042A"),
        items=[f.item_row("900.00")],
        reason=reason,
    )
    certificate.refresh_from_db()
    return new


@pytest.fixture
def ic(db):
    return uploaded_ic()
