"""Certificates uploaded to e-SANCHIT, built through the real services (esanchit's irn_record)."""

from __future__ import annotations

import itertools

from icportal.certificates import services as certificate_services
from icportal.esanchit.models import Upload
from icportal.esanchit.services import irn_record
from tests.certificates import factories as f

_serial = itertools.count(1)


def issued(user, officer, epc, **header):
    application = f.submitted_application(user, epc, **header)
    return certificate_services.certificate_issue(by=officer, application=application)


def uploaded(certificate, *, irn=None, drn=None):
    """Accept an upload of `certificate` with a fresh IRN and DRN, the way esanchit records it."""
    n = next(_serial)
    upload = Upload.objects.create(
        certificate=certificate,
        document=certificate.document,
        office=certificate.office,
        idempotency_key=f"test-{certificate.pk}-{n}",
    )
    return irn_record(upload=upload, irn=irn or f"IRN{n:09d}", drn=drn or f"DRN{n:09d}")
