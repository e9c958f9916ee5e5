"""Helpers for the tests of signatures across time: an office identity with a certificate of
chosen validity from the development PKI, and pyHanko's view of a file's PAdES level."""

from __future__ import annotations

import io
import subprocess

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko_certvalidator import ValidationContext

from icportal.documents import services
from icportal.documents.models import SigningIdentity
from icportal.documents.timeline import dss_contents
from tests.documents.conftest import SECRET_ENV


def office_identity(pki, office, *, not_before=None, not_after=None) -> SigningIdentity:
    """A new certificate and key for `office` (a renewal: same office, new identity), active."""
    p12, pem = pki.issue_office(office.code, office.name, not_before, not_after)
    return services.identity_register_pkcs12(
        office=office, p12_path=p12, secret_env=SECRET_ENV, certificate_pem=pem.read_text()
    )


def serial_of(identity) -> int:
    from cryptography import x509

    return x509.load_pem_x509_certificate(identity.certificate_pem.encode()).serial_number


def pyhanko_level(pdf: bytes, ca_pem_path) -> str:
    """B-B / B-T / B-LT / B-LTA as pyHanko's validation sees the file (an independent check of
    ours): a valid signature timestamp, validation data in the DSS, valid document timestamps
    of which the last covers the whole file."""
    from asn1crypto import pem as asn1_pem
    from asn1crypto import x509 as asn1_x509

    _, _, der = asn1_pem.unarmor(ca_pem_path.read_bytes())
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    certs, ocsps, crls = dss_contents(reader)
    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(der)],
        other_certs=certs,
        ocsps=ocsps,
        crls=crls,
        allow_fetching=False,
    )
    (sig,) = reader.embedded_regular_signatures
    status = validate_pdf_signature(sig, signer_validation_context=context)
    assert status.intact and status.valid, status.pretty_print_details()
    stamp = status.timestamp_validity
    if not (stamp and stamp.intact and stamp.valid):
        return "B-B"
    if not (ocsps or crls):
        return "B-T"
    stamps = reader.embedded_timestamp_signatures
    if not stamps:
        return "B-LT"
    for doc_ts in stamps:
        ts_status = validate_pdf_timestamp(doc_ts, validation_context=context)
        assert ts_status.intact and ts_status.valid and ts_status.trusted, ts_status
    # The last document timestamp covers the file, but for the validation data pyHanko appends
    # after it (the TSA's chain and revocation answers, a DSS update: no change to the content).
    last = validate_pdf_timestamp(stamps[-1], validation_context=context)
    level = last.modification_level
    assert last.coverage.name == "ENTIRE_FILE" or (
        level is not None and level <= ModificationLevel.LTA_UPDATES
    ), (last.coverage, level)
    return "B-LTA"


def pdfsig(path) -> str:
    """poppler's pdfsig on a file (independent of pyHanko)."""
    done = subprocess.run(
        ["pdfsig", str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    return done.stdout + done.stderr
