"""The facts behind the dashboard's range sections, per IST day and office, from the source tables.

`day_facts(period)` reads, for every day of the period and every office, what the five range
sections add up: ICs issued, the waiting times of applications (submission → issue) and of
electronic ICs (issue → IRN), upload outcomes and complaint findings. The roll-up builder stores
them (services.dashboard_rollup_build); a read computes them this way for the days not built yet
(today). Each query restricts its rows on an indexed timestamp first, as the dashboard always did:

  ICs and IRN times   certificates_importcertificate(issued_at); the upload by its certificate_id
  issue times         certificates_application(submitted_at); the IC by its unique application_id
  uploads             esanchit_upload(created_at)
  complaints          complaints_complaint(created_at)

The hours are computed by the database (dashboard_sql.HoursBetween), so a median from the stored
hours is the very number the database would give. Hours are kept sorted in bins (BIN_EDGES): a
range's median is found from the bins' counts, then the values of the one bin it falls in.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from functools import reduce
from operator import or_

from django.db import connections
from django.db.models import BooleanField, Case, Count, ExpressionWrapper, FilteredRelation, Q, When
from django.utils.translation import gettext_lazy

from icportal.certificates.models import OPEN_STATUSES, Application, DeliveryMode, ImportCertificate
from icportal.complaints import diagnosis
from icportal.complaints.models import Cause, Complaint
from icportal.esanchit.models import TERMINAL_STATUSES, Upload, UploadStatus

from .dashboard_period import Period
from .dashboard_sql import HoursBetween, IstDate

# Time buckets: (key, words, upper bound in hours; None = no bound). The words are lazy: read
# in the reader's language when a table is made.
BUCKETS = (
    ("lt1h", gettext_lazy("Under 1 hour"), 1),
    ("1to4h", gettext_lazy("1 to 4 hours"), 4),
    ("4to24h", gettext_lazy("4 to 24 hours"), 24),
    ("1to2d", gettext_lazy("1 to 2 days"), 48),
    ("2to5d", gettext_lazy("2 to 5 days"), 120),
    ("gt5d", gettext_lazy("Over 5 days"), None),
)
WAITING = "waiting"  # not issued yet / no IRN yet

# Finer bins of hours: bin 0 is below the first edge (negative hours too), bin i from EDGES[i-1]
# up to EDGES[i], the last one has no upper bound. Geometric from 5 seconds to 30 days (× 1.25), so
# no bin holds much of a range (an IRN comes within a minute or two: a few seconds' bins there),
# plus the buckets' bounds. Changing them needs `icportal dashboard_rollup` (bins are stored).
BIN_EDGES = tuple(sorted({*(5 * 1.25**i / 3600 for i in range(60)), 1, 4, 24, 48, 120}))
BINS = len(BIN_EDGES) + 1

# ICEGATE's rejection codes (docs/icegate-sandbox.md) and our own, in plain words.
REJECTION_CAUSES = {
    "BATCH_TOO_LARGE": gettext_lazy("More than 10 files in one upload"),
    "NOT_PDF": gettext_lazy("Not a PDF file"),
    "TOO_LARGE": gettext_lazy("File larger than 1 MB"),
    "NOT_PDFA": gettext_lazy("Not a PDF/A-2 file"),
    "DUPLICATE_FILENAME": gettext_lazy("File name already used"),
    "SIGNATURE_MISSING": gettext_lazy("Not digitally signed"),
    "SIGNATURE_INVALID": gettext_lazy("Signature does not validate, or file changed after signing"),
    "SIGNER_NOT_REGISTERED": gettext_lazy(
        "Signing certificate not bound to the office's ICEGATE ID"
    ),
    "BENEFICIARY_NOT_REGISTERED": gettext_lazy("Member's IEC not registered on ICEGATE"),
    "UNKNOWN_DOCUMENT_TYPE": gettext_lazy("Document type code unknown to ICEGATE"),
    "NOT_AUTHORISED": gettext_lazy("Uploader is not a PGA user"),
    "NOT_AUTHENTICATED": gettext_lazy("Office could not sign in to ICEGATE"),
    "TOKEN_INVALID": gettext_lazy("Office's ICEGATE session expired"),
    "IRN_CONFLICT": gettext_lazy("IRN/DRN already recorded for another IC"),
    "REFUSED": gettext_lazy("ICEGATE refused the request without a code"),
    "REJECTED": gettext_lazy("Rejected without a reason"),
}
OTHER_CODE = "OTHER"

# The complaint diagnosis's findings (complaints/diagnosis.py), in plain words.
FINDINGS = {
    diagnosis.IRN_DIFFERS: gettext_lazy("Wrong IRN quoted"),
    diagnosis.DRN_DIFFERS: gettext_lazy("Wrong DRN quoted"),
    diagnosis.UPLOADER_ID_WRONG: gettext_lazy("Wrong uploader ICEGATE ID quoted"),
    diagnosis.IC_NUMBER_DIFFERS: gettext_lazy("Wrong IC number quoted"),
    diagnosis.IEC_NOT_BENEFICIARY: gettext_lazy("IEC in the Bill of Entry is not the IC's"),
    diagnosis.IC_REPLACED: gettext_lazy("IC was replaced: the new IC's IRN is needed"),
    diagnosis.IC_CANCELLED: gettext_lazy("IC was cancelled"),
    diagnosis.IC_PHYSICAL: gettext_lazy("Paper IC: it has no IRN/DRN"),
    diagnosis.IC_NOT_UPLOADED: gettext_lazy("IC not on e-SANCHIT yet"),
    diagnosis.ICEGATE_NO_DOCUMENT: gettext_lazy("ICEGATE has no document with that IRN"),
    diagnosis.ICEGATE_REJECTS: gettext_lazy("ICEGATE's Bill of Entry check rejects it"),
    diagnosis.ICEGATE_UNAVAILABLE: gettext_lazy("ICEGATE could not be asked"),
    diagnosis.ICEGATE_NOT_CONNECTED: gettext_lazy("ICEGATE check not connected"),
    diagnosis.ALL_MATCH: gettext_lazy("Everything matches: the problem is at Customs"),
}
NOT_RESOLVED = "not_resolved"
UPLOAD_KEYS = (
    *(f"status_{s}" for s in UploadStatus.values),
    *(f"code_{c}" for c in [*REJECTION_CAUSES, OTHER_CODE]),
)
COMPLAINT_KEYS = (
    "total",
    *(f"finding_{c}" for c in FINDINGS),
    *(f"cause_{c}" for c in [*Cause.values, NOT_RESOLVED]),
)


def in_range(qs, field: str, period: Period):
    return qs.filter(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def has_code(qs, field: str, code: str) -> Q:
    """The JSON list of {"code": …} objects in `field` holds this code.

    PostgreSQL: jsonb containment (@>), no text conversion. SQLite keeps JSON as text and has no
    containment: a LIKE on "code": "X" — quotes inside JSON strings are escaped, so it only
    matches a real "code" member.
    """
    if connections[qs.db].vendor == "postgresql":
        return Q(**{f"{field}__contains": [{"code": code}]})
    return Q(**{f"{field}__icontains": f'"code": "{code}"'})


def bin_of(hours: float) -> int:
    return bisect_right(BIN_EDGES, hours)


def empty_times() -> dict:
    return {"n": [0] * BINS, "w": 0, "h": {}}


def _add_time(times: dict, hours: float | None, waiting: bool) -> None:
    if hours is None:
        times["w"] += 1 if waiting else 0
        return
    b = bin_of(hours)
    times["n"][b] += 1
    times["h"].setdefault(f"b{b}", []).append(hours)


class DayFacts(dict):
    """{"ics": n, "issue": times, "irn": times, "uploads": {...}, "complaints": {...}}."""

    def __init__(self):
        super().__init__(
            ics=0,
            issue=empty_times(),
            irn=empty_times(),
            uploads=dict.fromkeys(UPLOAD_KEYS, 0),
            complaints=dict.fromkeys(COMPLAINT_KEYS, 0),
        )

    @property
    def open(self) -> bool:
        """Whether a later event can still change this day's figures."""
        final = {f"status_{s}" for s in TERMINAL_STATUSES}
        moving = sum(n for key, n in self["uploads"].items() if key.startswith("status_"))
        moving -= sum(self["uploads"][key] for key in final)
        return bool(
            self["issue"]["w"]
            or self["irn"]["w"]
            or moving
            or self["complaints"][f"cause_{NOT_RESOLVED}"]
        )


def _scoped(qs, office_id: int | None):
    return qs if office_id is None else qs.filter(office_id=office_id)


def _upload_counts(qs) -> dict:
    rejected = Q(status=UploadStatus.REJECTED)
    known = reduce(or_, (has_code(qs, "rejection_codes", c) for c in REJECTION_CAUSES))
    return {
        **{f"status_{s}": Count("id", filter=Q(status=s)) for s in UploadStatus.values},
        **{
            f"code_{c}": Count("id", filter=rejected & has_code(qs, "rejection_codes", c))
            for c in REJECTION_CAUSES
        },
        "code_OTHER": Count("id", filter=rejected & ~known),
    }


def _complaint_counts(qs) -> dict:
    return {
        "total": Count("id"),
        **{f"finding_{c}": Count("id", filter=has_code(qs, "findings", c)) for c in FINDINGS},
        **{f"cause_{c}": Count("id", filter=Q(cause=c)) for c in Cause.values},
        f"cause_{NOT_RESOLVED}": Count("id", filter=Q(cause="")),
    }


def _issue_rows(period: Period, office_id: int | None):
    """(day, office, hours, waiting) of the applications submitted in the period."""
    qs = _scoped(in_range(Application.objects.all(), "submitted_at", period), office_id)
    # An IC is issued after its application is submitted, so after the range starts: saying so
    # lets the database read the certificates from their issued_at index too.
    qs = qs.annotate(
        issued=FilteredRelation(
            "certificate", condition=Q(certificate__issued_at__gte=period.start)
        ),
        hours=HoursBetween("submitted_at", "issued__issued_at"),
        day=IstDate("submitted_at"),
        waiting=ExpressionWrapper(Q(status__in=OPEN_STATUSES), output_field=BooleanField()),
    )
    return qs.values_list("day", "office_id", "hours", "waiting").order_by()


def _irn_rows(period: Period, office_id: int | None):
    """(day, office, hours, electronic) of the ICs issued in the period; paper ICs have no hours
    and are not waiting (counted nowhere)."""
    qs = _scoped(in_range(ImportCertificate.objects.all(), "issued_at", period), office_id)
    electronic = Q(delivery_mode=DeliveryMode.ELECTRONIC)
    # Uploads are queued once the IC is signed, after it is issued: the same reasoning.
    qs = qs.annotate(
        accepted=FilteredRelation(
            "uploads",
            condition=Q(uploads__status=UploadStatus.ACCEPTED)
            & Q(uploads__created_at__gte=period.start),
        ),
        hours=Case(When(electronic, then=HoursBetween("issued_at", "accepted__accepted_at"))),
        day=IstDate("issued_at"),
        electronic=ExpressionWrapper(electronic, output_field=BooleanField()),
    )
    return qs.values_list("day", "office_id", "hours", "electronic").order_by()


def _grouped(qs, field: str, counts: dict):
    return qs.annotate(day=IstDate(field)).values("day", "office_id").annotate(**counts).order_by()


KINDS = ("ics", "issue", "irn", "uploads", "complaints")


def day_facts(period: Period, office_id: int | None = None, kinds=KINDS) -> dict[tuple, DayFacts]:
    """{(day, office_id): DayFacts} of every day and office with any fact in the period (only
    the `kinds` asked for are read)."""
    facts: dict[tuple, DayFacts] = defaultdict(DayFacts)
    if "ics" in kinds:
        ics = _scoped(in_range(ImportCertificate.objects.all(), "issued_at", period), office_id)
        for row in _grouped(ics, "issued_at", {"n": Count("id")}):
            facts[(row["day"], row["office_id"])]["ics"] = row["n"]
    for kind, rows in (("issue", _issue_rows), ("irn", _irn_rows)):
        if kind in kinds:
            for day, office, hours, waiting in rows(period, office_id).iterator(chunk_size=5000):
                _add_time(facts[(day, office)][kind], hours, waiting)
    if "uploads" in kinds:
        uploads = _scoped(in_range(Upload.objects.all(), "created_at", period), office_id)
        for row in _grouped(uploads, "created_at", _upload_counts(uploads)):
            facts[(row.pop("day"), row.pop("office_id"))]["uploads"].update(row)
    if "complaints" in kinds:
        complaints = _scoped(in_range(Complaint.objects.all(), "created_at", period), office_id)
        for row in _grouped(complaints, "created_at", _complaint_counts(complaints)):
            facts[(row.pop("day"), row.pop("office_id"))]["complaints"].update(row)
    for day_facts_ in facts.values():
        for kind in ("issue", "irn"):
            for values in day_facts_[kind]["h"].values():
                values.sort()
    return dict(facts)
