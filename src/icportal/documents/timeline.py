"""When was an IC signed, was the certificate good at that moment, and what has happened to it since.

No Django: run inside the guarded probe process for files from outside, and in-process for our own
files (known by their hash). The answer for an IC's signature:

- the signature timestamp's time T and the TSA that gave it (B-T and up);
- pyHanko's validation of the signature *at T* (`ValidationContext(moment=T)`): the signer's chain
  to a trust anchor with the certificate valid at T, its revocation checked with the validation
  data the file carries (DSS, added at issue) plus the certificate's revocation status fetched
  now (OCSP, else CRL), accepted although issued after T (`retroactive_revinfo`). A certificate
  revoked after T does not invalidate the signature; one revoked at or before T does;
- the certificate's revocation time, if any, and its expiry, so the page can say so;
- whether the file is the signed revision plus only validation data and document timestamps
  (B-LTA, pyHanko's diff analysis), and each document timestamp's time and TSA.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import urllib.request

logger = logging.getLogger(__name__)

FETCH_TIMEOUT_SECONDS = 4


def _name(cert) -> str:
    """A certificate's holder as people read it: the organisation's name, else the CN."""
    subject = cert.subject.native
    return subject.get("common_name") or subject.get("organization_name") or "unknown"


def _token_facts(signed_data) -> dict:
    from pyhanko.sign.general import extract_certificate_info

    tst_info = signed_data["encap_content_info"]["content"].parsed
    facts = {"time": tst_info["gen_time"].native.isoformat(), "tsa": ""}
    try:
        facts["tsa"] = _name(extract_certificate_info(signed_data).signer_cert)
    except Exception:  # a token without its certificate: the time still stands for the record
        facts["tsa"] = ""
    return facts


def signature_timestamp(signed_data):
    """The SignedData of the RFC 3161 token in a signature's unsigned attributes, or None."""
    signer_info = signed_data["signer_infos"][0]
    for attr in signer_info["unsigned_attrs"] or []:
        if attr["type"].native == "signature_time_stamp_token":
            return attr["values"][0]["content"]
    return None


def _http(url: str, data: bytes | None = None, content_type: str = "") -> bytes | None:
    if not url.startswith(("http://", "https://")):
        return None
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET")  # noqa: S310
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as answer:  # noqa: S310
            return answer.read(10 * 1024 * 1024)
    except OSError as exc:
        logger.info("Fetching %s failed: %s", url, exc)
        return None


def _fetch_ocsp(cert, issuer):
    """The responder's answer about `cert` now (asn1crypto OCSPResponse), or None."""
    from asn1crypto import ocsp as asn1_ocsp
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509 import ocsp as cocsp

    urls = cert.ocsp_urls
    if not urls or issuer is None:
        return None
    request = (
        cocsp.OCSPRequestBuilder()
        .add_certificate(
            cx509.load_der_x509_certificate(cert.dump()),
            cx509.load_der_x509_certificate(issuer.dump()),
            hashes.SHA1(),  # noqa: S303 - the CertID hash every OCSP responder understands
        )
        .build()
        .public_bytes(serialization.Encoding.DER)
    )
    der = _http(urls[0], request, "application/ocsp-request")
    if not der:
        return None
    try:
        response = asn1_ocsp.OCSPResponse.load(der)
        if response["response_status"].native != "successful":
            return None
        response.native  # noqa: B018 — parse fully now, not inside the validator
    except ValueError:
        return None
    return response


def _fetch_crl(cert):
    from asn1crypto import crl as asn1_crl

    for point in cert.crl_distribution_points or []:
        der = _http(point.url) if point.url else None
        if der:
            try:
                return asn1_crl.CertificateList.load(der)
            except ValueError:
                continue
    return None


def _revocation_in(cert, ocsps, crls) -> tuple[dt.datetime | None, bool]:
    """(revocation time, whether any answer covered the certificate) from the answers given."""
    covered = False
    for response in ocsps:
        try:
            basic = response["response_bytes"]["response"].parsed
            for single in basic["tbs_response_data"]["responses"]:
                if single["cert_id"]["serial_number"].native != cert.serial_number:
                    continue
                covered = True
                status = single["cert_status"]
                if status.name == "revoked":
                    return status.chosen["revocation_time"].native, True
        except (KeyError, ValueError, TypeError):
            continue
    for crl in crls:
        if crl.issuer != cert.issuer:
            continue
        covered = True
        for entry in crl["tbs_cert_list"]["revoked_certificates"] or []:
            if entry["user_certificate"].native == cert.serial_number:
                return entry["revocation_date"].native, True
    return None, covered


def dss_contents(reader) -> tuple[list, list, list]:
    """The certificates, OCSP responses and CRLs in a file's DSS (asn1crypto objects)."""
    from asn1crypto import crl as asn1_crl
    from asn1crypto import ocsp as asn1_ocsp
    from pyhanko.pdf_utils.decode_limits import DecodePurpose
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    if "/DSS" not in reader.root:
        return [], [], []
    dss = DocumentSecurityStore.read_dss(reader)
    ocsps = [
        asn1_ocsp.OCSPResponse.load(ref.get_object().read_data(DecodePurpose.OCSP_RESPONSE))
        for ref in dss.ocsps
    ]
    crls = [
        asn1_crl.CertificateList.load(ref.get_object().read_data(DecodePurpose.CRL))
        for ref in dss.crls
    ]
    return list(dss.load_certs()), ocsps, crls


def _issuer_of(cert, candidates):
    for candidate in candidates:
        if candidate.subject == cert.issuer and candidate.ca:
            return candidate
    return None


def signature_timeline(pdf_bytes: bytes, trust_pems: list[str], *, fetch: bool = True) -> dict:
    """The facts above for the file's first signature (the IC's); see the module docstring.
    `fetch`: ask the certificate's OCSP responder (else its CRL) for its status now."""
    from asn1crypto import pem as asn1_pem
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    from .probe import outside_event_loop

    roots = []
    for text in trust_pems:
        _, _, der = asn1_pem.unarmor(text.encode())
        roots.append(asn1_x509.Certificate.load(der))
    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    signatures = reader.embedded_regular_signatures
    if not signatures:
        return {"signed": False}
    sig = signatures[0]
    cert = sig.signer_cert
    facts: dict = {
        "signed": True,
        "subject": _name(cert),
        "signer_pem": asn1_pem.armor("CERTIFICATE", cert.dump()).decode(),
        "not_before": cert["tbs_certificate"]["validity"]["not_before"].native.isoformat(),
        "not_after": cert["tbs_certificate"]["validity"]["not_after"].native.isoformat(),
        "timestamp": None,
        "archive_timestamps": [],
    }
    certs, ocsps, crls = dss_contents(reader)
    dss = bool(certs or ocsps or crls)
    certs += list(sig.other_embedded_certs)
    now_ocsps, now_crls = [], []
    if fetch:
        issuer = _issuer_of(cert, certs + roots)
        answer = _fetch_ocsp(cert, issuer)
        if answer is not None:
            now_ocsps.append(answer)
        else:
            crl = _fetch_crl(cert)
            if crl is not None:
                now_crls.append(crl)
    revoked_at, covered_now = _revocation_in(cert, now_ocsps, now_crls)
    if revoked_at is None and not covered_now:
        revoked_at, _ = _revocation_in(cert, ocsps, crls)
    facts["revoked_at"] = revoked_at.isoformat() if revoked_at else None
    facts["revocation_checked"] = "now" if covered_now else "at signing"

    token = signature_timestamp(sig.signed_data)
    moment = None
    if token is not None:
        facts["timestamp"] = _token_facts(token)
        moment = dt.datetime.fromisoformat(facts["timestamp"]["time"])

    def context(at, *, signer=False):
        # The answers fetched now are about the signer only: a TSA's chain is checked with the
        # file's own validation data (an answer about another serial counts as a failed check).
        return ValidationContext(
            trust_roots=roots,
            other_certs=certs,
            ocsps=ocsps + (now_ocsps if signer else []),
            crls=crls + (now_crls if signer else []),
            moment=at,
            best_signature_time=at,
            retroactive_revinfo=True,
            allow_fetching=False,
            revocation_mode="soft-fail",
        )

    at = moment  # validation at the signature timestamp's time; without one (B-B), now
    status = outside_event_loop(
        lambda: validate_pdf_signature(
            sig,
            signer_validation_context=context(at, signer=True),
            ts_validation_context=context(at),
        )
    )
    level = status.modification_level
    facts.update(
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        revoked_at_signing=bool(status.revoked),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        only_archive_updates=level is not None and level <= ModificationLevel.LTA_UPDATES,
        timestamp_valid=bool(
            status.timestamp_validity
            and status.timestamp_validity.intact
            and status.timestamp_validity.valid
            and status.timestamp_validity.trusted
        ),
        signed_revision_end=int(sig.byte_range[2]) + int(sig.byte_range[3]),
    )
    for stamp in reader.embedded_timestamp_signatures:
        entry = _token_facts(stamp.signed_data)
        stamp_at = dt.datetime.fromisoformat(entry["time"])
        ts_status = outside_event_loop(
            lambda stamp=stamp, stamp_at=stamp_at: validate_pdf_timestamp(
                stamp, validation_context=context(stamp_at)
            )
        )
        entry.update(
            valid=bool(ts_status.intact and ts_status.valid and ts_status.trusted),
            whole_file=ts_status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        )
        facts["archive_timestamps"].append(entry)
    stamps = facts["archive_timestamps"]
    facts["level"] = (
        "B-LTA" if stamps else ("B-LT" if dss else "B-T") if facts["timestamp"] else "B-B"
    )
    # The file as a whole: the signature covers it, or everything after the signed revision is
    # validation data and document timestamps (pyHanko's diff analysis: LTA updates only).
    facts["complete"] = bool(facts["whole_file"] or facts["only_archive_updates"])
    return facts
