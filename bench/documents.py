"""PAdES B-LT ICs of 1, 20 and 200 item lines: our issue path against the usual stack, interleaved.

    .venv/bin/python bench/documents.py [N]        (N ≥ 30 for figures; default 30)

Starts its own development PKI server (OCSP, CRL, TSA over HTTP on loopback) and points both
sides at it. Then, for each size, N documents a side, alternating A, B, A, B … in one process:

- ours: the real issue path of `documents.services._produce` without its SQL — fpdf2 drawing
  PDF/A-2b, `signing.sign_pdf_lt` (template CMS, RFC 3161 token for the signature value checked
  against the trust anchors, DSS with the chains and OCSP answers reused while fresh, all in one
  incremental update), the cheap check of the fresh file and the store with its read-back;
- the peer: the same content as HTML rendered to PDF/A-2b by WeasyPrint, signed by pyHanko's
  ordinary `signers.sign_pdf` with a SimpleSigner loaded once, an HTTPTimeStamper to the same
  TSA, and `embed_validation_info=True` with a ValidationContext that fetches OCSP/CRL from the
  same PKI (a new context per document, as a service signing independent files has).

Prints wall-clock medians, p95 and the ratio per size, then our CPU ms per document by stage
(`time.thread_time`: other processes — the PKI server — do not count). The last line reads
`documents: 1 line R×, 20 lines R×, 200 lines R× (B-LT both sides, interleaved)`.
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
_TMP = Path(tempfile.mkdtemp(prefix="icportal-bench-documents-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icportal.config.settings.test")
os.environ["DATABASE_URL"] = f"sqlite:///{_TMP / 'bench.sqlite3'}"  # RevocationAnswer only

import django  # noqa: E402

django.setup()

import hashlib  # noqa: E402

import segno  # noqa: E402
import weasyprint  # noqa: E402
from asn1crypto import pem as asn1_pem  # noqa: E402
from asn1crypto import x509 as asn1_x509  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import FileSystemStorage  # noqa: E402
from django.db import connection  # noqa: E402
from django.template import engines  # noqa: E402
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.sign import fields, signers  # noqa: E402
from pyhanko.sign import timestamps as hanko_timestamps  # noqa: E402
from pyhanko_certvalidator import ValidationContext  # noqa: E402
from tests.documents.test_render import sample_content  # noqa: E402

from dev_pki import process as dev_pki  # noqa: E402
from icportal.documents import resources, revocation, signing, timestamps  # noqa: E402
from icportal.documents.devkeys import ensure_office_keys  # noqa: E402
from icportal.documents.models import RevocationAnswer  # noqa: E402
from icportal.documents.readiness import xmp_pdfa_part  # noqa: E402
from icportal.documents.render import render_pdf  # noqa: E402
from icportal.documents.signed_bytes import whole_file_signature  # noqa: E402

SIZES = (1, 20, 200)
PEER_HTML = engines["django"].from_string(
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


def peer(content, signer, timestamper, roots) -> bytes:
    fields_ = [
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
    html = PEER_HTML.render({"c": content, "fields": fields_, "qr": qr})
    pdf = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/a-2b")
    meta = signers.PdfSignatureMetadata(
        field_name="Signature1",
        subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=True,
        validation_context=ValidationContext(trust_roots=roots, allow_fetching=True),
    )
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer, timestamper=timestamper
    )
    return out.getvalue()


class Ours:
    """The issue path, stage by stage, CPU time of each kept for the stage table."""

    def __init__(self, signer, storage):
        self.signer, self.storage = signer, storage
        self.cpu = {k: [] for k in ("render", "sign", "timestamp", "validation data", "store")}
        self.timestamp_wall: list[float] = []

    def __call__(self, content) -> bytes:
        clock = time.thread_time
        t0 = clock()
        pdf = render_pdf(content)
        t1 = clock()
        timestamps.spent.cpu = timestamps.spent.wall = 0.0
        chain = signing.signer_chain(self.signer)
        timestamper = timestamps.configured()
        data = revocation.validation_data(chain, timestamper.known_chain())
        t2 = clock()
        signed = signing.sign_pdf_lt(pdf, self.signer, location="Chennai", timestamper=timestamper)
        t3 = clock()
        finding = whole_file_signature(signed.pdf)  # the cheap check of our fresh file
        assert finding.ok and finding.level == "B-LT" and xmp_pdfa_part(signed.pdf) == "2B"
        name = self.storage.save("IC.pdf", ContentFile(signed.pdf))
        with self.storage.open(name, "rb") as fh:  # read back, as services._store does
            assert hashlib.sha256(fh.read()).digest() == hashlib.sha256(signed.pdf).digest()
        self.storage.delete(name)
        t4 = clock()
        assert data is not None
        stamp_cpu = timestamps.spent.cpu
        for key, value in (
            ("render", t1 - t0),
            ("validation data", t2 - t1),  # chain, TSA chain, answers (kept while fresh)
            ("sign", t3 - t2 - stamp_cpu),
            ("timestamp", stamp_cpu),  # our side of the request and the token's checks
            ("store", t4 - t3),  # the check and the store with its read-back
        ):
            self.cpu[key].append(value * 1000)
        self.timestamp_wall.append(timestamps.spent.wall * 1000)
        return signed.pdf


def summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[
        min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))
    ]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    with connection.schema_editor() as editor:
        editor.create_model(RevocationAnswer)
    pki_dir = _TMP / "pki"
    server = dev_pki.start(pki_dir)  # h1's helper: builds the PKI, serves it, waits for healthz
    try:
        url = server.url
        settings.DEV_PKI_URL, settings.TSA_URL = url, server.tsa_url
        settings.TSA_USERNAME = settings.TSA_PASSWORD = ""
        settings.SIGNING_TRUST_ANCHORS = [str(server.pki.ca_pem_path)]
        run(n, pki_dir, url)
    finally:
        server.stop()


def run(n: int, pki_dir: Path, url: str) -> None:
    (key,) = ensure_office_keys(pki_dir, [("CHN", "Chennai")])
    secret = (pki_dir / "p12-passphrase").read_text().strip().encode()
    ours_signer = signing._pkcs12_signer(str(key.p12_path), 0, secret)  # the service's cache
    peer_signer = signers.SimpleSigner.load_pkcs12(str(key.p12_path), passphrase=secret)
    peer_timestamper = hanko_timestamps.HTTPTimeStamper(url + "tsa", timeout=5)
    _, _, ca_der = asn1_pem.unarmor((pki_dir / "dev-ca.pem").read_bytes())
    roots = [asn1_x509.Certificate.load(ca_der)]
    storage = FileSystemStorage(location=str(_TMP / "store"))
    ours = Ours(ours_signer, storage)
    resources.warm()
    for lines in (1, 200):  # warm both sides: imports, fonts, templates, kept answers
        ours(sample_content(lines))
        theirs = peer(sample_content(lines), peer_signer, peer_timestamper, roots)
        # The peer is B-LT too: a timestamped signature and a DSS with revocation answers.
        assert b"/DSS" in theirs and (b"/OCSPs" in theirs or b"/CRLs" in theirs)
    for values in ours.cpu.values():
        values.clear()
    ours.timestamp_wall.clear()
    print(f"N={n} documents a side and size, interleaved; wall ms per document; dev PKI at {url}")
    print(
        f"{'lines':>5} | {'ours p50':>9} {'p95':>7} {'size':>8} | {'peer p50':>9} {'p95':>7} "
        f"{'size':>8} | {'ratio p50':>9}"
    )
    ratios, stage_rows = [], []
    for lines in SIZES:
        content = sample_content(lines)
        mine, theirs, sizes = [], [], [0, 0]
        for k in ours.cpu.values():
            k.clear()
        ours.timestamp_wall.clear()
        for _ in range(n):
            start = time.perf_counter()
            sizes[0] = len(ours(content))
            mine.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            sizes[1] = len(peer(content, peer_signer, peer_timestamper, roots))
            theirs.append((time.perf_counter() - start) * 1000)
        (o50, o95), (p50, p95) = summary(mine), summary(theirs)
        ratios.append(p50 / o50)
        print(
            f"{lines:>5} | {o50:9.1f} {o95:7.1f} {sizes[0]:8,} | {p50:9.1f} {p95:7.1f} "
            f"{sizes[1]:8,} | {p50 / o50:8.1f}×"
        )
        stage_rows.append(
            (
                lines,
                {k: statistics.median(v) for k, v in ours.cpu.items()},
                statistics.median(ours.timestamp_wall),
            )
        )
    print("\nours: CPU ms per document by stage (median; the TSA's own work is in its process)")
    names = list(ours.cpu)
    print(
        f"{'lines':>5} | " + " ".join(f"{k:>15}" for k in names) + f" | {'total':>7} | "
        f"{'TSA round trip (wall)':>21}"
    )
    for lines, med, wall in stage_rows:
        print(
            f"{lines:>5} | "
            + " ".join(f"{med[k]:15.2f}" for k in names)
            + f" | {sum(med.values()):7.2f} | {wall:21.2f}"
        )
    print()
    print(
        f"documents: 1 line {ratios[0]:.1f}×, 20 lines {ratios[1]:.1f}×, "
        f"200 lines {ratios[2]:.1f}× (B-LT both sides, interleaved)"
    )


if __name__ == "__main__":
    main()
