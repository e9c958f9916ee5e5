"""Demo ICs for verification across time (issue 16 §3, §5): open them on /verify/.

- one IC signed weeks ago with a short-lived certificate of its office's *old* identity, which
  has expired since: the development PKI's clock is set back for the signing (its TSA and OCSP
  answer "then"), this process's clock too (time-machine), then both are restored;
- one IC signed today with another old identity of its office, whose certificate the PKI admin
  then revokes (dated after the signing);
- one IC with an archive timestamp added (B-LTA, version 2 of its file).

Both old identities stay registered, inactive, as after a DSC renewal; the office's current
identity is active again afterwards. `icportal demo_data` calls `build()` once, right after the
rest of the demo was loaded (and its ICs signed). Needs the development PKI server (`make run`
starts it first); without one these ICs are not made and the command says why.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import urllib.request

from cryptography import x509
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from icportal.certificates import services as ic
from icportal.certificates.models import Application, ImportCertificate
from icportal.certificates.services.reconciliation import boe_due_on
from icportal.common.dates import financial_year, financial_year_bounds
from icportal.documents import archive
from icportal.documents import signing as documents_signing
from icportal.documents.models import CertificateDocument, DocStatus, SigningIdentity
from icportal.documents.services import document_produce, identity_register_pkcs12

from . import history

logger = logging.getLogger(__name__)

EXPIRED_DAYS_AGO = 40  # signed then, with a certificate valid for two days around it
ADMIN_HEADER = "X-Dev-Pki-Admin-Key"


def _admin(action: str, body: dict) -> None:
    request = urllib.request.Request(  # noqa: S310 - our development PKI's http URL
        f"{settings.DEV_PKI_URL}admin/{action}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", ADMIN_HEADER: settings.DEV_PKI_ADMIN_KEY},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 - our dev PKI
        answer.read()


def _pki():
    from dev_pki.keys import build as pki_build

    from .people import keys_dir

    return pki_build(keys_dir(), settings.DEV_PKI_URL)


class _OldIdentity:
    """For a block: an office signs with a certificate of another (old) identity; afterwards its
    current identity is the active one again and the old one stays, inactive (as after renewal)."""

    def __init__(self, office, p12_path, pem_path):
        self.office, self.p12_path, self.pem_path = office, p12_path, pem_path

    def __enter__(self):
        self.current = SigningIdentity.objects.filter(office=self.office, is_active=True).first()
        self.old = identity_register_pkcs12(
            office=self.office,
            p12_path=self.p12_path,
            secret_env=documents_signing.DEV_SECRET_ENV,
            certificate_pem=self.pem_path.read_text(),
        )
        return self.old

    def __exit__(self, *exc):
        SigningIdentity.objects.filter(pk=self.old.pk).update(is_active=False)
        if self.current is not None:
            SigningIdentity.objects.filter(pk=self.current.pk).update(is_active=True)
        return False


def _issue(rng, n: int, firm, moment: dt.datetime) -> ImportCertificate:
    user, epc, officer, items = firm
    app = history._application(rng, n, user, epc, items, moment, invoice="INV/LT")
    Application.objects.filter(pk=app.pk).update(submitted_at=moment, created_at=moment)
    return ic.certificate_issue(by=officer, application=app)


def _move_back(certificate, officer, rng, n: int, moment: dt.datetime) -> None:
    """Dates of the IC as they would have been (like history.py), and its IRN recorded."""
    due = boe_due_on(boe_date=certificate.application.boe_date, issued_at=moment)
    ImportCertificate.objects.filter(pk=certificate.pk).update(issued_at=moment, boe_due_on=due)
    history._uploaded(rng, n, certificate, officer, moment)


def _expired(rng, pki, firm) -> str:
    import time_machine  # a development dependency, like the whole demo

    now = timezone.now()
    first_day = dt.datetime.combine(
        financial_year_bounds(financial_year())[0], dt.time(12), tzinfo=dt.UTC
    )
    then = max(now - dt.timedelta(days=EXPIRED_DAYS_AGO), first_day)
    if now - then < dt.timedelta(days=3):  # the first days of a financial year: nothing to show
        return "no expired-certificate IC (the financial year has just begun)"
    officer = firm[2]
    office = officer.office
    p12, pem = pki.issue_office(
        office.code,
        office.name,
        not_before=then - dt.timedelta(days=1),
        not_after=then + dt.timedelta(days=1),
    )
    certificate = _issue(rng, 1, firm, then - dt.timedelta(minutes=30))
    _admin("clock", {"at": then.isoformat()})
    try:
        with time_machine.travel(then, tick=True), _OldIdentity(office, p12, pem):
            document_produce(certificate=certificate)
    finally:
        _admin("clock", {"at": None})
    _move_back(certificate, officer, rng, 1, then - dt.timedelta(minutes=5))
    return f"IC {certificate.number} (its certificate expired {then + dt.timedelta(days=1):%d/%m})"


def _revoked(rng, pki, firm) -> str:
    officer = firm[2]
    office = officer.office
    p12, pem = pki.issue_office(office.code, office.name)
    certificate = _issue(rng, 2, firm, timezone.now())
    with _OldIdentity(office, p12, pem) as old:
        document_produce(certificate=certificate)
    serial = x509.load_pem_x509_certificate(old.certificate_pem.encode()).serial_number
    revoked_at = timezone.now() + dt.timedelta(seconds=1)  # after the signing
    _admin(
        "revoke",
        {"serial": format(serial, "x"), "at": revoked_at.isoformat(), "reason": "key_compromise"},
    )
    return f"IC {certificate.number} (its certificate was revoked after signing)"


def _archived() -> str:
    document = (
        CertificateDocument.objects.filter(status=DocStatus.SIGNED, identity__is_active=True)
        .order_by("signed_at")
        .first()
    )
    if document is None:
        return "no B-LTA IC (no signed IC)"
    version = archive.document_archive(document=document)
    return f"IC {document.certificate.number} (archive timestamp: version {version.n})"


def build(seed: int = 16) -> list[str]:
    """Make the three ICs; returns what was made, for the demo's output."""
    rng = random.Random(seed)  # noqa: S311 - made-up demo figures
    firm = history._firms()[0]
    made = []
    pki = _pki()
    for step in (
        lambda: _expired(rng, pki, firm),
        lambda: _revoked(rng, pki, firm),
        _archived,
    ):
        try:
            with transaction.atomic():
                made.append(step())
        except Exception as exc:  # no PKI server, a TSA fault: the rest of the demo stands
            logger.exception("A demo IC across time was not made")
            made.append(f"not made: {type(exc).__name__}: {exc}")
    for document in CertificateDocument.objects.filter(
        certificate__application__invoice_no__startswith="INV/LT"
    ).exclude(status=DocStatus.SIGNED):
        made.append(f"IC {document.certificate.number} not signed: {document.last_error}")
    return made
