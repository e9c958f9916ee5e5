"""The IC PDF keeps every line of text inside the page margins and inside its box.

The pages are read back the way a person sees them: `pdftotext -bbox-layout` gives each text
line's box, and `pdftoppm` draws the page so the certified-copy banner's coloured box can be
found by its colour. A line past the right margin (the validity note once was) or out of the
banner (a long IC number pushed "CERTIFIED COPY No. n" past the page edge) fails.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from html import unescape

import pytest
from PIL import Image

from icportal.documents.render import BANNER_FILL, MARGIN, PAGE_H, PAGE_W, render_pdf
from tests.documents.test_render import sample_content

PT = 72 / 25.4  # points per mm
LONG_NUMBER = "CLEXPORTS/KANPUR-UNNAO/IC/2026-27/0001234567"
LINE = re.compile(
    r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S
)
WORD = re.compile(r"<word[^>]*>(.*?)</word>")


def lines_of(data: bytes, tmp_path) -> list[list[tuple]]:
    """Per page: (x0, y0, x1, y1, text) of each text line, in points from the top left."""
    pdf, out = tmp_path / "ic.pdf", tmp_path / "ic.html"
    pdf.write_bytes(data)
    subprocess.run(["pdftotext", "-bbox-layout", str(pdf), str(out)], check=True)
    pages = out.read_text().split("<page ")[1:]
    return [
        [
            (float(a), float(b), float(c), float(d), " ".join(map(unescape, WORD.findall(body))))
            for a, b, c, d, body in LINE.findall(page)
        ]
        for page in pages
    ]


def assert_inside_margins(pages, skip=()):
    left, right = MARGIN * PT - 0.5, (PAGE_W - MARGIN) * PT + 0.5
    top, bottom = 5 * PT, (PAGE_H - 5) * PT
    outside = [
        (n, text, round(x0 / PT, 1), round(x1 / PT, 1))
        for n, page in enumerate(pages, start=1)
        for x0, y0, x1, y1, text in page
        if text not in skip and not (left <= x0 and x1 <= right and top <= y0 and y1 <= bottom)
    ]
    assert not outside, f"text outside the margins (page, text, from mm, to mm): {outside}"


def banner_band(data: bytes, tmp_path) -> tuple[float, float]:
    """The certified-copy box on page 1, top and bottom in points, found by its fill colour."""
    pdf = tmp_path / "ic.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    x = round((MARGIN + 1) * PT)
    rows = [
        y
        for y in range(image.height)
        if all(abs(a - b) <= 3 for a, b in zip(image.getpixel((x, y)), BANNER_FILL, strict=True))
    ]
    assert rows, "no certified-copy box drawn"
    return rows[0], rows[-1] + 1


def test_every_line_of_an_ic_stays_inside_the_margins(tmp_path):
    data = render_pdf(sample_content(40))
    pages = lines_of(data, tmp_path)
    assert len(pages) >= 2
    assert_inside_margins(pages)
    note = " ".join(
        t for p in pages for *_, t in p if "valid only" in t or "verification page" in t
    )
    assert "This certificate is valid only as the digitally signed PDF" in note


@pytest.mark.parametrize("number", ["CLE/CHN/IC/2026-27/000123", LONG_NUMBER])
def test_the_certified_copy_banner_keeps_its_words_inside_its_box(tmp_path, number):
    content = replace(sample_content(3), number=number)
    data = render_pdf(content, copy_number=12)
    pages = lines_of(data, tmp_path)
    assert_inside_margins(pages)
    top, bottom = banner_band(data, tmp_path)
    banner_x = (MARGIN + 2) * PT
    header = [line for line in pages[0] if line[1] < 60 * PT]  # the urgent box below is alike
    inside = [line for line in header if abs(line[0] - banner_x) < 1.5]
    said = " ".join(text for *_, text in inside)
    assert said == (
        f"CERTIFIED COPY No. 12 of the digitally signed IC {number} "
        "— the signed original is the electronic file"
    )
    for _, y0, x1, y1, text in inside:
        assert top - 0.5 <= y0 and y1 <= bottom + 0.5, (text, y0, y1, top, bottom)
        assert x1 <= (PAGE_W - MARGIN - 1) * PT, text


def test_a_withdrawn_copy_with_a_long_office_address_stays_inside_the_margins(tmp_path):
    content = replace(
        sample_content(2, member_name="Kanpur Saddlery & Harness Manufacturing Company Pvt Ltd"),
        number=LONG_NUMBER,
        office_address="Regional Office, Plot 4A, Leather Technology Park, Banthar Industrial "
        "Area, Unnao District, Uttar Pradesh 209862",
    )
    withdrawn = "CANCELLED on 01/12/2026 at 14:05 IST by the Kanpur office: the invoice was " * 2
    data = render_pdf(content, copy_number=3, withdrawn=withdrawn.strip())
    assert_inside_margins(lines_of(data, tmp_path), skip={"CANCELLED"})  # the diagonal mark
