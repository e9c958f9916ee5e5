"""Why can't customs use the DRN/IRN? Compare what was quoted with our records and with ICEGATE.

Each finding is a concrete sentence with a stable code, so the office, the member and the tests
talk about the same thing. `problem=False` findings are information (e.g. ICEGATE unreachable).
A finding keeps its sentence in English (the record, the audit, the API's default) and the facts it
was made from (`params`), so a page or a mail says it again in its reader's language
(`sentence_of`); a finding stored before issue 18 has no params and reads as stored.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from icportal.certificates.models import CertStatus, DeliveryMode
from icportal.esanchit import gateway
from icportal.esanchit.models import Upload, UploadStatus

IC_NUMBER_DIFFERS = "IC_NUMBER_DIFFERS"
IC_REPLACED = "IC_REPLACED"
IC_CANCELLED = "IC_CANCELLED"
IC_PHYSICAL = "IC_PHYSICAL"
IC_NOT_UPLOADED = "IC_NOT_UPLOADED"
IRN_DIFFERS = "IRN_DIFFERS"
DRN_DIFFERS = "DRN_DIFFERS"
UPLOADER_ID_WRONG = "UPLOADER_ID_WRONG"
IEC_NOT_BENEFICIARY = "IEC_NOT_BENEFICIARY"
ICEGATE_NO_DOCUMENT = "ICEGATE_NO_DOCUMENT"
ICEGATE_REJECTS = "ICEGATE_REJECTS"
ICEGATE_UNAVAILABLE = "ICEGATE_UNAVAILABLE"
ICEGATE_NOT_CONNECTED = "ICEGATE_NOT_CONNECTED"
ALL_MATCH = "ALL_MATCH"

_ICEGATE_REASONS = {
    "DRN_MISMATCH": _("the DRN does not belong to this IRN"),
    "BENEFICIARY_MISMATCH": _("the IEC is not the document's beneficiary"),
    "UPLOADER_MISMATCH": _("the uploader ICEGATE ID is not the one that uploaded it"),
    "DOCUMENT_TYPE_MISMATCH": _("the document type code differs"),
}
SENTENCES = {
    IC_NUMBER_DIFFERS: _("The IC number quoted (%(quoted)s) is not %(number)s, the IC chosen."),
    IC_REPLACED: _(
        "IC %(number)s was replaced by %(new)s — the Bill of Entry must carry the new IC's IRN."
    ),
    IC_CANCELLED: _("IC %(number)s was cancelled: it cannot be used."),
    IC_PHYSICAL: _(
        "IC %(number)s was issued on paper (%(mode)s): it has no IRN/DRN; present the physical "
        "certificate."
    ),
    IC_NOT_UPLOADED: _(
        "IC %(number)s is not uploaded to e-SANCHIT yet: there is no IRN/DRN to quote until it is."
    ),
    IRN_DIFFERS: _(
        "The IRN quoted (%(quoted)s) differs from the IRN issued for this IC (%(issued)s)."
    ),
    DRN_DIFFERS: _(
        "The DRN quoted (%(quoted)s) differs from the DRN issued for this IC (%(issued)s)."
    ),
    UPLOADER_ID_WRONG: _(
        "The uploader ICEGATE ID to quote is %(expected)s (the council's %(office)s office "
        "uploaded this IC), not %(quoted)s."
    ),
    IEC_NOT_BENEFICIARY: _(
        "The IEC in the Bill of Entry (%(quoted)s) is not the IC's beneficiary (%(iec)s, %(firm)s)."
    ),
    ICEGATE_NO_DOCUMENT: _("ICEGATE has no document with IRN %(irn)s."),
    ICEGATE_REJECTS: _("ICEGATE's Bill of Entry check rejects it: %(reasons)s."),
    ICEGATE_UNAVAILABLE: _(
        "ICEGATE could not be asked (%(error)s): run the diagnosis again later."
    ),
    ICEGATE_NOT_CONNECTED: _("ICEGATE's Bill of Entry check is not connected here."),
    ALL_MATCH: _(
        "Everything quoted matches our records and ICEGATE accepts the document: the problem "
        "is on the customs side."
    ),
}


def _readable(code: str, params: dict) -> dict:
    """Facts that are themselves words (a delivery mode, ICEGATE's reason codes), in the active
    language; identifiers and numbers as they are."""
    params = dict(params)
    if code == IC_PHYSICAL and params.get("mode") in DeliveryMode.values:
        params["mode"] = DeliveryMode(params["mode"]).label
    if code == ICEGATE_REJECTS:
        reasons = params.get("reasons") or []
        words = [str(_ICEGATE_REASONS.get(r, r)) for r in reasons] or [gettext("no reason given")]
        params["reasons"] = "; ".join(words)
    return params


def sentence_of(finding: dict) -> str:
    """The finding's sentence in the active language (as stored when it has no params)."""
    code, params = finding.get("code"), finding.get("params")
    if params is None or code not in SENTENCES:
        return finding.get("sentence", "")
    return gettext(SENTENCES[code]) % _readable(code, params)


# For a mail's payload: the sentence is written out when the mail is, in its recipient's language.
sentence_lazy = lazy(sentence_of, str)


def readable(findings: list[dict]) -> list[dict]:
    """Stored findings as a page shows them: each sentence in the reader's language."""
    return [{**f, "sentence": sentence_of(f)} for f in findings]


@dataclass(frozen=True)
class Finding:
    code: str
    sentence: str
    problem: bool = True
    params: dict = field(default_factory=dict)


@dataclass
class Diagnosis:
    findings: list[Finding] = field(default_factory=list)
    icegate: str = "not_run"  # ok | rejected | unavailable | not_run

    def add(self, code, problem=True, **params):
        with translation.override("en"):  # the record is English; readers get theirs
            sentence = sentence_of({"code": code, "params": params})
        self.findings.append(Finding(code, sentence, problem, params))

    def as_json(self) -> list[dict]:
        return [asdict(f) for f in self.findings]


@dataclass(frozen=True)
class Issued:
    irn: str
    drn: str


def issued_numbers(certificate) -> Issued | None:
    """The IRN/DRN e-SANCHIT gave this IC (esanchit's accepted upload), if any."""
    upload = (
        Upload.objects.filter(certificate=certificate, status=UploadStatus.ACCEPTED)
        .exclude(irn="")
        .order_by("-pk")
        .first()
    )
    return Issued(irn=upload.irn, drn=upload.drn) if upload else None


def icegate_boe_check(payload: dict) -> dict:
    """The customs BoE check through esanchit's gateway."""
    return gateway.boe_check(payload)


def _records(d: Diagnosis, q: dict, certificate, issued: Issued | None) -> None:
    office_id = certificate.office.icegate_id
    number = certificate.number
    if q["ic_number"] != number:
        d.add(IC_NUMBER_DIFFERS, quoted=q["ic_number"], number=number)
    replaced_by = getattr(certificate, "replaced_by", None)
    if certificate.status == CertStatus.SUPERSEDED and replaced_by is not None:
        d.add(IC_REPLACED, number=number, new=replaced_by.number)
    elif certificate.status == CertStatus.CANCELLED:
        d.add(IC_CANCELLED, number=number)
    if certificate.delivery_mode != DeliveryMode.ELECTRONIC:
        d.add(IC_PHYSICAL, number=number, mode=certificate.delivery_mode)
    elif issued is None:
        d.add(IC_NOT_UPLOADED, number=number)
    else:
        if q["irn"] != issued.irn:
            d.add(IRN_DIFFERS, quoted=q["irn"], issued=issued.irn)
        if q["drn"] != issued.drn:
            d.add(DRN_DIFFERS, quoted=q["drn"], issued=issued.drn)
    if q["uploader_icegate_id"] != office_id:
        d.add(
            UPLOADER_ID_WRONG,
            expected=office_id,
            office=certificate.office.name,
            quoted=q["uploader_icegate_id"],
        )
    if q["iec"] != certificate.member.iec:
        d.add(
            IEC_NOT_BENEFICIARY,
            quoted=q["iec"],
            iec=certificate.member.iec,
            firm=certificate.member.legal_name,
        )


def _icegate(d: Diagnosis, q: dict, certificate, boe_check) -> None:
    payload = {
        "port_code": q["port_code"],
        "boe_no": q["boe_no"],
        "boe_date": q["boe_date"].isoformat(),
        "iec": q["iec"],
        "documents": [
            {
                "irn": q["irn"],
                "drn": q["drn"],
                "document_type_code": certificate.document_type_code,
                "uploader_icegate_id": q["uploader_icegate_id"],
            }
        ],
    }
    try:
        answer = boe_check(payload)
    except LookupError:
        d.icegate = "not_run"
        d.add(ICEGATE_NOT_CONNECTED, problem=False)
        return
    except Exception as exc:  # GatewayUnavailable / GatewayRefused: say so, re-run later
        d.icegate = "unavailable"
        d.add(ICEGATE_UNAVAILABLE, problem=False, error=str(exc))
        return
    documents = answer.get("documents") or []
    reasons = list(documents[0].get("reasons") or []) if documents else []
    if not reasons and documents and documents[0].get("status") == "OK":
        d.icegate = "ok"
        return
    d.icegate = "rejected"
    if "IRN_NOT_FOUND" in reasons:
        d.add(ICEGATE_NO_DOCUMENT, irn=q["irn"])
        return
    d.add(ICEGATE_REJECTS, reasons=[str(r) for r in reasons])


def diagnose(*, quoted: dict, certificate, boe_check=None) -> Diagnosis:
    """`quoted` holds normalised values: ic_number, irn, drn, iec, uploader_icegate_id,
    port_code, boe_no, boe_date (a date)."""
    d = Diagnosis()
    _records(d, quoted, certificate, issued_numbers(certificate))
    if certificate.delivery_mode == DeliveryMode.ELECTRONIC:
        _icegate(d, quoted, certificate, boe_check or icegate_boe_check)
    if not any(f.problem for f in d.findings) and d.icegate == "ok":
        d.add(ALL_MATCH, problem=False)
    return d
