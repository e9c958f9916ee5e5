import subprocess
from decimal import Decimal

from icportal.documents.content import CertificateContent, Line, number_in_words, rupees_in_words
from icportal.documents.probe import pdfa_part
from icportal.documents.render import render_pdf

NASTY = "राम लेदर <script>alert('x')</script> & Sons < தமிழ் தோல் \u200fABC\u200f"


def sample_content(n: int, member_name="Anna Salai Tanners & Exporters Pvt Ltd", desc=None):
    return CertificateContent(
        council_name="Council for Leather Exports",
        office_name="Chennai Office",
        office_address="CLE Tower, Anna Salai, Chennai 600002",
        number="CLE/CHN/IC/2026-27/000123",
        issue_date="26/11/2026",
        member_name=member_name,
        member_address="Plot 12, Leather Industrial Estate, Chennai, Tamil Nadu, 600032",
        iec="AASCA4821K",
        gstin="33AASCA4821K1ZX",
        rcmc="CLE/CHN/RCMC/4821",
        epc_number="CLE/CHN/EPC/2026-27/000004",
        entitlement=Decimal("5000000"),
        balance_after=Decimal("1234567.50"),
        notification="Notification 45/2025-Customs, S. No. 288",
        lines=tuple(
            Line(
                i + 1,
                desc or f"Antique brass buckles 25 mm, line {i + 1}",
                "83089011",
                "5,000",
                "PCS",
                Decimal("18500.25"),
            )
            for i in range(n)
        ),
        invoice="INV-2026-0042 of 20/11/2026",
        boe="1234567 of 24/11/2026",
        port="INMAA1",
        channel="ICES port (electronic Bill of Entry)",
        supplier="Guangzhou Baiyun Metal Trims Co Ltd, Guangzhou",
        country="China",
        officer_name="K. Ramesh",
        officer_designation="Scrutiny Officer",
        verification_code="AbCdEfGhIjKlMnOp",
        verify_url="http://testserver/verify/AbCdEfGhIjKlMnOp",
        urgent=True,
    )


def _text(data: bytes, tmp_path) -> str:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def test_indian_numbering_in_words():
    assert number_in_words(12_34_56_789) == (
        "Twelve Crore Thirty-Four Lakh Fifty-Six Thousand Seven Hundred Eighty-Nine"
    )
    assert rupees_in_words(Decimal("100000.50")) == "Rupees One Lakh and Fifty Paise Only"


def test_two_hundred_lines_flow_onto_pages_well_under_one_mb(tmp_path):
    data = render_pdf(sample_content(200))
    assert len(data) < 300_000
    assert pdfa_part(data) == "2B"
    text = _text(data, tmp_path)
    assert "line 200" in text and "Page 1 of" in text
    pages = text.count("Page ")
    assert pages >= 5 and f"Page {pages} of {pages}" in text
    with_items = [page for page in text.split("\f") if " line " in page]
    assert len(with_items) >= 5 and all("HS code" in page for page in with_items)  # repeated
    assert "Rupees Thirty-Seven Lakh Fifty Only" in text.replace("\n", " ")
    assert "Acceptance is at the discretion of Customs".lower() in text.lower()


def test_scripts_and_markup_render_as_text(tmp_path):
    data = render_pdf(sample_content(2, member_name=NASTY, desc="தமிழ் பொருள் & <b>x</b>"))
    text = _text(data, tmp_path)
    assert "<script>alert('x')</script> & Sons <" in text
    assert "<b>x</b>" in text
    assert "தமிழ்" in text and "लेदर" in text
    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True).stdout.decode()
    assert "Devanagari" in fonts and "Tamil" in fonts


def test_very_long_word_wraps_inside_the_column(tmp_path):
    data = render_pdf(sample_content(1, desc="X" * 280))
    assert "X" * 40 in _text(data, tmp_path)
