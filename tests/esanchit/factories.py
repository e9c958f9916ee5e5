"""Certificates uploaded to e-SANCHIT, built through the real services (esanchit's irn_record)."""

from __future__ import annotations

import datetime as dt
import itertools

from icportal.certificates import services as certificate_services
from icportal.esanchit.models import Upload
from icportal.esanchit.services import irn_record
from tests.certificates import factories as f
from tests.documents.factories import document_of

_serial = itertools.count(1)


def issued(user, officer, epc, **header):
    application = f.submitted_application(user, epc, **header)
    return certificate_services.certificate_issue(by=officer, application=application)


def uploaded(certificate, *, irn=None, drn=None):
    """Accept an upload of `certificate` with a fresh IRN and DRN, the way esanchit records it."""
    n = next(_serial)
    upload = Upload.objects.create(
        certificate=certificate,
        document=document_of(certificate),
        office=certificate.office,
        idempotency_key=f"test-{certificate.pk}-{n}",
    )
    return irn_record(upload=upload, irn=irn or f"IRN{n:09d}", drn=drn or f"DRN{n:09d}")


def two_uploads_on_dec1(clock):
    """A ready firm with two ICs accepted on 1 December 2026 (IST 10:00 and 11:00)."""
    clock.set(dt.datetime(2026, 12, 1, 9, 0))
    member, user, officer, epc = f.ready()
    ups = []
    for hour in (10, 11):
        clock.set(dt.datetime(2026, 12, 1, hour, 0))
        ups.append(uploaded(issued(user, officer, epc)))
    return member, user, officer, ups
