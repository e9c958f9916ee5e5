"""The Bill of Entry ↔ IC table as CSV or XLSX, and as a one-page-per-screenful PDF (fpdf2).

Every format carries the IC's status: a cancelled or replaced IC is never shown as valid (in the
PDF its line is also struck through).
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.fonts import FontFace

from icportal.audit.exports import export_response
from icportal.documents import resources

from .daily_selectors import TABLE_HEADER, TableRow

HEADER = ("Uploaded on (IST)", *TABLE_HEADER, "Status")
WIDTHS = (28, 36, 54, 40, 40, 43, 36)  # mm on A4 landscape, 277 mm between the margins
STRUCK = FontFace(emphasis="S", color=(132, 32, 41))


def _status(row: TableRow) -> str:
    return "In force" if row.in_force else f"{row.status_label.upper()} — do not use"


def _values(row: TableRow) -> tuple:
    return (
        row.uploaded_at,
        row.bill_of_entry_no,
        row.ic_number,
        row.drn,
        row.irn,
        row.uploader_icegate_id,
        _status(row),
    )


def _cells(row: TableRow) -> tuple[str, ...]:
    uploaded_at, *rest = _values(row)
    return (uploaded_at.strftime("%d/%m/%Y %H:%M"), *rest)


def table_export(*, request, fmt: str, stem: str, rows: list[TableRow]):
    """CSV or XLSX (the upload time stays a date-time cell in XLSX)."""
    return export_response(fmt, stem, HEADER, (_values(r) for r in rows), request=request)


def table_pdf(*, title: str, subtitle: str, rows: list[TableRow]) -> bytes:
    pdf = FPDF(orientation="L", format="A4", unit="mm")
    pdf.set_margins(10, 10, 10)
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_font("dejavu", "", str(resources.font_path(resources.CORE_FILES[""])))
    pdf.add_font("dejavu", "B", str(resources.font_path(resources.CORE_FILES["B"])))
    pdf.add_page()
    pdf.set_font("dejavu", "B", 13)
    pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dejavu", "", 9)
    pdf.cell(0, 6, subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    with pdf.table(col_widths=WIDTHS, text_align="LEFT", line_height=6) as table:
        heading = table.row()
        for text in HEADER:
            heading.cell(text)
        for row in rows:
            line = table.row()
            *struck, status = _cells(row)
            for text in struck:
                line.cell(text, style=None if row.in_force else STRUCK)
            line.cell(status)
    if not rows:
        pdf.ln(3)
        pdf.cell(0, 6, "No Import Certificates were uploaded to e-SANCHIT in these days.")
    return bytes(pdf.output())
