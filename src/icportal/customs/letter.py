"""The signed letter to the customs house: PDF/A-2b drawn with fpdf2 on the documents app's fonts
and colour profile, signed (PAdES) with the office's own signing identity, as the IC itself is.

A letter is rendered and signed outside any transaction (signing may take a token round trip).
"""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF
from fpdf.enums import OutputIntentSubType
from fpdf.output import PDFICCProfile
from pyhanko.sign import fields, signers

from icportal.documents import resources, signing
from icportal.documents.models import SigningIdentity
from icportal.documents.render import clean

MARGIN = 18.0


@dataclass(frozen=True)
class LetterFacts:
    """Everything the letter and the mail say; built once by `services.facts_for`."""

    reference: str
    date: str
    council_name: str
    office_name: str
    office_address: str
    office_contact: str
    customs_house: str
    officer_name: str
    port_code: str
    ic_number: str
    irn: str
    drn: str
    uploader_icegate_id: str
    firm: str
    iec: str
    bill_of_entry: str
    invoice: str
    event: str  # cancelled | replaced
    what_happened: str
    reason: str
    replacement_number: str
    replacement_irn: str
    replacement_drn: str
    signatory: str

    def rows(self) -> tuple[tuple[str, str], ...]:
        rows = [
            ("Import Certificate number", self.ic_number),
            ("IRN", self.irn),
            ("DRN", self.drn),
            ("Uploader ICEGATE ID", self.uploader_icegate_id),
            ("Name of the company", self.firm),
            ("IE Code", self.iec),
            ("Bill of Entry", self.bill_of_entry),
            ("Invoice", self.invoice),
            ("What happened", self.what_happened),
            ("Reason", self.reason or "—"),
        ]
        if self.event == "replaced":
            rows += [
                ("Replaced by IC", self.replacement_number),
                ("IRN of the replacing IC", self.replacement_irn),
                ("DRN of the replacing IC", self.replacement_drn),
            ]
        return tuple(rows)


class LetterError(RuntimeError):
    """The letter could not be signed (no identity, a DSC out of date, a token away)."""


def _pdf() -> FPDF:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font("letter", "", str(resources.font_path(resources.CORE_FILES[""])))
    pdf.add_font("letter", "B", str(resources.font_path(resources.CORE_FILES["B"])))
    pdf.add_output_intent(
        OutputIntentSubType.PDFA,
        "sRGB IEC61966-2.1",
        None,
        "http://www.color.org",
        PDFICCProfile(resources.icc_profile(), 3, "DeviceRGB"),
        "sRGB IEC61966-2.1",
    )
    return pdf


def render_letter(facts: LetterFacts) -> bytes:
    pdf = _pdf()
    pdf.set_title(f"Notice to customs: IC {facts.ic_number} {facts.event}")
    pdf.set_author(facts.council_name)
    pdf.set_creator("icportal")
    pdf.set_lang("en-IN")
    pdf.add_page()
    width = pdf.w - 2 * MARGIN

    def para(text, *, style="", size=10.0, gap=2.0):
        pdf.set_font("letter", style, size)
        pdf.multi_cell(width, size * 0.5, clean(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    para(facts.council_name, style="B", size=13, gap=0)
    para(f"{facts.office_name} office · {facts.office_address}", size=8.5, gap=6)
    para(f"Ref: {facts.reference}        Date: {facts.date}", size=9.5, gap=4)
    para(f"To\n{facts.officer_name}\n{facts.customs_house} ({facts.port_code})", gap=5)
    subject = f"Subject: Import Certificate {facts.ic_number} {facts.event} — IRN {facts.irn}"
    para(subject, style="B")
    para(
        "The Import Certificate below was uploaded by this office to ICEGATE e-SANCHIT. "
        "Documents uploaded to e-SANCHIT cannot be withdrawn, so we inform you directly: "
        f"{facts.what_happened}",
        gap=4,
    )
    pdf.set_font("letter", "", 9.5)
    label_w = 58.0
    for label, value in facts.rows():
        y = pdf.get_y()
        pdf.set_font("letter", "B", 9.5)
        pdf.multi_cell(label_w, 5.2, clean(label), border=1, new_x="RIGHT", new_y="TOP")
        pdf.set_font("letter", "", 9.5)
        pdf.multi_cell(width - label_w, 5.2, clean(value) or "—", border=1)
        pdf.set_y(max(pdf.get_y(), y + 5.2))
    pdf.ln(4)
    if facts.event == "replaced":
        para(
            "Please do not accept the IRN/DRN of the earlier certificate in any Bill of Entry; "
            "the replacing certificate's IRN/DRN is the one to quote.",
        )
    else:
        para("Please do not accept this IRN/DRN in any Bill of Entry.")
    para(f"For any question, write to {facts.office_contact}.", gap=8)
    para(f"{facts.signatory}\n{facts.council_name}, {facts.office_name} office", gap=2)
    para("Digitally signed by the council's office.", size=8)
    return bytes(pdf.output())


_META = signers.PdfSignatureMetadata(
    field_name="CLE-Signature",
    subfilter=fields.SigSeedSubFilter.PADES,
    md_algorithm="sha256",
    reason="Notice to customs of a cancelled or replaced Import Certificate",
)


def sign_letter(pdf_bytes: bytes, *, office) -> bytes:
    """Signed with the office's active identity, as its ICs are (documents.signing)."""
    identity = SigningIdentity.objects.filter(office=office, is_active=True).first()
    if identity is None:
        raise LetterError(f"{office} has no active signing identity")
    try:
        signer = signing.signer_for(identity)
    except signing.SigningError as exc:
        raise LetterError(str(exc)) from exc
    return signing.sign_pdf(pdf_bytes, signer, meta=_META)
