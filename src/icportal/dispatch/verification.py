"""Public: a customs officer checks an IC by its IRN or its IC number (no login, rate-limited).

Served from dispatch because the answer joins the IC (certificates) with its e-SANCHIT upload
(esanchit: IRN, uploader ICEGATE ID); certificates and documents sit below esanchit and cannot read
it. The answer carries no more than the certificate itself shows, plus whether it is still in force.
Anything we do not hold — an unknown IRN, a number never issued, a malformed query — gets the same
neutral answer, so the page cannot be used to learn which numbers exist beyond what it confirms.
"""

from __future__ import annotations

import re

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework.throttling import AnonRateThrottle

from icportal.certificates.models import CertStatus, ImportCertificate
from icportal.certificates.selectors import number_from_slug
from icportal.common.dates import IST
from icportal.documents.verification import signature_summary
from icportal.esanchit.models import Upload, UploadStatus

# Marked here, translated where it is shown (`gettext(NOT_FOUND)`): the English is a contract.
NOT_FOUND = gettext_noop(
    "We hold no Import Certificate with this IRN or IC number. Check the reference as printed, "
    "or ask the office of the council that issued it."
)
# IC numbers (CLE/CHN/IC/2026-27/000123, or with hyphens as in links) and IRNs (letters, digits).
_QUERY = re.compile(r"[A-Z0-9/-]{4,60}")


class VerifyThrottle(AnonRateThrottle):
    """The anonymous rate of the verification API (settings `anon`), for the page as well: one
    bucket per client address, whether or not the browser happens to be signed in."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def throttled(request) -> bool:
    """True when this client has used up the verification rate (page and API share it)."""
    return not VerifyThrottle().allow_request(request, None)


def _normalise(query: str) -> str:
    return "".join((query or "").split()).upper()


def certificate_lookup(*, query: str) -> ImportCertificate | None:
    """The IC whose number, or whose accepted e-SANCHIT upload's IRN, is `query`; else None."""
    q = _normalise(query)
    if not _QUERY.fullmatch(q):
        return None
    numbers = {q}
    if "/" not in q and "-" in q:  # the slug form of a number, as in links: CLE-CHN-IC-2026-27-…
        numbers.add(number_from_slug(q))
    by_irn = Upload.objects.filter(status=UploadStatus.ACCEPTED, irn=q).values("certificate_id")
    return (
        ImportCertificate.objects.select_related("office", "member", "replaced_by", "document")
        .filter(Q(number__in=numbers) | Q(pk__in=by_irn))
        .first()
    )


def _accepted_upload(certificate) -> Upload | None:
    return (
        Upload.objects.select_related("office")
        .filter(certificate=certificate, status=UploadStatus.ACCEPTED)
        .first()
    )


def public_facts(certificate: ImportCertificate) -> dict:
    """What a customs officer may read: in force or not, and the certificate's own face."""
    upload = _accepted_upload(certificate)
    replaced_by = getattr(certificate, "replaced_by", None)
    if certificate.status == CertStatus.ISSUED:
        standing, label = "in_force", _("In force")
    elif certificate.status == CertStatus.CANCELLED:
        standing, label = "cancelled", _("Cancelled — do not accept")
    else:
        standing = "replaced"
        label = (
            _("Replaced by %(number)s — do not accept") % {"number": replaced_by.number}
            if replaced_by
            else _("Replaced")
        )
    return {
        "number": certificate.number,
        "standing": standing,
        "standing_label": label,
        "replaced_by": replaced_by.number if replaced_by else None,
        "issued_on": certificate.issued_at.astimezone(IST).date(),
        "office": certificate.office.name,
        "firm": certificate.member.legal_name,
        "iec": certificate.member.iec,
        "value": certificate.value,
        # The council's ID that uploaded it (quoted in the Bill of Entry); none for paper ICs.
        "uploader_icegate_id": (upload.office or certificate.office).icegate_id if upload else None,
        # When it was signed and whether the certificate was good then (documents.timeline).
        "signature": signature_summary(getattr(certificate, "document", None)),
    }
