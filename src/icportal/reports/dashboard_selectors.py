"""Reads for the dashboard: one aggregate query per chart, grouped in the database, scoped by user.

Head office sees every office (or the one it filters on); office staff only their own office,
whatever they ask for. Each function restricts its rows on an indexed timestamp first, so a month
costs the same at any table size. The indexes read (+ = proposed, not yet in a migration):

  ics_per_day          certificates_importcertificate(issued_at); (office, -issued_at) with an office;
                       + (issued_at, office, delivery_mode) would let it read the index only
  issue_times          certificates_application(submitted_at), or (office, status, submitted_at);
                       the IC by its unique application_id; + (submitted_at, office, status)
  irn_times            certificates_importcertificate(issued_at) as above; esanchit_upload(created_at)
                       and its certificate_id
  upload_outcomes      esanchit_upload(created_at); + (office, created_at) for one office
  entitlement_use      + entitlements_entitlementaccount(financial_year, segment_group)
  complaint_causes     complaints_complaint(created_at); + (office, created_at) for one office
  members_off_icegate  members_member(office, legal_name); the registration by its member_id
"""

from __future__ import annotations

from functools import reduce, wraps
from operator import or_

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import Case, Count, F, FilteredRelation, Q, Sum, Value, When

from icportal.accounts.roles import require_staff
from icportal.certificates.models import OPEN_STATUSES, Application, DeliveryMode, ImportCertificate
from icportal.complaints import diagnosis
from icportal.complaints.models import Cause, Complaint
from icportal.entitlements.models import EntitlementAccount
from icportal.esanchit.models import Upload, UploadStatus
from icportal.members.models import Member, RegistrationStatus
from icportal.offices.models import Office

from .dashboard_period import Period
from .dashboard_sql import HoursBetween, IstDate, Median

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


def _office(user, office_id: int | None) -> int | None:
    """The office to show: staff always their own; head office the one asked for, or all."""
    scope = require_staff(user)
    return scope.office_id if scope.office_id is not None else office_id


def _cached(selector):
    """Keep a section's figures for DASHBOARD_CACHE_SECONDS (default five minutes).

    A month of a busy council is some 16,000 ICs, and the time-taken figures join applications,
    ICs and uploads: worth computing once per office and range, not on every visit. The key holds
    the office *after* scoping, so office staff only ever share figures with their own office.
    """

    @wraps(selector)
    def read(*, user, office_id: int | None = None, **kwargs):
        seconds = settings.DASHBOARD_CACHE_SECONDS
        if not seconds:
            return selector(user=user, office_id=office_id, **kwargs)
        office = _office(user, office_id)
        bits = [
            f"{name}={value.first}..{value.last}"
            if isinstance(value, Period)
            else f"{name}={value}"
            for name, value in sorted(kwargs.items())
        ]
        key = ":".join(["dashboard", selector.__name__, f"office={office}", *bits])
        figures = cache.get(key)
        if figures is None:
            figures = selector(user=user, office_id=office, **kwargs)
            cache.set(key, figures, seconds)
        return figures

    return read


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


@_cached
def ics_per_day(*, user, period: Period, office_id: int | None = None) -> list[dict]:
    """[{day, office_id, count}]: ICs issued (whatever happened to them since) per IST day."""
    qs = _in_range(ImportCertificate.objects.all(), "issued_at", period)
    if (office := _office(user, office_id)) is not None:
        qs = qs.filter(office_id=office)
    rows = qs.annotate(day=IstDate("issued_at")).values("day", "office_id")
    return list(rows.annotate(count=Count("id")).order_by("day", "office_id"))


def _in_bucket(hours: str, index: int) -> Q:
    """The time bucket BUCKETS[index] (the first also takes negative times, the last no bound)."""
    upper = BUCKETS[index][2]
    lower = BUCKETS[index - 1][2] if index else None
    q = Q(**{f"{hours}__isnull": False})
    if lower is not None:
        q &= Q(**{f"{hours}__gte": lower})
    if upper is not None:
        q &= Q(**{f"{hours}__lt": upper})
    return q


def _bucket(hours: str, waiting: Q) -> Case:
    """The bucket key of a row: CASE stops at the first bucket that fits."""
    whens = [When(**{f"{hours}__lt": upper}, then=Value(key)) for key, _, upper in BUCKETS[:-1]]
    last = When(**{f"{hours}__isnull": False}, then=Value(BUCKETS[-1][0]))
    return Case(*whens, last, When(waiting, then=Value(WAITING)), default=Value(""))


def _median(qs, hours: str, n: int) -> float | None:
    """The middle value (mean of the two middle ones for an even count): reads at most 2 rows."""
    if n == 0:
        return None
    low, high = (n - 1) // 2, n // 2
    ordered = qs.filter(**{f"{hours}__isnull": False}).order_by(hours)
    values = list(ordered.values_list(hours, flat=True)[low : high + 1])
    return sum(values) / len(values)


def _distribution(qs, hours: str, waiting: Q) -> dict:
    """{bucket key: n, "waiting": n, "median": hours or None}.

    PostgreSQL: one pass, counting each bucket and taking the exact median (percentile_cont).
    SQLite has no median: a GROUP BY on the bucket (CASE works out the hours about 3 times a row
    instead of 13, which matters with julianday parsing text), then the middle rows are read.
    """
    if connections[qs.db].vendor == "postgresql":
        counts = {
            key: Count("id", filter=_in_bucket(hours, i)) for i, (key, *_) in enumerate(BUCKETS)
        }
        return qs.aggregate(
            **counts, **{WAITING: Count("id", filter=waiting)}, median=Median(hours)
        )
    groups = qs.annotate(bucket=_bucket(hours, waiting)).values("bucket").annotate(n=Count("id"))
    result = dict.fromkeys([key for key, *_ in BUCKETS] + [WAITING], 0)
    result.update({g["bucket"]: g["n"] for g in groups.order_by() if g["bucket"]})
    result["median"] = _median(qs, hours, sum(result[key] for key, *_ in BUCKETS))
    return result


@_cached
def issue_times(*, user, period: Period, office_id: int | None = None) -> dict:
    """Applications submitted in the range: hours from submission to the issue of their IC, and
    how many are still with the office or the member (`waiting`)."""
    qs = _in_range(Application.objects.all(), "submitted_at", period)
    if (office := _office(user, office_id)) is not None:
        qs = qs.filter(office_id=office)
    # An IC is issued after its application is submitted, so after the range starts: saying so
    # lets the database read the certificates from their issued_at index too.
    qs = qs.annotate(
        issued=FilteredRelation(
            "certificate", condition=Q(certificate__issued_at__gte=period.start)
        ),
        hours=HoursBetween("submitted_at", "issued__issued_at"),
    )
    return _distribution(qs, "hours", Q(status__in=OPEN_STATUSES))


@_cached
def irn_times(*, user, period: Period, office_id: int | None = None) -> dict:
    """Electronic ICs issued in the range: hours from issue to the IRN recorded, and how many
    have no IRN yet (`waiting`). Paper ICs never get one and are left out."""
    qs = _in_range(ImportCertificate.objects.all(), "issued_at", period)
    qs = qs.filter(delivery_mode=DeliveryMode.ELECTRONIC)
    if (office := _office(user, office_id)) is not None:
        qs = qs.filter(office_id=office)
    # Uploads are queued once the IC is signed, after it is issued: the same reasoning.
    qs = qs.annotate(
        accepted=FilteredRelation(
            "uploads",
            condition=Q(uploads__status=UploadStatus.ACCEPTED)
            & Q(uploads__created_at__gte=period.start),
        ),
        hours=HoursBetween("issued_at", "accepted__accepted_at"),
    )
    return _distribution(qs, "hours", Q(hours__isnull=True))


@_cached
def upload_outcomes(*, user, period: Period, office_id: int | None = None) -> dict:
    """e-SANCHIT uploads queued in the range: count per status, and rejected ones per cause.

    {"status": {status: n}, "causes": {code: n, "OTHER": n}}; one rejection can have several codes.
    """
    qs = _in_range(Upload.objects.all(), "created_at", period)
    if (office := _office(user, office_id)) is not None:
        qs = qs.filter(office_id=office)
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


@_cached
def entitlement_use(*, user, financial_year: str, office_id: int | None = None) -> list[dict]:
    """Per segment group, the year's entitlement today: [{code, name, entitled, balance, members}]."""
    qs = EntitlementAccount.objects.filter(financial_year=financial_year)
    if (office := _office(user, office_id)) is not None:
        qs = qs.filter(member__office_id=office)
    rows = qs.values(
        code=F("segment_group__code"),
        name=F("segment_group__name"),
        position=F("segment_group__position"),
    ).annotate(entitled=Sum("credited"), balance=Sum("balance"), members=Count("member_id"))
    return list(rows.order_by("position", "code"))


@_cached
def complaint_causes(*, user, period: Period, office_id: int | None = None) -> dict:
    """Complaints filed in the range: {"total", "findings": {code: n}, "causes": {cause: n}}.

    A complaint is counted once under each finding of its diagnosis, and once under the cause the
    office recorded when resolving it ("not_resolved" until then).
    """
    qs = _in_range(Complaint.objects.all(), "created_at", period)
    if (office := _office(user, office_id)) is not None:
        qs = qs.filter(office_id=office)
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


@_cached
def members_off_icegate(*, user, office_id: int | None = None) -> dict[int, dict]:
    """Active members per office today: {office_id: {members, not_registered, claimed}}.

    Not range-bound: the registration record holds only the current state.
    """
    qs = Member.objects.filter(is_active=True)
    if (office := _office(user, office_id)) is not None:
        qs = qs.filter(office_id=office)
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
