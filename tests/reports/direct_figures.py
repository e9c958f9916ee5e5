"""The dashboard's range figures computed straight from the facts, as the dashboard did before its
daily roll-ups (issue 14): the reference the roll-ups must equal, figure for figure."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import connections
from django.db.models import BooleanField, Case, Count, ExpressionWrapper, FilteredRelation, Q, When

from icportal.certificates.models import (
    OPEN_STATUSES,
    Application,
    AppStatus,
    DeliveryMode,
    ImportCertificate,
)
from icportal.complaints.models import Cause, Complaint
from icportal.esanchit.models import Upload, UploadStatus
from icportal.reports.dashboard_facts import (
    BUCKETS,
    FINDINGS,
    NOT_RESOLVED,
    OTHER_CODE,
    REJECTION_CAUSES,
    WAITING,
    has_code,
    in_range,
)
from icportal.reports.dashboard_period import Period
from icportal.reports.dashboard_sql import HoursBetween, IstDate

# The distribution of hours in one statement. The rows (hours, waiting) are materialised first:
# each database then plans their query on its own, by the range's index, and works the hours out
# once a row instead of once per bucket and again for the median (2× faster on both at 30,000
# rows). PostgreSQL takes the exact median with percentile_cont; SQLite has none and reads the
# middle one or two rows (%% is a literal % beside Django's %s placeholders).
DISTRIBUTION = {
    "postgresql": """
WITH h AS MATERIALIZED ({rows})
SELECT {counts}, percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS median FROM h
""",
    "sqlite": """
WITH h AS MATERIALIZED ({rows}),
c AS MATERIALIZED (SELECT {counts}, count(hours) AS counted FROM h)
SELECT c.*, (
    SELECT avg(hours) FROM (
        SELECT hours FROM h WHERE hours IS NOT NULL ORDER BY hours
        LIMIT 2 - (SELECT counted FROM c) %% 2 OFFSET ((SELECT counted FROM c) - 1) / 2
    )
) AS median FROM c
""",
}


def distribution(connection, rows: tuple[str, tuple], buckets, waiting: str) -> dict:
    """{bucket key: n, waiting: n, "median": hours or None} of the rows' hours.

    `rows` is the SQL and parameters of a query selecting `hours` (NULL when the row is not
    counted) and `waiting` (true for a row still waiting); `buckets` the (key, words, upper bound
    in hours) of the dashboard: the first also takes negative hours, the last has no upper bound.
    """
    counts, lower = [], None
    for key, _, upper in buckets:
        bounds = [f"hours >= {lower:g}" if lower is not None else "hours IS NOT NULL"]
        if upper is not None:
            bounds.append(f"hours < {upper:g}")
        counts.append(f'count(*) FILTER (WHERE {" AND ".join(bounds)}) AS "{key}"')
        lower = upper
    counts.append(f'count(*) FILTER (WHERE hours IS NULL AND waiting) AS "{waiting}"')
    sql, params = rows
    statement = DISTRIBUTION[connection.vendor].format(rows=sql, counts=", ".join(counts))
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        names = [column[0] for column in cursor.description]
        result = dict(zip(names, cursor.fetchone(), strict=True))
    result.pop("counted", None)
    return result


def ics_per_day(*, period: Period, office_id: int | None) -> list[dict]:
    """[{day, office_id, count}]: ICs issued (whatever happened to them since) per IST day."""
    qs = in_range(ImportCertificate.objects.all(), "issued_at", period)
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


def issue_times(*, period: Period, office_id: int | None) -> dict:
    """Applications submitted in the range: hours from submission to the issue of their IC, and
    how many are still with the office or the member (`waiting`)."""
    qs = in_range(Application.objects.all(), "submitted_at", period)
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


def irn_times(*, period: Period, office_id: int | None) -> dict:
    """Electronic ICs issued in the range: hours from issue to the IRN recorded, and how many
    have no IRN yet (`waiting`). Paper ICs never get one and are left out."""
    qs = in_range(ImportCertificate.objects.all(), "issued_at", period)
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


def upload_outcomes(*, period: Period, office_id: int | None) -> dict:
    """e-SANCHIT uploads queued in the range: count per status, and rejected ones per cause.

    {"status": {status: n}, "causes": {code: n, "OTHER": n}}; one rejection can have several codes.
    """
    qs = in_range(Upload.objects.all(), "created_at", period)
    if office_id is not None:
        qs = qs.filter(office_id=office_id)
    rejected = Q(status=UploadStatus.REJECTED)
    known = reduce(or_, (has_code(qs, "rejection_codes", c) for c in REJECTION_CAUSES))
    counts = qs.aggregate(
        **{f"status_{s}": Count("id", filter=Q(status=s)) for s in UploadStatus.values},
        **{
            f"code_{c}": Count("id", filter=rejected & has_code(qs, "rejection_codes", c))
            for c in REJECTION_CAUSES
        },
        code_OTHER=Count("id", filter=rejected & ~known),
    )
    return {
        "status": {s: counts[f"status_{s}"] for s in UploadStatus.values},
        "causes": {c: counts[f"code_{c}"] for c in [*REJECTION_CAUSES, OTHER_CODE]},
    }


def complaint_causes(*, period: Period, office_id: int | None) -> dict:
    """Complaints filed in the range: {"total", "findings": {code: n}, "causes": {cause: n}}.

    A complaint is counted once under each finding of its diagnosis, and once under the cause the
    office recorded when resolving it ("not_resolved" until then).
    """
    qs = in_range(Complaint.objects.all(), "created_at", period)
    if office_id is not None:
        qs = qs.filter(office_id=office_id)
    counts = qs.aggregate(
        total=Count("id"),
        **{f"finding_{c}": Count("id", filter=has_code(qs, "findings", c)) for c in FINDINGS},
        **{f"cause_{c}": Count("id", filter=Q(cause=c)) for c in Cause.values},
        cause_not_resolved=Count("id", filter=Q(cause="")),
    )
    return {
        "total": counts["total"],
        "findings": {c: counts[f"finding_{c}"] for c in FINDINGS},
        "causes": {c: counts[f"cause_{c}"] for c in [*Cause.values, NOT_RESOLVED]},
    }
