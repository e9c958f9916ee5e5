"""The IC PDF's headings are also in Hindi (issue 18): real text (pdftotext reads it back), in an
embedded Noto Sans Devanagari (pdffonts), and shaped by HarfBuzz.

Shaping is seen in the font's ToUnicode map, which says which characters each glyph drawn stands
for. Without shaping every character is drawn as its own glyph, found through the font's cmap. With
shaping, OpenType GSUB turns pa + virama + ra into the one conjunct glyph प्र and puts the i-matra
before its consonant, so one glyph stands for several characters. The negative case draws the same
heading in the same font without shaping and shows the check then finds nothing.
"""

from __future__ import annotations

import io
import re
import subprocess

import pikepdf
from fpdf import FPDF

from icportal.documents import resources
from icportal.documents.probe import pdfa_part
from icportal.documents.render import HINDI, render_pdf
from tests.documents.test_render import _text, sample_content

BFCHAR = re.compile(r"beginbfchar(.*?)endbfchar", re.S)
PAIR = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
VIRAMA, I_MATRA = "\u094d", "\u093f"


def devanagari_clusters(data: bytes) -> set[str]:
    """The texts that one glyph of an embedded Devanagari font stands for, when it stands for more
    than one character: only shaping makes such glyphs."""
    clusters = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Subtype") != "/Type0":
                continue
            if "Devanagari" not in str(obj.get("/BaseFont")):
                continue
            cmap = obj.ToUnicode.read_bytes().decode("latin-1")
            for block in BFCHAR.findall(cmap):
                for _, target in PAIR.findall(block):
                    text = bytes.fromhex(target).decode("utf-16-be")
                    if len(text) > 1:
                        clusters.add(text)
    return clusters


def heading_pdf(*, shaping: bool) -> bytes:
    """The IC's Hindi title drawn with fpdf2 in the same font, with or without HarfBuzz."""
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("deva", "", resources.font_path("NotoSansDevanagari-Regular.ttf"))
    pdf.set_font("deva", size=12)
    pdf.set_text_shaping(shaping)
    pdf.cell(text=f"{HINDI['IMPORT CERTIFICATE']} {HINDI['Description']}")
    return bytes(pdf.output())


def test_the_headings_are_also_in_hindi_in_an_embedded_devanagari_font(tmp_path):
    data = render_pdf(sample_content(3))
    text = _text(data, tmp_path)
    for english in ("IMPORT CERTIFICATE", "Description", "HS code", "Country of origin"):
        assert english in text and HINDI[english] in text, english
    assert "आयात प्रमाणपत्र" in text
    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True)
    rows = [row.split() for row in fonts.stdout.decode().splitlines() if "Devanagari" in row]
    assert rows, fonts.stdout.decode()
    assert rows[0][-5:-2] == ["yes", "yes", "yes"]  # embedded, subset, with a ToUnicode map
    assert pdfa_part(data) == "2B" and len(data) < 1_048_576


def test_the_hindi_is_shaped_where_a_cmap_only_rendering_is_not():
    clusters = devanagari_clusters(render_pdf(sample_content(1)))
    assert "प्र" in clusters  # pa + virama + ra: the conjunct of प्रमाणपत्र, one glyph
    assert "वि" in clusters  # va + i-matra: the matra drawn first, one cluster (विवरण)
    # The check itself: the same words without shaping have no such glyph; with it they do.
    assert devanagari_clusters(heading_pdf(shaping=False)) == set()
    shaped = devanagari_clusters(heading_pdf(shaping=True))
    assert "प्र" in shaped and any(VIRAMA in c for c in shaped) and any(I_MATRA in c for c in shaped)
