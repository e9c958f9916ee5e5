"""Reads for the dashboard, scoped by user: each section's figures for a range of IST days.

Head office sees every office (or the one it filters on); office staff only their own office,
whatever they ask for (dashboard_cache.figures scopes, then reads the kept figures or computes
them). The five range sections add up the daily roll-ups (dashboard_rollup: at most 366 days'
rows, whatever the number of ICs) and compute from the facts (dashboard_facts) only the days not
rolled up yet (today). The two others read the current state:

  entitlement_use      entitlements_entitlementaccount(financial_year, segment_group)
  members_off_icegate  members_member(office, legal_name); the registration by its member_id
"""

from __future__ import annotations

from django.db.models import Count, F, Q, Sum

from icportal.accounts.roles import require_staff
from icportal.complaints.models import Cause
from icportal.entitlements.models import EntitlementAccount
from icportal.members.models import Member, RegistrationStatus
from icportal.offices.models import Office

from . import dashboard_rollup as rollup
from .dashboard_cache import figures
from .dashboard_facts import FINDINGS, NOT_RESOLVED, OTHER_CODE, REJECTION_CAUSES
from .dashboard_period import Period


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
    return rollup.ics_per_day(period, office_id)


@figures
def issue_times(*, period: Period, office_id: int | None) -> dict:
    """Applications submitted in the range: hours from submission to the issue of their IC, and
    how many are still with the office or the member (`waiting`)."""
    return rollup.times(period, office_id, "issue")


@figures
def irn_times(*, period: Period, office_id: int | None) -> dict:
    """Electronic ICs issued in the range: hours from issue to the IRN recorded, and how many
    have no IRN yet (`waiting`). Paper ICs never get one and are left out."""
    return rollup.times(period, office_id, "irn")


@figures
def upload_outcomes(*, period: Period, office_id: int | None) -> dict:
    """e-SANCHIT uploads queued in the range: count per status, and rejected ones per cause.

    {"status": {status: n}, "causes": {code: n, "OTHER": n}}; one rejection can have several codes.
    """
    counts = rollup.upload_counts(period, office_id)
    return {
        "status": {key[7:]: n for key, n in counts.items() if key.startswith("status_")},
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
    counts = rollup.complaint_counts(period, office_id)
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
