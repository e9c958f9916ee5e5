"""The customs officer's check of a Bill of Entry's supporting documents."""

from __future__ import annotations

from dataclasses import dataclass

from icegate_sandbox.formats import normalise_reference
from icegate_sandbox.models import Document

IRN_NOT_FOUND = "IRN_NOT_FOUND"
DRN_MISMATCH = "DRN_MISMATCH"
BENEFICIARY_MISMATCH = "BENEFICIARY_MISMATCH"
UPLOADER_MISMATCH = "UPLOADER_MISMATCH"
DOCUMENT_TYPE_MISMATCH = "DOCUMENT_TYPE_MISMATCH"


@dataclass(frozen=True)
class QuotedDocument:
    irn: str
    drn: str
    document_type_code: str
    uploader_icegate_id: str


def boe_check(*, iec: str, documents: list[QuotedDocument]) -> list[dict]:
    """Per quoted document: OK, or REJECTED with every reason a customs officer would give."""
    irns = {normalise_reference(d.irn) for d in documents}
    stored = {
        doc.irn: doc
        for doc in Document.objects.filter(irn__in=irns).select_related("uploader").defer("content")
    }
    results = []
    for quoted in documents:
        irn = normalise_reference(quoted.irn)
        document = stored.get(irn)
        if document is None:
            reasons = [IRN_NOT_FOUND]
        else:
            reasons = []
            if normalise_reference(quoted.drn) != document.drn:
                reasons.append(DRN_MISMATCH)
            if normalise_reference(iec) != document.beneficiary_code:
                reasons.append(BENEFICIARY_MISMATCH)
            if normalise_reference(quoted.uploader_icegate_id) != document.uploader.icegate_id:
                reasons.append(UPLOADER_MISMATCH)
            if normalise_reference(quoted.document_type_code) != document.document_type_code:
                reasons.append(DOCUMENT_TYPE_MISMATCH)
        results.append(
            {"irn": quoted.irn, "status": "REJECTED" if reasons else "OK", "reasons": reasons}
        )
    return results
