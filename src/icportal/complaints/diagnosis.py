"""Why can't customs use the DRN/IRN? Compare what was quoted with our records and with ICEGATE.

Each finding is a concrete sentence with a stable code, so the office, the member and the tests
talk about the same thing. `problem=False` findings are information (e.g. ICEGATE unreachable).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

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
    "DRN_MISMATCH": "the DRN does not belong to this IRN",
    "BENEFICIARY_MISMATCH": "the IEC is not the document's beneficiary",
    "UPLOADER_MISMATCH": "the uploader ICEGATE ID is not the one that uploaded it",
    "DOCUMENT_TYPE_MISMATCH": "the document type code differs",
}


@dataclass(frozen=True)
class Finding:
    code: str
    sentence: str
    problem: bool = True


@dataclass
class Diagnosis:
    findings: list[Finding] = field(default_factory=list)
    icegate: str = "not_run"  # ok | rejected | unavailable | not_run

    def add(self, code, sentence, problem=True):
        self.findings.append(Finding(code, sentence, problem))

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
    """The customs BoE check through esanchit's gateway (tests put an answer in its place)."""
    return gateway.boe_check(payload)


def _records(d: Diagnosis, q: dict, certificate, issued: Issued | None) -> None:
    office_id = certificate.office.icegate_id
    if q["ic_number"] != certificate.number:
        d.add(
            IC_NUMBER_DIFFERS,
            f"The IC number quoted ({q['ic_number']}) is not {certificate.number}, the IC chosen.",
        )
    replaced_by = getattr(certificate, "replaced_by", None)
    if certificate.status == CertStatus.SUPERSEDED and replaced_by is not None:
        d.add(
            IC_REPLACED,
            f"IC {certificate.number} was replaced by {replaced_by.number} — the Bill of Entry "
            "must carry the new IC's IRN.",
        )
    elif certificate.status == CertStatus.CANCELLED:
        d.add(IC_CANCELLED, f"IC {certificate.number} was cancelled: it cannot be used.")
    if certificate.delivery_mode != DeliveryMode.ELECTRONIC:
        d.add(
            IC_PHYSICAL,
            f"IC {certificate.number} was issued on paper ({certificate.get_delivery_mode_display()})"
            ": it has no IRN/DRN; present the physical certificate.",
        )
    elif issued is None:
        d.add(
            IC_NOT_UPLOADED,
            f"IC {certificate.number} is not uploaded to e-SANCHIT yet: there is no IRN/DRN to "
            "quote until it is.",
        )
    else:
        if q["irn"] != issued.irn:
            d.add(
                IRN_DIFFERS,
                f"The IRN quoted ({q['irn']}) differs from the IRN issued for this IC "
                f"({issued.irn}).",
            )
        if q["drn"] != issued.drn:
            d.add(
                DRN_DIFFERS,
                f"The DRN quoted ({q['drn']}) differs from the DRN issued for this IC "
                f"({issued.drn}).",
            )
    if q["uploader_icegate_id"] != office_id:
        d.add(
            UPLOADER_ID_WRONG,
            f"The uploader ICEGATE ID to quote is {office_id} (the council's "
            f"{certificate.office.name} office uploaded this IC), not "
            f"{q['uploader_icegate_id']}.",
        )
    if q["iec"] != certificate.member.iec:
        d.add(
            IEC_NOT_BENEFICIARY,
            f"The IEC in the Bill of Entry ({q['iec']}) is not the IC's beneficiary "
            f"({certificate.member.iec}, {certificate.member.legal_name}).",
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
        d.add(ICEGATE_NOT_CONNECTED, "ICEGATE's Bill of Entry check is not connected here.", False)
        return
    except Exception as exc:  # GatewayUnavailable / GatewayRefused: say so, re-run later
        d.icegate = "unavailable"
        d.add(
            ICEGATE_UNAVAILABLE,
            f"ICEGATE could not be asked ({exc}): run the diagnosis again later.",
            False,
        )
        return
    documents = answer.get("documents") or []
    reasons = list(documents[0].get("reasons") or []) if documents else []
    if not reasons and documents and documents[0].get("status") == "OK":
        d.icegate = "ok"
        return
    d.icegate = "rejected"
    if "IRN_NOT_FOUND" in reasons:
        d.add(ICEGATE_NO_DOCUMENT, f"ICEGATE has no document with IRN {q['irn']}.")
        return
    words = [_ICEGATE_REASONS.get(r, r) for r in reasons] or ["no reason given"]
    d.add(ICEGATE_REJECTS, "ICEGATE's Bill of Entry check rejects it: " + "; ".join(words) + ".")


def diagnose(*, quoted: dict, certificate, boe_check=None) -> Diagnosis:
    """`quoted` holds normalised values: ic_number, irn, drn, iec, uploader_icegate_id,
    port_code, boe_no, boe_date (a date)."""
    d = Diagnosis()
    _records(d, quoted, certificate, issued_numbers(certificate))
    if certificate.delivery_mode == DeliveryMode.ELECTRONIC:
        _icegate(d, quoted, certificate, boe_check or icegate_boe_check)
    if not any(f.problem for f in d.findings) and d.icegate == "ok":
        d.add(
            ALL_MATCH,
            "Everything quoted matches our records and ICEGATE accepts the document: the problem "
            "is on the customs side.",
            False,
        )
    return d
