"""Read a PDF's PDF/A identification and signatures. No Django: also run as a guarded subprocess.

`python -m icportal.documents.probe` reads one JSON line (the trusted certificates, PEM) and then
the PDF from standard input, limits its own memory and CPU time, and prints a JSON report. The
public check page runs untrusted uploads this way, so a PDF bomb costs one short-lived process.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys

RLIMIT_MEMORY = 768 * 1024 * 1024
RLIMIT_CPU_SECONDS = 10


def outside_event_loop(call):
    """pyHanko runs `asyncio.run` inside its synchronous API. Where an event loop is already
    running in this thread (ASGI, a test process driving a browser), do the call on a short-lived
    thread of its own, since loops cannot be nested."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def pdfa_part(pdf_bytes: bytes) -> str:
    """'2B' for a PDF/A-2b file (from its XMP metadata); '' when absent."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        meta = pdf.open_metadata()
        return meta.pdfa_status or ""


def inspect_signatures(pdf_bytes: bytes, trust_pems: list[str]) -> list[dict]:
    """Each signature: intact (digest matches), valid (cryptographically), trusted (chains to
    one of `trust_pems`), covering the whole file or not, and the signer's certificate."""
    from asn1crypto import pem as asn1_pem
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    roots = []
    for text in trust_pems:
        _, _, der = asn1_pem.unarmor(text.encode())
        roots.append(asn1_x509.Certificate.load(der))
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    results = []
    for sig in reader.embedded_signatures:
        entry = {"field": sig.field_name, "intact": False, "valid": False, "trusted": False}
        try:
            cert = sig.signer_cert
            entry["subject"] = cert.subject.human_friendly
            entry["signer_sha256"] = hashlib.sha256(cert.dump()).hexdigest()
            entry["signer_pem"] = asn1_pem.armor("CERTIFICATE", cert.dump()).decode()
            byte_range = [int(x) for x in sig.byte_range]
            entry["signed_revision_end"] = byte_range[2] + byte_range[3]
            status = outside_event_loop(
                lambda sig=sig: validate_pdf_signature(sig, signer_validation_context=context)
            )
            entry.update(
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                signing_time=status.signer_reported_dt.isoformat()
                if status.signer_reported_dt
                else "",
            )
        except Exception as exc:  # a damaged signature is a finding, not a crash
            entry["error"] = f"{type(exc).__name__}: {exc}"[:300]
        results.append(entry)
    return results


def report(pdf_bytes: bytes, trust_pems: list[str]) -> dict:
    result: dict = {"readable": True, "pdfa": "", "signatures": []}
    try:
        result["pdfa"] = pdfa_part(pdf_bytes)
    except Exception as exc:
        result["pdfa_error"] = f"{type(exc).__name__}"
    try:
        result["signatures"] = inspect_signatures(pdf_bytes, trust_pems)
    except Exception as exc:
        result["readable"] = False
        result["error"] = f"{type(exc).__name__}: {exc}"[:300]
    return result


def _limit() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (RLIMIT_MEMORY, RLIMIT_MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (RLIMIT_CPU_SECONDS, RLIMIT_CPU_SECONDS))


def main() -> None:
    _limit()
    stream = sys.stdin.buffer
    trust = json.loads(stream.readline() or b"{}").get("trust_pems", [])
    data = stream.read()
    json.dump(report(data, trust), sys.stdout)


if __name__ == "__main__":
    main()
