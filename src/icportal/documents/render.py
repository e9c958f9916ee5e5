"""The IC as PDF/A-2b, drawn directly with fpdf2 (no HTML, no layout engine).

Plain text (the usual case) is written with fpdf2's low-level `text()` and wrapped here with the
core font's cached widths; only strings with characters outside the core set (Devanagari, Tamil,
other scripts) take fpdf2's slower path with fallback fonts and HarfBuzz shaping. Strings are
always drawn as text, never interpreted: `<script>` and `&` appear as typed.

The IC is an English legal document; its headings are also given in Hindi (issue 18), in smaller
grey type under the English. That Hindi is fixed text (`HINDI` below), the same on every IC
whoever reads it or whichever language the process runs in, so it is not in a translation
catalog. It is Devanagari shaped by HarfBuzz (conjuncts like the pa+ra of प्रमाणपत्र, matras) in
the embedded Noto Sans Devanagari (resources.FALLBACK_FILES), the same path member data in
Devanagari takes.
"""

from __future__ import annotations

import re
import unicodedata

from django.template.defaultfilters import pluralize
from fpdf import FPDF
from fpdf.enums import OutputIntentSubType
from fpdf.output import PDFICCProfile

from icportal.common.money import format_inr

from . import resources, shaped
from .content import CertificateContent
from .qr import draw_qr


def officer_line(designation: str, office_name: str) -> str:
    """Like "Scrutiny Officer, Chennai Office": the office once, though the designation may already
    name it ("Scrutiny Officer, Chennai" gave "Scrutiny Officer, Chennai, Chennai Office")."""
    place = office_name.removesuffix(" Office").strip()
    parts = [p.strip() for p in designation.split(",") if p.strip()]
    while parts and parts[-1].removesuffix(" Office").strip().casefold() == place.casefold():
        parts.pop()
    return ", ".join([*parts, office_name]) if parts else office_name


MARGIN = 14.0
PAGE_W, PAGE_H = 210.0, 297.0
BOTTOM = PAGE_H - 18.0
# Each English heading of the IC with its Hindi, in the words of docs/glossary-hi.md. Labels that
# are identifiers people use as they are (IEC, GSTIN, RCMC, IRN, DRN) have none.
HINDI = {
    "IMPORT CERTIFICATE": "आयात प्रमाणपत्र",
    "Import Certificate under the Duty Free Import Scheme": (
        "शुल्क मुक्त आयात योजना (DFIS) के अंतर्गत आयात प्रमाणपत्र"
    ),
    "IC number": "IC संख्या",
    "Date of issue": "जारी करने की तारीख",
    "Member (importer)": "सदस्य (आयातक)",
    "Address": "पता",
    "EPC number": "EPC संख्या",
    "Entitlement under the EPC": "EPC के अंतर्गत पात्रता",
    "Balance after this IC": "इस IC के बाद शेष पात्रता",
    "Customs notification": "सीमा शुल्क अधिसूचना",
    "Invoice": "बीजक (इनवॉइस)",
    "Bill of Entry": "बिल ऑफ एंट्री",
    "Port of import": "आयात का पोर्ट",
    "Channel": "चैनल",
    "Overseas supplier": "विदेशी आपूर्तिकर्ता",
    "Country of origin": "मूल देश",
    "Replaces IC": "प्रतिस्थापित IC",
    "Uploader ICEGATE ID": "अपलोड करने वाले की ICEGATE आईडी",
    "#": "क्र.",
    "Description": "विवरण",
    "HS code": "HS कोड",
    "Quantity": "मात्रा",
    "Value (₹)": "मूल्य (₹)",
    "Total value of this IC": "इस IC का कुल मूल्य",
    "Digitally signed for the council by": "परिषद की ओर से डिजिटल हस्ताक्षरकर्ता",
    "Scan or visit to verify": "सत्यापन हेतु स्कैन करें",
}
HINDI_SIZE = 7.0
HINDI_TEXTS = tuple(HINDI.values())
# Item table columns: (heading, width mm, align)
COLUMNS = (("#", 9, "R"), ("Description", 83, "L"), ("HS code", 20, "L"), ("Quantity", 34, "R"))
VALUE_COL = ("Value (₹)", 36, "R")
LINE_H = 4.2
HEADER_LEFT_W = 120 - MARGIN - 4  # the office's line, left of the IC number
BANNER_FILL = (255, 235, 205)  # certified copy: tests find the box by this colour
BANNER_LINE_H = 3.6
NOTE_X = 110.0  # the validity note, right of the signing officer
GREY = (90, 90, 90)
# Invisible controls and bidirectional marks: dropped, they have no glyph and no meaning on paper.
_INVISIBLE = re.compile("[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean(text: str) -> str:
    return _INVISIBLE.sub(" ", unicodedata.normalize("NFC", str(text or ""))).strip()


class _Pdf(FPDF):
    def __init__(self, content: CertificateContent, copy_number: int | None, withdrawn: str = ""):
        super().__init__(format="A4", unit="mm", enforce_compliance="PDF/A-2B")
        self.content, self.copy_number, self.withdrawn = content, copy_number, withdrawn
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)
        self.widths = {s: resources.core_font(s).font.cw for s in ("", "B")}
        for style in ("", "B"):
            resources.core_font(style).install(self, f"core{style.lower()}")
        self.fonts["coreB"] = self.fonts.pop("coreb")
        shaped.headings(HINDI_TEXTS).font.install(self, "hindi")
        self.font_key_of = {"": "core", "B": "core"}
        self.slow = False

    # -- text primitives --------------------------------------------------------------------
    def width(self, text: str, style: str = "", size: float = 9) -> float:
        cw = self.widths[style]
        return sum(cw[ord(c)] for c in text) * size / 1000 * 25.4 / 72

    def is_core(self, text: str) -> bool:
        return all(ord(c) in resources.CORE_CHARS for c in text)

    def put(self, x, y, text, *, style="", size=9.0, align="L", w=0.0, colour=None):
        """One line of text with its top at y (baseline computed here)."""
        text = clean(text)
        if not text:
            return
        self.set_font("core", style, size)
        if colour:
            self.set_text_color(*colour)
        if self.is_core(text):
            if align == "R":
                x = x + w - self.width(text, style, size)
            elif align == "C":
                x = x + (w - self.width(text, style, size)) / 2
            self.text(x, y + size * 0.3528 * 0.95, text)
        else:
            self.set_xy(x, y - 0.2)
            self.cell(w or 0, size * 0.3528 * 1.25, text, align=align)
        if colour:
            self.set_text_color(0)

    def wrap(self, text, width, *, style="", size=9.0) -> list[str]:
        text = clean(text)
        if not text:
            return [""]
        if not self.is_core(text):
            self.set_font("core", style, size)
            return self.multi_cell(width, LINE_H, text, dry_run=True, output="LINES") or [""]
        limit = width * 72 / 25.4 * 1000 / size
        cw = self.widths[style]
        lines, current, current_w = [], "", 0.0
        space = cw[32]
        for word in text.split():
            ww = sum(cw[ord(c)] for c in word)
            while ww > limit:  # a very long word: cut it where it overflows
                cut, acc = 0, 0.0
                for cut, c in enumerate(word):  # noqa: B007
                    acc += cw[ord(c)]
                    if acc > limit:
                        break
                if current:
                    lines.append(current)
                    current, current_w = "", 0.0
                lines.append(word[: max(cut, 1)])
                word = word[max(cut, 1) :]
                ww = sum(cw[ord(c)] for c in word)
            if current and current_w + space + ww > limit:
                lines.append(current)
                current, current_w = word, ww
            else:
                current_w += (space if current else 0) + ww
                current = f"{current} {word}" if current else word
        if current:
            lines.append(current)
        return lines or [""]

    # -- page furniture ---------------------------------------------------------------------
    def header(self):
        c = self.content
        self.put(MARGIN, 10, c.council_name, style="B", size=12)
        # The office's line stops short of the IC number on the right, wrapping if it is long.
        office = self.wrap(f"{c.office_name}  ·  {c.office_address}", HEADER_LEFT_W, size=7.5)
        for i, line in enumerate(office):
            self.put(MARGIN, 15.5 + i * 3.2, line, size=7.5, colour=GREY)
        self.put(120, 10, "IMPORT CERTIFICATE", style="B", size=11, align="R", w=76)
        self.hindi(120, 14.6, "IMPORT CERTIFICATE", size=9, align="R", w=76)
        self.put(120, 19.2, c.number, style="B", size=9, align="R", w=76)
        y = max(24.2, 15.5 + 3.2 * len(office) + 1.8)
        if self.withdrawn:
            self._withdrawn_across_the_page()
            y = self.banner(y, self.withdrawn, fill=(248, 215, 218), colour=(132, 32, 41))
        if self.copy_number:
            y = self.banner(
                y,
                f"CERTIFIED COPY No. {self.copy_number} of the digitally signed IC {c.number} "
                "— the signed original is the electronic file",
                fill=BANNER_FILL,
            )
        self.line(MARGIN, y, PAGE_W - MARGIN, y)
        self.set_y(y + 2)

    def hindi(self, x, y, heading: str, *, size=HINDI_SIZE, align="L", w=0.0) -> None:
        """The Hindi of an English heading, in grey under it: shaped once per process in the
        headings font (shaped.py), the Latin letters of identifiers in the core font."""
        runs = shaped.headings(HINDI_TEXTS).runs[HINDI[heading]]
        self.set_font("hindi", "", size)
        scale = self.current_font.scale * size / 1000 / self.k
        widths = [r.advance() * scale if r.shaped else self.width(r.text, "", size) for r in runs]
        if align == "R":
            x += w - sum(widths)
        elif align == "C":
            x += (w - sum(widths)) / 2
        baseline = y + size * 0.3528 * 0.95
        self.set_text_color(*GREY)
        for run, width in zip(runs, widths, strict=True):
            if run.shaped:
                self.set_font("hindi", "", size)
                if not self.current_font_is_set_on_page:
                    self._out(self._set_font_for_page(self.current_font, self.font_size_pt))
                colour = self.text_color.serialize().lower()
                self._out(f"q {colour} {shaped.text_ops(self, run, x, baseline)} Q")
            else:
                self.set_font("core", "", size)
                self.text(x, baseline, run.text)
            x += width
        self.set_text_color(0)

    def banner(self, y: float, text: str, *, fill, colour=None) -> float:
        """A full-width coloured box whose text wraps inside it (a long IC number makes the
        certified-copy line longer than the page); returns where the next thing goes."""
        lines = self.wrap(text, PAGE_W - 2 * MARGIN - 4, style="B", size=8)
        height = 2.4 + BANNER_LINE_H * len(lines)
        self.set_fill_color(*fill)
        self.rect(MARGIN, y, PAGE_W - 2 * MARGIN, height, style="F")
        for i, line in enumerate(lines):
            self.put(
                MARGIN + 2, y + 1.3 + i * BANNER_LINE_H, line, style="B", size=8, colour=colour
            )
        return y + height + 1

    def _withdrawn_across_the_page(self):
        """A copy of a cancelled or replaced IC says so across every page, not in a corner."""
        word = self.withdrawn.split(" ", 1)[0].rstrip(":").upper()
        self.set_font("core", "B", 64)
        with self.rotation(55, PAGE_W / 2, PAGE_H / 2):
            self.set_text_color(240, 190, 195)
            x = (PAGE_W - self.width(word, "B", 64)) / 2
            self.text(x, PAGE_H / 2 + 8, word)
            self.set_text_color(0)

    def footer(self):
        c = self.content
        self.line(MARGIN, PAGE_H - 14, PAGE_W - MARGIN, PAGE_H - 14)
        self.put(
            MARGIN,
            PAGE_H - 12.5,
            f"Verify at {c.verify_url}  ·  code {c.verification_code}",
            size=7,
            colour=GREY,
        )
        label = f"Page {self.page_no()} of {{nb}}"
        self.set_font("core", "", 7)
        self.set_xy(PAGE_W - MARGIN - 30, PAGE_H - 13)
        self.cell(30, 4, label, align="R")  # cell(), not text(): fpdf2 fills {nb} in only there


def _fields(pdf: _Pdf, c: CertificateContent) -> None:
    rows = [
        ("IC number", c.number),
        ("Date of issue", c.issue_date),
        ("Member (importer)", c.member_name),
        ("Address", c.member_address),
        ("IEC", c.iec),
        ("GSTIN", c.gstin),
        ("RCMC", c.rcmc),
        ("EPC number", c.epc_number),
        ("Entitlement under the EPC", format_inr(c.entitlement)),
        ("Balance after this IC", format_inr(c.balance_after)),
        ("Customs notification", c.notification),
        ("Invoice", c.invoice),
        ("Bill of Entry", c.boe or "Not yet known (reported after assessment)"),
        ("Port of import", c.port),
        ("Channel", c.channel),
        ("Overseas supplier", c.supplier),
        ("Country of origin", c.country),
    ]
    if c.replaces:
        rows.append(("Replaces IC", c.replaces))
    # A certified copy quotes the e-SANCHIT references customs asks for (the signed file cannot:
    # they exist only after it was uploaded).
    for label in ("IRN", "DRN", "Uploader ICEGATE ID"):
        if c.extra.get(label):
            rows.append((label, c.extra[label]))
    top = pdf.get_y()  # below the header and any banners, which push everything down
    y = top + 1
    title = "Import Certificate under the Duty Free Import Scheme"
    pdf.put(MARGIN, y, title, style="B", size=10.5)
    pdf.hindi(MARGIN, y + 5, title, size=8.5)
    y += 10.5
    for label, value in rows:
        lines = pdf.wrap(value, 96, size=8.5)
        pdf.put(MARGIN, y, label, size=8, colour=GREY)
        if label in HINDI:
            pdf.hindi(MARGIN, y + 3.4, label)
        for i, line in enumerate(lines):
            pdf.put(
                MARGIN + 48, y + i * 4, line, size=8.5, style="B" if label == "IC number" else ""
            )
        y += max(4 * len(lines), 6.6 if label in HINDI else 4) + 0.6
    qr_y = top + 7.5
    draw_qr(pdf, c.verify_url, PAGE_W - MARGIN - 34, qr_y, 34)
    under = PAGE_W - MARGIN - 34  # centred under the code, inside the margin
    pdf.put(under, qr_y + 34.5, "Scan or visit to verify", size=6.5, align="C", w=34)
    pdf.hindi(under, qr_y + 37.3, "Scan or visit to verify", size=6.5, align="C", w=34)
    pdf.put(under, qr_y + 41, c.verification_code, size=7.5, align="C", w=34, style="B")
    pdf.set_y(max(y, qr_y + 48) + 2)


def _table_header(pdf: _Pdf, y: float) -> float:
    pdf.set_fill_color(235, 235, 235)
    pdf.rect(MARGIN, y, PAGE_W - 2 * MARGIN, 9.6, style="F")
    x = MARGIN
    for heading, width, align in (*COLUMNS, VALUE_COL):
        pdf.put(x + 1, y + 1.2, heading, style="B", size=8, align=align, w=width - 2)
        pdf.hindi(x + 1, y + 4.8, heading, align=align, w=width - 2)
        x += width
    return y + 10.4


def _items(pdf: _Pdf, c: CertificateContent) -> None:
    y = _table_header(pdf, pdf.get_y())
    for line in c.lines:
        desc = pdf.wrap(line.description, COLUMNS[1][1] - 2, size=8)
        height = len(desc) * 3.6 + 1.6
        if y + height > BOTTOM:
            pdf.add_page()
            y = _table_header(pdf, pdf.get_y())
        x = MARGIN
        cells = (str(line.line_no), None, line.hs_code, f"{line.quantity} {line.unit}")
        for (_, width, align), text in zip(COLUMNS, cells, strict=True):
            if text is None:
                for i, part in enumerate(desc):
                    pdf.put(x + 1, y + 0.6 + i * 3.6, part, size=8)
            else:
                pdf.put(x + 1, y + 0.6, text, size=8, align=align, w=width - 2)
            x += width
        pdf.put(x + 1, y + 0.6, line.value_display, size=8, align="R", w=VALUE_COL[1] - 2)
        y += height
        pdf.set_draw_color(210)
        pdf.line(MARGIN, y, PAGE_W - MARGIN, y)
    pdf.set_draw_color(0)
    pdf.set_y(y + 1)


def _closing(pdf: _Pdf, c: CertificateContent) -> None:
    words = pdf.wrap(f"({c.total_words})", PAGE_W - 2 * MARGIN, size=8.5)
    need = 12.5 + 4 * len(words) + (10 if c.urgent else 0) + 27.5
    if pdf.get_y() + need > BOTTOM:
        pdf.add_page()
    y = pdf.get_y() + 1
    pdf.put(
        MARGIN,
        y,
        f"Total value of this IC ({len(c.lines)} item{pluralize(len(c.lines))})",
        style="B",
        size=9.5,
    )
    pdf.put(120, y, c.total_display, style="B", size=9.5, align="R", w=PAGE_W - MARGIN - 121)
    pdf.hindi(MARGIN, y + 4.4, "Total value of this IC")
    y += 9
    for line in words:
        pdf.put(MARGIN, y, line, size=8.5)
        y += 4
    if c.urgent:
        y += 2
        pdf.set_fill_color(255, 243, 205)
        pdf.rect(MARGIN, y, PAGE_W - 2 * MARGIN, 7, style="F")
        pdf.put(
            MARGIN + 2,
            y + 1.5,
            "Urgent physical IC: acceptance is at the discretion of Customs",
            style="B",
            size=9,
        )
        y += 9
    y += 4
    pdf.put(MARGIN, y, "Digitally signed for the council by", size=8, colour=GREY)
    pdf.hindi(MARGIN, y + 3.4, "Digitally signed for the council by")
    pdf.put(MARGIN, y + 8, c.officer_name, style="B", size=9.5)
    pdf.put(MARGIN, y + 12.5, officer_line(c.officer_designation, c.office_name), size=8.5)
    if c.second_officer:
        pdf.put(MARGIN, y + 16.5, f"Approved by {c.second_officer}", size=8)
    note = pdf.wrap(
        "This certificate is valid only as the digitally signed PDF, or as a certified copy "
        "whose code matches the verification page.",
        PAGE_W - MARGIN - NOTE_X,
        size=7,
    )
    for i, line in enumerate(note):
        pdf.put(NOTE_X, y + 4.5 + i * 3.3, line, size=7, colour=GREY)


def render_pdf(
    content: CertificateContent, *, copy_number: int | None = None, withdrawn: str = ""
) -> bytes:
    """PDF/A-2b bytes of the certificate (or of certified copy number `copy_number`; `withdrawn`
    is the notice a copy of a cancelled or replaced IC carries, like "CANCELLED on …")."""
    pdf = _Pdf(content, copy_number, withdrawn)
    chars = _chars(content)
    extra = resources.fallback_fonts_for(chars)
    if extra:
        for key, proto in extra:
            proto.install(pdf, key)
        pdf.set_fallback_fonts([key for key, _ in extra], exact_match=False)
        if resources.needs_shaping(chars):
            pdf.set_text_shaping(True)
    title = "Certified copy of " if copy_number else ""
    pdf.set_title(f"{title}Import Certificate {content.number}")
    pdf.set_author(content.council_name)
    pdf.set_subject("Import Certificate under the Duty Free Import Scheme")
    pdf.set_creator("icportal")
    pdf.set_lang("en-IN")
    pdf.add_output_intent(
        OutputIntentSubType.PDFA,
        "sRGB IEC61966-2.1",
        None,
        "http://www.color.org",
        PDFICCProfile(resources.icc_profile(), 3, "DeviceRGB"),
        "sRGB IEC61966-2.1",
    )
    pdf.add_page()
    _fields(pdf, content)
    _items(pdf, content)
    _closing(pdf, content)
    return bytes(pdf.output())


def _chars(c: CertificateContent) -> set[int]:
    texts = [c.member_name, c.member_address, c.supplier, c.officer_name, c.officer_designation]
    texts += [c.council_name, c.office_name, c.office_address, c.invoice, c.country]
    texts += [line.description for line in c.lines]
    return {ord(ch) for text in texts for ch in clean(text)}
