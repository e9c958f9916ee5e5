"""Reads for the dashboard: one aggregate query per chart, grouped in the database, scoped by user.

Head office sees every office (or the one it filters on); office staff only their own office,
whatever they ask for (dashboard_cache.figures scopes, then reads the kept figures or computes
them). Each function restricts its rows on an indexed timestamp first, so a month costs the same
at any table size. The indexes read (+ = proposed for the certificates app, not yet added):

  ics_per_day          certificates_importcertificate(issued_at); (office, -issued_at) with an office;
                       + (issued_at, office, delivery_mode) would let it read the index only
  issue_times          certificates_application(submitted_at), or (office, status, submitted_at)
                       with an office; the IC by its unique application_id;
                       + IC (application, issued_at) would answer that from the index
  irn_times            certificates_importcertificate(issued_at) as above; the upload by its
                       certificate_id
  upload_outcomes      esanchit_upload(created_at), or (office, -created_at) with an office
  entitlement_use      entitlements_entitlementaccount(financial_year, segment_group)
  complaint_causes     complaints_complaint(created_at) (a small table: no office index needed)
  members_off_icegate  members_member(office, legal_name); the registration by its member_id

SQLite keeps no statistics and prefers any index with an equality on it to a range: the queries
are written so that the range's index is the one it takes (see issue_times and irn_times).
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Q,
    Sum,
    When,
)

from icportal.accounts.roles import require_staff
from icportal.certificates.models import (
    OPEN_STATUSES,
    Application,
    AppStatus,
    DeliveryMode,
    ImportCertificate,
)
from icportal.complaints import diagnosis
from icportal.complaints.models import Cause, Complaint
from icportal.entitlements.models import EntitlementAccount
from icportal.esanchit.models import Upload, UploadStatus
from icportal.members.models import Member, RegistrationStatus
from icportal.offices.models import Office

from .dashboard_cache import figures
from .dashboard_period import Period
from .dashboard_sql import HoursBetween, IstDate, distribution

# Time buckets: (key, words, upper bound in hours; None = no bound).
BUCKETS = (
    ("lt1h", "Under 1 hour", 1),
    ("1to4h", "1 to 4 hours", 4),
    ("4to24h", "4 to 24 hours", 24),
    ("1to2d", "1 to 2 days", 48),
    ("2to5d", "2 to 5 days", 120),
    ("gt5d", "Over 5 days", None),
)
WAITING = "waiting"  # not issued yet / no IRN yet

# ICEGATE's rejection codes (docs/icegate-sandbox.md) and our own, in plain words.
REJECTION_CAUSES = {
    "BATCH_TOO_LARGE": "More than 10 files in one upload",
    "NOT_PDF": "Not a PDF file",
    "TOO_LARGE": "File larger than 1 MB",
    "NOT_PDFA": "Not a PDF/A-2 file",
    "DUPLICATE_FILENAME": "File name already used",
    "SIGNATURE_MISSING": "Not digitally signed",
    "SIGNATURE_INVALID": "Signature does not validate, or file changed after signing",
    "SIGNER_NOT_REGISTERED": "Signing certificate not bound to the office's ICEGATE ID",
    "BENEFICIARY_NOT_REGISTERED": "Member's IEC not registered on ICEGATE",
    "UNKNOWN_DOCUMENT_TYPE": "Document type code unknown to ICEGATE",
    "NOT_AUTHORISED": "Uploader is not a PGA user",
    "NOT_AUTHENTICATED": "Office could not sign in to ICEGATE",
    "TOKEN_INVALID": "Office's ICEGATE session expired",
    "IRN_CONFLICT": "IRN/DRN already recorded for another IC",
    "REFUSED": "ICEGATE refused the request without a code",
    "REJECTED": "Rejected without a reason",
}
OTHER_CODE = "OTHER"

# The complaint diagnosis's findings (complaints/diagnosis.py), in plain words.
FINDINGS = {
    diagnosis.IRN_DIFFERS: "Wrong IRN quoted",
    diagnosis.DRN_DIFFERS: "Wrong DRN quoted",
    diagnosis.UPLOADER_ID_WRONG: "Wrong uploader ICEGATE ID quoted",
    diagnosis.IC_NUMBER_DIFFERS: "Wrong IC number quoted",
    diagnosis.IEC_NOT_BENEFICIARY: "IEC in the Bill of Entry is not the IC's",
    diagnosis.IC_REPLACED: "IC was replaced: the new IC's IRN is needed",
    diagnosis.IC_CANCELLED: "IC was cancelled",
    diagnosis.IC_PHYSICAL: "Paper IC: it has no IRN/DRN",
    diagnosis.IC_NOT_UPLOADED: "IC not on e-SANCHIT yet",
    diagnosis.ICEGATE_NO_DOCUMENT: "ICEGATE has no document with that IRN",
    diagnosis.ICEGATE_REJECTS: "ICEGATE's Bill of Entry check rejects it",
    diagnosis.ICEGATE_UNAVAILABLE: "ICEGATE could not be asked",
    diagnosis.ICEGATE_NOT_CONNECTED: "ICEGATE check not connected",
    diagnosis.ALL_MATCH: "Everything matches: the problem is at Customs",
}
NOT_RESOLVED = "not_resolved"


def _in_range(qs, field: str, period: Period):
    return qs.filter(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def _has_code(qs, field: str, code: str) -> Q:
    """The JSON list of {"code": …} objects in `field` holds this code.

    PostgreSQL: jsonb containment (@>), no text conversion. SQLite keeps JSON as text and has no
    containment: a LIKE on "code": "X" — quotes inside JSON strings are escaped, so it only
    matches a real "code" member.
    """
    if connections[qs.db].vendor == "postgresql":
        return Q(**{f"{field}__contains": [{"code": code}]})
    return Q(**{f"{field}__icontains": f'"code": "{code}"'})


def dashboard_offices(*, user) -> list[Office]:
    """The offices in the user's scope: every active office for head office, else their own."""
    scope = require_staff(user)
    offices = Office.objects.filter(is_active=True)
    if scope.office_id is not None:
        offices = offices.filter(pk=scope.office_id)
    return list(offices)


@figures
def ics_per_day(*, period: Period, office_id: int | None) -> list[dict]:
    """[{day, office_id, count}]: ICs issued (whatever happened to them since) per IST day."""
    qs = _in_range(ImportCertificate.objects.all(), "issued_at", period)
    if office_id is not None:
        qs = qs.filter(office_id=office_id)
    rows = qs.annotate(day=IstDate("issued_at")).values("day", "office_id")
    return list(rows.annotate(count=Count("id")).order_by("day", "office_id"))


def _distribution(qs, waiting: Q) -> dict:
    """{bucket key: n, "waiting": n, "median": hours or None} of rows annotated with `hours`
    (NULL when the row is not counted); `waiting`: the rows without hours still waiting."""
    rows = qs.annotate(waiting=ExpressionWrapper(waiting, output_field=BooleanField()))
    rows = rows.values("hours", "waiting").order_by()
    sql = rows.query.get_compiler(using=qs.db).as_sql()
    return distribution(connections[qs.db], sql, BUCKETS, WAITING)


@figures
def issue_times(*, period: Period, office_id: int | None) -> dict:
    """Applications submitted in the range: hours from submission to the issue of their IC, and
    how many are still with the office or the member (`waiting`)."""
    qs = _in_range(Application.objects.all(), "submitted_at", period)
    if office_id is not None:
        # Every status named: the (office, status, submitted_at) index then holds all it reads,
        # instead of every application the office ever had.
        qs = qs.filter(office_id=office_id, status__in=AppStatus.values)
    # An IC is issued after its application is submitted, so after the range starts: saying so
    # lets the database read the certificates from their issued_at index too.
    qs = qs.annotate(
        issued=FilteredRelation(
            "certificate", condition=Q(certificate__issued_at__gte=period.start)
        ),
        hours=HoursBetween("submitted_at", "issued__issued_at"),
    )
    return _distribution(qs, Q(status__in=OPEN_STATUSES))


@figures
def irn_times(*, period: Period, office_id: int | None) -> dict:
    """Electronic ICs issued in the range: hours from issue to the IRN recorded, and how many
    have no IRN yet (`waiting`). Paper ICs never get one and are left out."""
    qs = _in_range(ImportCertificate.objects.all(), "issued_at", period)
    if office_id is not None:
        qs = qs.filter(office_id=office_id)
    # Paper ICs are read but counted nowhere (no hours, not waiting) rather than left out in the
    # WHERE: a test of delivery_mode there can lead SQLite, which keeps no statistics, to an index
    # starting with it and every electronic IC ever issued instead of the range's (the former
    # ic_mode_office_status did: 1 s at a million ICs).
    electronic = Q(delivery_mode=DeliveryMode.ELECTRONIC)
    # Uploads are queued once the IC is signed, after it is issued: the same reasoning.
    qs = qs.annotate(
        accepted=FilteredRelation(
            "uploads",
            condition=Q(uploads__status=UploadStatus.ACCEPTED)
            & Q(uploads__created_at__gte=period.start),
        ),
        hours=Case(When(electronic, then=HoursBetween("issued_at", "accepted__accepted_at"))),
    )
    return _distribution(qs, electronic)


@figures
def upload_outcomes(*, period: Period, office_id: int | None) -> dict:
    """e-SANCHIT uploads queued in the range: count per status, and rejected ones per cause.

    {"status": {status: n}, "causes": {code: n, "OTHER": n}}; one rejection can have several codes.
    """
    qs = _in_range(Upload.objects.all(), "created_at", period)
    if office_id is not None:
        qs = qs.filter(office_id=office_id)
    rejected = Q(status=UploadStatus.REJECTED)
    known = reduce(or_, (_has_code(qs, "rejection_codes", c) for c in REJECTION_CAUSES))
    counts = qs.aggregate(
        **{f"status_{s}": Count("id", filter=Q(status=s)) for s in UploadStatus.values},
        **{
            f"code_{c}": Count("id", filter=rejected & _has_code(qs, "rejection_codes", c))
            for c in REJECTION_CAUSES
        },
        code_OTHER=Count("id", filter=rejected & ~known),
    )
    return {
        "status": {s: counts[f"status_{s}"] for s in UploadStatus.values},
        "causes": {c: counts[f"code_{c}"] for c in [*REJECTION_CAUSES, OTHER_CODE]},
    }


@figures
def entitlement_use(*, financial_year: str, office_id: int | None) -> list[dict]:
    """Per segment group, the year's entitlement today: [{code, name, entitled, balance, members}]."""
    qs = EntitlementAccount.objects.filter(financial_year=financial_year)
    if office_id is not None:
        qs = qs.filter(member__office_id=office_id)
    rows = qs.values(
        code=F("segment_group__code"),
        name=F("segment_group__name"),
        position=F("segment_group__position"),
    ).annotate(entitled=Sum("credited"), balance=Sum("balance"), members=Count("member_id"))
    return list(rows.order_by("position", "code"))


@figures
def complaint_causes(*, period: Period, office_id: int | None) -> dict:
    """Complaints filed in the range: {"total", "findings": {code: n}, "causes": {cause: n}}.

    A complaint is counted once under each finding of its diagnosis, and once under the cause the
    office recorded when resolving it ("not_resolved" until then).
    """
    qs = _in_range(Complaint.objects.all(), "created_at", period)
    if office_id is not None:
        qs = qs.filter(office_id=office_id)
    counts = qs.aggregate(
        total=Count("id"),
        **{f"finding_{c}": Count("id", filter=_has_code(qs, "findings", c)) for c in FINDINGS},
        **{f"cause_{c}": Count("id", filter=Q(cause=c)) for c in Cause.values},
        cause_not_resolved=Count("id", filter=Q(cause="")),
    )
    return {
        "total": counts["total"],
        "findings": {c: counts[f"finding_{c}"] for c in FINDINGS},
        "causes": {c: counts[f"cause_{c}"] for c in [*Cause.values, NOT_RESOLVED]},
    }


@figures
def members_off_icegate(*, office_id: int | None) -> dict[int, dict]:
    """Active members per office today: {office_id: {members, not_registered, claimed}}.

    Not range-bound: the registration record holds only the current state.
    """
    qs = Member.objects.filter(is_active=True)
    if office_id is not None:
        qs = qs.filter(office_id=office_id)
    status = "icegate_registration__status"
    rows = (
        qs.values("office_id")
        .annotate(
            members=Count("id"),
            not_registered=Count(
                "id",
                filter=Q(icegate_registration__isnull=True)
                | Q(**{status: RegistrationStatus.NOT_REGISTERED}),
            ),
            claimed=Count("id", filter=Q(**{status: RegistrationStatus.CLAIMED})),
        )
        .order_by()
    )
    return {row.pop("office_id"): row for row in rows}
