"""Render and sign N certificates of 1, 20 and 200 item lines: our pipeline against the baseline.

    .venv/bin/python bench/documents.py [N]

First the CPU milliseconds per document by stage of the issue path (render, sign, check, store;
`time.thread_time`, so other processes on a shared machine do not count), with the full pyHanko
validation that files from outside get, for comparison; then the comparison with the baseline.

Ours: fpdf2 drawing PDF/A-2b directly (fonts, colour profile and key loaded once per process) and
pyHanko signing with a fixed signature size. Baseline, on the same content in the same run: the
certificate as HTML rendered by WeasyPrint with default settings, signed by pyHanko's default
`signers.sign_pdf` (which signs a dummy first to size the signature). Both use the same signer
object. Also prints our signing step alone against one raw RSA-2048 signature.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icportal.config.settings.test")

import django  # noqa: E402

django.setup()

import hashlib  # noqa: E402

import segno  # noqa: E402
import weasyprint  # noqa: E402
from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import padding  # noqa: E402
from cryptography.hazmat.primitives.serialization import pkcs12  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import FileSystemStorage  # noqa: E402
from django.template import engines  # noqa: E402
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.sign import signers  # noqa: E402
from tests.documents.test_render import sample_content  # noqa: E402

from icportal.documents import resources, signing  # noqa: E402
from icportal.documents.devkeys import ensure_office_keys  # noqa: E402
from icportal.documents.probe import inspect_signatures, pdfa_part  # noqa: E402
from icportal.documents.readiness import xmp_pdfa_part  # noqa: E402
from icportal.documents.render import render_pdf  # noqa: E402
from icportal.documents.signed_bytes import whole_file_signature  # noqa: E402

BASELINE_HTML = engines["django"].from_string(
    """<!doctype html><html><head><meta charset="utf-8"><title>IC {{ c.number }}</title>
<style>body{font-family:'DejaVu Sans',sans-serif;font-size:9pt} table{width:100%;border-collapse:collapse}
th,td{border-bottom:1px solid #ccc;padding:2px} th{background:#eee} thead{display:table-header-group}
@page{size:A4;margin:14mm;@bottom-right{content:"Page " counter(page) " of " counter(pages)}}</style>
</head><body><h1>{{ c.council_name }}</h1><p>{{ c.office_name }} · {{ c.office_address }}</p>
<h2>IMPORT CERTIFICATE {{ c.number }}</h2><img src="{{ qr }}" style="float:right;width:34mm">
<dl>{% for k, v in fields %}<dt>{{ k }}</dt><dd>{{ v }}</dd>{% endfor %}</dl>
<table><thead><tr><th>#</th><th>Description</th><th>HS code</th><th>Quantity</th><th>Value (₹)</th></tr></thead>
<tbody>{% for l in c.lines %}<tr><td>{{ l.line_no }}</td><td>{{ l.description }}</td><td>{{ l.hs_code }}</td>
<td>{{ l.quantity }} {{ l.unit }}</td><td>{{ l.value_display }}</td></tr>{% endfor %}</tbody></table>
<p><b>Total {{ c.total_display }}</b> ({{ c.total_words }})</p>
{% if c.urgent %}<p><b>Urgent physical IC: acceptance is at the discretion of Customs</b></p>{% endif %}
<p>Digitally signed by {{ c.officer_name }}, {{ c.officer_designation }}</p></body></html>"""
)


def baseline(content, signer) -> bytes:
    fields = [
        ("Member", content.member_name),
        ("Address", content.member_address),
        ("IEC", content.iec),
        ("GSTIN", content.gstin),
        ("RCMC", content.rcmc),
        ("EPC", content.epc_number),
        ("Notification", content.notification),
        ("Invoice", content.invoice),
        ("Bill of Entry", content.boe),
        ("Port", content.port),
        ("Supplier", content.supplier),
        ("Country", content.country),
    ]
    qr = segno.make(content.verify_url, error="m").svg_data_uri()
    html = BASELINE_HTML.render({"c": content, "fields": fields, "qr": qr})
    pdf = weasyprint.HTML(string=html).write_pdf()
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)),
        signers.PdfSignatureMetadata(field_name="Signature1"),
        signer=signer,
    )
    return out.getvalue()


def ours(content, signer) -> bytes:
    return signing.sign_pdf(render_pdf(content), signer, location="Chennai")


def timed(fn, n):
    times, size = [], 0
    for _ in range(n):
        start = time.perf_counter()
        size = len(fn())
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, size


def stages(n: int, signer, trust_pem: str) -> None:
    """CPU ms per document for each stage of `documents.services._produce` (without its SQL)."""
    storage = FileSystemStorage(location=tempfile.mkdtemp(prefix="icportal-bench-store-"))

    def check(signed):
        assert xmp_pdfa_part(signed) == "2B" and whole_file_signature(signed).ok

    def full_check(signed):
        assert pdfa_part(signed) == "2B" and inspect_signatures(signed, [trust_pem])[0]["valid"]

    def store(signed):
        name = storage.save("IC.pdf", ContentFile(signed))
        with storage.open(name, "rb") as fh:  # read back, as _store does
            assert hashlib.sha256(fh.read()).digest() == hashlib.sha256(signed).digest()
        storage.delete(name)

    print("CPU ms per document by stage (median of N)")
    print(
        f"{'lines':>5} | {'render':>7} {'sign':>7} {'check':>7} {'store':>7} {'total':>7} | "
        f"{'full check':>10} | {'size':>8}"
    )
    for lines in (1, 20, 200):
        content = sample_content(lines)
        times: dict[str, list[float]] = {
            k: [] for k in ("render", "sign", "check", "store", "full")
        }
        for _ in range(n):
            t0 = time.thread_time()
            pdf = render_pdf(content)
            t1 = time.thread_time()
            signed = signing.sign_pdf(pdf, signer, location="Chennai")
            t2 = time.thread_time()
            check(signed)
            t3 = time.thread_time()
            store(signed)
            t4 = time.thread_time()
            full_check(signed)
            t5 = time.thread_time()
            for key, value in zip(
                times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True
            ):
                times[key].append(value * 1000)
        med = {k: statistics.median(v) for k, v in times.items()}
        total = med["render"] + med["sign"] + med["check"] + med["store"]
        print(
            f"{lines:>5} | {med['render']:7.2f} {med['sign']:7.2f} {med['check']:7.2f} "
            f"{med['store']:7.2f} {total:7.2f} | {med['full']:10.2f} | {len(signed):8,}"
        )
    print()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    keys = Path(tempfile.mkdtemp(prefix="icportal-bench-keys-"))
    ensure_office_keys(keys, [("CHN", "Chennai")])
    secret = (keys / "p12-passphrase").read_text().strip().encode()
    # One signer object for both pipelines: the process-cached one our service uses.
    signer = signing._pkcs12_signer(str(keys / "office-CHN.p12"), 0, secret)
    resources.warm()
    for lines in (1, 200):  # warm both pipelines (imports, font caches, WeasyPrint's fonts)
        ours(sample_content(lines), signer)
        baseline(sample_content(lines), signer)
    stages(n, signer, (keys / "office-CHN.pem").read_text())
    print(f"N={n} certificates per size; times in ms per certificate (render + sign)\n")
    print(
        f"{'lines':>5} | {'ours p50':>9} {'p95':>7} {'size':>8} | "
        f"{'baseline p50':>12} {'p95':>7} {'size':>8} | {'ratio p50':>9}"
    )
    for lines in (1, 20, 200):
        content = sample_content(lines)
        o50, o95, osize = timed(lambda c=content: ours(c, signer), n)
        b50, b95, bsize = timed(lambda c=content: baseline(c, signer), n)
        print(
            f"{lines:>5} | {o50:9.1f} {o95:7.1f} {osize:8,} | "
            f"{b50:12.1f} {b95:7.1f} {bsize:8,} | {b50 / o50:8.1f}x"
        )
    pdf = render_pdf(sample_content(1))
    s50, s95, _ = timed(lambda: signing.sign_pdf(pdf, signer), max(n, 20))
    key, _, _ = pkcs12.load_key_and_certificates((keys / "office-CHN.p12").read_bytes(), secret)
    r50, r95, _ = timed(
        lambda: key.sign(b"x" * 32, padding.PKCS1v15(), hashes.SHA256()), max(n, 20)
    )
    print(f"\nsigning only (ours, 1 line): p50 {s50:.2f} ms, p95 {s95:.2f} ms")
    print(f"raw RSA-2048 signature:      p50 {r50:.2f} ms, p95 {r95:.2f} ms")


if __name__ == "__main__":
    main()
