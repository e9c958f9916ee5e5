"""Complaints about real ICs: quoted fields that match the records unless told otherwise."""

from __future__ import annotations

import datetime as dt

from django.apps import apps

from icportal.complaints import diagnosis, services
from tests.dispatch.factories import issued  # noqa: F401 — re-exported for the tests
from tests.documents.factories import document_of

IRN, DRN = "IRN2026CHN000001", "DRN2026CHN000001"


def uploaded(certificate, irn=IRN, drn=DRN):
    """The accepted e-SANCHIT upload record esanchit would have written."""
    upload_model = apps.get_model("esanchit", "Upload")
    return upload_model.objects.create(
        certificate=certificate,
        document=document_of(certificate),
        office=certificate.office,
        status="accepted",
        irn=irn,
        drn=drn,
        idempotency_key=f"test-{certificate.pk}",
    )


def quoted(certificate, **overrides):
    data = {
        "company_name": certificate.member.legal_name,
        "iec": certificate.member.iec,
        "boe_no": "4567890",
        "boe_date": dt.date.today() - dt.timedelta(days=1),
        "port_code": "INMAA1",
        "ic_number": certificate.number,
        "drn": DRN,
        "irn": IRN,
        "uploader_icegate_id": certificate.office.icegate_id,
        "official_name": "S. Raman",
        "official_designation": "Appraiser",
        "official_mobile": "98400 12345",
        "officer_said": "Document not found against this IRN",
    }
    data.update(overrides)
    return data


def icegate_answer(status="OK", reasons=()):
    def boe_check(payload):
        return {
            "status": status,
            "documents": [
                {"irn": payload["documents"][0]["irn"], "status": status, "reasons": list(reasons)}
            ],
        }

    return boe_check


def fake_icegate(monkeypatch, status="OK", reasons=()):
    monkeypatch.setattr(diagnosis, "icegate_boe_check", icegate_answer(status, reasons))


def filed(user, certificate, **overrides):
    return services.complaint_file(
        by=user, certificate=certificate, data=quoted(certificate, **overrides)
    )


def codes(complaint):
    return [f["code"] for f in complaint.findings]
