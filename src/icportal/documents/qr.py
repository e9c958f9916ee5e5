"""The IC's QR code, drawn straight into the PDF as one filled path (the IC renderer's part)."""

from __future__ import annotations

import segno
from fpdf import FPDF


def draw_qr(pdf: FPDF, url: str, x: float, y: float, size: float) -> None:
    """The verification URL as a QR code, `size` mm square with its quiet zone, top left at x, y."""
    # A fixed mask skips segno's trial of all eight (most of its time); any mask scans.
    qr = segno.make(url, error="m", micro=False, mask=4)
    matrix = qr.matrix
    module = size / (len(matrix) + 8)
    ops = []
    k = pdf.k
    for r, row in enumerate(matrix):
        c = 0
        n = len(row)
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                px = (x + (start + 4) * module) * k
                py = (pdf.h - (y + (r + 4) * module) - module) * k
                ops.append(f"{px:.2f} {py:.2f} {(c - start) * module * k:.2f} {module * k:.2f} re")
            else:
                c += 1
    pdf.set_fill_color(0)
    pdf._out(" ".join(ops) + " f")  # one path for the whole code: far cheaper than a rect each
