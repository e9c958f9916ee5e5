"""The dashboard's six sections: each runs its selector (one aggregate query) and makes its figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from icportal.complaints.models import Cause
from icportal.esanchit.models import UploadStatus
from icportal.offices.models import Office

from . import dashboard_facts as k
from . import dashboard_selectors as q
from .dashboard_cache import NotKept, figures_kept_only
from .dashboard_figures import (
    Figure,
    Section,
    bar_chart,
    column,
    count,
    day,
    hours,
    label_value_figure,
    money,
    percent,
    text,
)
from .dashboard_period import Period

TITLES = {
    "ics_per_day": "ICs issued per day, by office",
    "turnaround": "Time from submission to issue, and from issue to IRN",
    "uploads": "e-SANCHIT uploads: accepted and rejected",
    "entitlement": "Entitlement utilisation by segment group",
    "complaints": "Complaints by cause",
    "icegate": "Members not registered on ICEGATE, by office",
}


@dataclass(frozen=True)
class Pending:
    """A section whose figures are not kept: the page asks for it on its own (`section`)."""

    key: str
    title: str
    pending: bool = True


@dataclass(frozen=True)
class Filters:
    user: object
    period: Period
    office_id: int | None
    offices: list[Office]  # the offices shown: in scope, and the one filtered on if any

    def selector_args(self) -> dict:
        return {"user": self.user, "period": self.period, "office_id": self.office_id}


def _plural(n: int, word: str) -> str:
    return f"{count(n).text} {word}{'' if n == 1 else 's'}"


def _listing(items: list[tuple[str, int]]) -> str:
    return "; ".join(f"{words}: {count(n).text}" for words, n in items) or "none"


def ics_per_day(r: Filters) -> Section:
    counts = {
        (row["day"], row["office_id"]): row["count"] for row in q.ics_per_day(**r.selector_args())
    }
    offices = r.offices
    rows = []
    for d in r.period.days:
        per_office = [counts.get((d, o.pk), 0) for o in offices]
        rows.append([day(d), *[count(n) for n in per_office], count(sum(per_office))])
    totals = [sum(row[i + 1].raw for row in rows) for i in range(len(offices) + 1)]
    footer = [[text("Total"), *[count(n) for n in totals]]]
    chart = bar_chart(
        [f"{d:%d/%m}" for d in r.period.days],
        [(o.name, column(rows, i + 1)) for i, o in enumerate(offices)],
        stacked=True,
        y_title="ICs issued",
    )
    busiest = max(rows, key=lambda row: row[-1].raw) if rows else None
    summary = f"Bar chart of ICs issued per day from {r.period.label}, stacked by office: "
    summary += f"{_plural(totals[-1], 'IC')} in all"
    if busiest and busiest[-1].raw:
        summary += f"; the busiest day was {busiest[0].text} with {busiest[-1].text}"
    figure = Figure(
        "ics_per_day",
        "ICs issued per day",
        ["Date (IST)", *[o.name for o in offices], "Total"],
        rows,
        chart,
        summary + ".",
        footer=footer,
    )
    return Section(
        "ics_per_day",
        TITLES["ics_per_day"],
        "Every IC issued on each IST day of the range, counted by the office that issued it "
        "(ICs cancelled or replaced since are still counted on the day they were issued).",
        [figure],
    )


def turnaround(r: Filters) -> Section:
    issue = q.issue_times(**r.selector_args())
    irn = q.irn_times(**r.selector_args())
    rows = [[text(words), count(issue[key]), count(irn[key])] for key, words, _ in k.BUCKETS]
    issued, with_irn = (sum(row[i].raw for row in rows) for i in (1, 2))
    footer = [
        [text("Counted"), count(issued), count(with_irn)],
        [text("Still waiting"), count(issue[k.WAITING]), count(irn[k.WAITING])],
        [text("Median (hours)"), hours(issue["median"]), hours(irn["median"])],
    ]
    chart = bar_chart(
        [words for _, words, _ in k.BUCKETS],
        [("Submission to issue", column(rows, 1)), ("Issue to IRN", column(rows, 2))],
        y_title="Applications / ICs",
    )
    summary = (
        f"Bar chart of waiting times from {r.period.label}. Submission to issue: median "
        f"{footer[2][1].text} over {_plural(issued, 'application')} issued, "
        f"{count(issue[k.WAITING]).text} still waiting. Issue to IRN: median {footer[2][2].text} "
        f"over {_plural(with_irn, 'IC')}, {count(irn[k.WAITING]).text} without an IRN yet."
    )
    figure = Figure(
        "turnaround",
        "Time taken",
        ["Time taken", "Submission to issue (applications)", "Issue to IRN (ICs)"],
        rows,
        chart,
        summary,
        footer=footer,
    )
    return Section(
        "turnaround",
        TITLES["turnaround"],
        "Submission to issue: the applications members submitted in the range, by the time until "
        "their IC was issued (still waiting: with the office or back with the member). Issue to "
        "IRN: the electronic ICs issued in the range, by the time until the IRN from e-SANCHIT "
        "was recorded (paper ICs never get one).",
        [figure],
    )


OUTCOMES = (
    (UploadStatus.ACCEPTED, "Accepted (IRN recorded)", "#198754"),
    (UploadStatus.REJECTED, "Rejected by ICEGATE", "#dc3545"),
    (UploadStatus.FAILED_RETRYING, "ICEGATE unavailable, retrying", "#fd7e14"),
    (UploadStatus.UPLOADING, "Uploading now", "#0dcaf0"),
    (UploadStatus.WAITING, "Waiting to upload", "#6c757d"),
)


def uploads(r: Filters) -> Section:
    data = q.upload_outcomes(**r.selector_args())
    status, total = data["status"], sum(data["status"].values())
    accepted, rejected = status[UploadStatus.ACCEPTED], status[UploadStatus.REJECTED]
    outcomes = label_value_figure(
        "upload_outcomes",
        "Uploads by outcome",
        ["Outcome", "Uploads"],
        [(words, status[s]) for s, words, _ in OUTCOMES],
        total=total,
        chart_type="doughnut",
        colours=[colour for *_, colour in OUTCOMES],
        summary=f"Doughnut chart of e-SANCHIT uploads queued from {r.period.label}: "
        f"{count(accepted).text} of {_plural(total, 'upload')} accepted "
        f"({percent(accepted, total).text}), {count(rejected).text} rejected by ICEGATE.",
    )
    causes = [
        (f"{words} ({code})", data["causes"][code])
        for code, words in [*k.REJECTION_CAUSES.items(), (k.OTHER_CODE, "Another code")]
        if data["causes"][code]
    ]
    reasons = label_value_figure(
        "rejection_causes",
        "Why ICEGATE rejected uploads",
        ["Cause (ICEGATE code)", "Rejected uploads"],
        causes,
        summary=f"Bar chart of rejection causes of the {_plural(rejected, 'upload')} ICEGATE "
        f"rejected: {_listing(causes)}.",
        empty="ICEGATE rejected no upload in this range.",
    )
    return Section(
        "uploads",
        TITLES["uploads"],
        "Every upload of a signed IC to e-SANCHIT queued in the range, by what became of it. "
        "A rejected IC that staff retry is a new upload. One rejection can name several "
        "causes, so the causes can add up to more than the rejections.",
        [outcomes, reasons],
    )


def entitlement(r: Filters) -> Section:
    fy = r.period.financial_year
    data = q.entitlement_use(user=r.user, financial_year=fy, office_id=r.office_id)

    def cells(name, members, entitled, balance):
        used = entitled - balance
        amounts = [money(entitled), money(used), money(balance), percent(used, entitled)]
        return [text(name), count(members), *amounts]

    rows = [cells(g["name"], g["members"], g["entitled"], g["balance"]) for g in data]
    entitled = sum((g["entitled"] for g in data), Decimal(0))
    balance = sum((g["balance"] for g in data), Decimal(0))
    footer = [cells("Total", sum(g["members"] for g in data), entitled, balance)] if data else []
    chart = bar_chart(
        [g["name"] for g in data],
        [("Used", column(rows, 3)), ("Balance", column(rows, 4))],
        stacked=True,
        horizontal=True,
        money=True,
        colours=["#0d6efd", "#198754"],
    )
    summary = f"Bar chart of entitlement for {fy} by segment group: "
    summary += (
        f"{footer[0][2].text} entitled, {footer[0][3].text} used ({footer[0][5].text})."
        if data
        else "no entitlement credited."
    )
    figure = Figure(
        "entitlement",
        f"Entitlement {fy}",
        ["Segment group", "Members", "Entitled", "Used", "Balance", "Used (%)"],
        rows,
        chart,
        summary,
        footer=footer,
        empty=f"No entitlement credited for {fy}.",
    )
    return Section(
        "entitlement",
        f"{TITLES['entitlement']}, {fy}",
        f"The financial year of the range's last day ({fy}), as the ledger stands today: "
        "credited from approved EPCs, used by ICs issued (net of reversals and assessed-value "
        "adjustments), and the balance left.",
        [figure],
    )


def complaints(r: Filters) -> Section:
    data = q.complaint_causes(**r.selector_args())
    total = data["total"]
    found = [(words, data["findings"][c]) for c, words in k.FINDINGS.items() if data["findings"][c]]
    findings = label_value_figure(
        "complaint_findings",
        "What the diagnosis found",
        ["Finding", "Complaints"],
        found,
        total=total,
        total_label="Complaints filed",
        summary=f"Bar chart of the diagnosis findings of the {_plural(total, 'complaint')} "
        f"filed from {r.period.label}: {_listing(found)}.",
        empty="No complaint was filed in this range.",
    )
    labels = {**dict(Cause.choices), k.NOT_RESOLVED: "Not resolved yet"}
    resolved = [(labels[c], n) for c, n in data["causes"].items() if n]
    causes = label_value_figure(
        "complaint_causes",
        "Cause recorded when resolved",
        ["Cause", "Complaints"],
        resolved,
        total=total,
        summary="Bar chart of the causes the offices recorded when resolving the complaints "
        f"filed from {r.period.label}: {_listing(resolved)}.",
        empty="No complaint was filed in this range.",
    )
    return Section(
        "complaints",
        TITLES["complaints"],
        "“Customs cannot use the DRN/IRN” complaints filed in the range. The automatic diagnosis "
        "can record several findings for one complaint; the office records one cause when it "
        "resolves the complaint.",
        [findings, causes],
    )


def icegate(r: Filters) -> Section:
    data = q.members_off_icegate(user=r.user, office_id=r.office_id)
    zero = {"members": 0, "not_registered": 0, "claimed": 0}

    def cells(name, counts):
        not_verified = counts["not_registered"] + counts["claimed"]
        numbers = [counts["members"], counts["not_registered"], counts["claimed"], not_verified]
        return [text(name), *map(count, numbers), percent(not_verified, counts["members"])]

    rows = [cells(o.name, data.get(o.pk, zero)) for o in r.offices]
    totals = {k: sum(c.get(k, 0) for c in data.values()) for k in zero}
    footer = [cells("Total", totals)] if len(r.offices) > 1 else []
    chart = bar_chart(
        [o.name for o in r.offices],
        [
            ("Not registered", column(rows, 2)),
            ("Registered, awaiting office check", column(rows, 3)),
        ],
        stacked=True,
        y_title="Members",
        colours=["#dc3545", "#fd7e14"],
    )
    not_verified = totals["not_registered"] + totals["claimed"]
    figure = Figure(
        "icegate",
        "Members not verified on ICEGATE",
        [
            "Office",
            "Active members",
            "Not registered",
            "Registered, awaiting office check",
            "Not verified in all",
            "Not verified (%)",
        ],
        rows,
        chart,
        f"Bar chart of members not verified on ICEGATE by office, today: {not_verified} of "
        f"{_plural(totals['members'], 'active member')} ({totals['not_registered']} not "
        f"registered, {totals['claimed']} awaiting the office's check).",
        footer=footer,
    )
    return Section(
        "icegate",
        TITLES["icegate"],
        "Today's figures, whatever the date range: only the current registration of each active "
        "member is kept. Without a verified ICEGATE registration a member cannot receive the "
        "DRN/IRN of an electronic IC.",
        [figure],
    )


BUILDERS = {
    "ics_per_day": ics_per_day,
    "turnaround": turnaround,
    "uploads": uploads,
    "entitlement": entitlement,
    "complaints": complaints,
    "icegate": icegate,
}
FIGURE_SECTION = {
    "ics_per_day": "ics_per_day",
    "turnaround": "turnaround",
    "upload_outcomes": "uploads",
    "rejection_causes": "uploads",
    "entitlement": "entitlement",
    "complaint_findings": "complaints",
    "complaint_causes": "complaints",
    "icegate": "icegate",
}


def dashboard_sections(r: Filters, *, kept_only: bool = False) -> list[Section | Pending]:
    """Every section; with `kept_only`, those whose figures are not kept come as Pending: the
    page shows at once and asks for each of them separately (a range nobody opened lately)."""
    if not kept_only:
        return [build(r) for build in BUILDERS.values()]
    sections = []
    for key, build in BUILDERS.items():
        try:
            with figures_kept_only():
                sections.append(build(r))
        except NotKept:
            sections.append(Pending(key, TITLES[key]))
    return sections


def dashboard_section(r: Filters, key: str) -> Section | None:
    """One section, its figures computed if they are not kept."""
    build = BUILDERS.get(key)
    return build(r) if build else None


def dashboard_figure(r: Filters, key: str) -> Figure | None:
    """One figure, for an export: runs only its own section's query."""
    section = FIGURE_SECTION.get(key)
    if section is None:
        return None
    return next(f for f in BUILDERS[section](r).figures if f.key == key)
