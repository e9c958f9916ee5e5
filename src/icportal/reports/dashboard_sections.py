"""The dashboard's six sections: each runs its selector (one aggregate query) and makes its figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext, gettext_lazy, ngettext

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

# Every word of a section is read when the section is made, in the reader's language: a Hindi
# user's table, chart labels (the JSON Chart.js draws) and exports' headings are all Hindi. The
# kept figures (dashboard_cache) hold numbers only, so both languages share them.
TITLES = {
    "ics_per_day": gettext_lazy("ICs issued per day, by office"),
    "turnaround": gettext_lazy("Time from submission to issue, and from issue to IRN"),
    "uploads": gettext_lazy("e-SANCHIT uploads: accepted and rejected"),
    "entitlement": gettext_lazy("Entitlement utilisation by segment group"),
    "complaints": gettext_lazy("Complaints by cause"),
    "icegate": gettext_lazy("Members not registered on ICEGATE, by office"),
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


def _counted(n: int, words: str) -> str:
    """`words` from ngettext(…, n) with its %(n)s: the number grouped as in the table."""
    return words % {"n": count(n).text}


def _listing(items: list[tuple[str, int]]) -> str:
    return "; ".join(f"{words}: {count(n).text}" for words, n in items) or gettext("none")


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
    footer = [[text(gettext("Total")), *[count(n) for n in totals]]]
    chart = bar_chart(
        [f"{d:%d/%m}" for d in r.period.days],
        [(o.name, column(rows, i + 1)) for i, o in enumerate(offices)],
        stacked=True,
        y_title=gettext("ICs issued"),
    )
    busiest = max(rows, key=lambda row: row[-1].raw) if rows else None
    all_ics = _counted(totals[-1], ngettext("%(n)s IC", "%(n)s ICs", totals[-1]))
    if busiest and busiest[-1].raw:
        summary = gettext(
            "Bar chart of ICs issued per day from %(period)s, stacked by office: %(ics)s in "
            "all; the busiest day was %(day)s with %(busiest)s."
        ) % {
            "period": r.period.label,
            "ics": all_ics,
            "day": busiest[0].text,
            "busiest": busiest[-1].text,
        }
    else:
        summary = gettext(
            "Bar chart of ICs issued per day from %(period)s, stacked by office: %(ics)s in all."
        ) % {"period": r.period.label, "ics": all_ics}
    figure = Figure(
        "ics_per_day",
        gettext("ICs issued per day"),
        [gettext("Date (IST)"), *[o.name for o in offices], gettext("Total")],
        rows,
        chart,
        summary,
        footer=footer,
    )
    return Section(
        "ics_per_day",
        str(TITLES["ics_per_day"]),
        gettext(
            "Every IC issued on each IST day of the range, counted by the office that issued it "
            "(ICs cancelled or replaced since are still counted on the day they were issued)."
        ),
        [figure],
    )


def turnaround(r: Filters) -> Section:
    issue = q.issue_times(**r.selector_args())
    irn = q.irn_times(**r.selector_args())
    rows = [[text(words), count(issue[key]), count(irn[key])] for key, words, _ in k.BUCKETS]
    issued, with_irn = (sum(row[i].raw for row in rows) for i in (1, 2))
    footer = [
        [text(gettext("Counted")), count(issued), count(with_irn)],
        [text(gettext("Still waiting")), count(issue[k.WAITING]), count(irn[k.WAITING])],
        [text(gettext("Median (hours)")), hours(issue["median"]), hours(irn["median"])],
    ]
    chart = bar_chart(
        [row[0].text for row in rows],
        [
            (gettext("Submission to issue"), column(rows, 1)),
            (gettext("Issue to IRN"), column(rows, 2)),
        ],
        y_title=gettext("Applications / ICs"),
    )
    summary = gettext(
        "Bar chart of waiting times from %(period)s. Submission to issue: median %(issue_median)s "
        "over %(applications)s issued, %(issue_waiting)s still waiting. Issue to IRN: median "
        "%(irn_median)s over %(ics)s, %(irn_waiting)s without an IRN yet."
    ) % {
        "period": r.period.label,
        "issue_median": footer[2][1].text,
        "applications": _counted(
            issued, ngettext("%(n)s application", "%(n)s applications", issued)
        ),
        "issue_waiting": count(issue[k.WAITING]).text,
        "irn_median": footer[2][2].text,
        "ics": _counted(with_irn, ngettext("%(n)s IC", "%(n)s ICs", with_irn)),
        "irn_waiting": count(irn[k.WAITING]).text,
    }
    figure = Figure(
        "turnaround",
        gettext("Time taken"),
        [
            gettext("Time taken"),
            gettext("Submission to issue (applications)"),
            gettext("Issue to IRN (ICs)"),
        ],
        rows,
        chart,
        summary,
        footer=footer,
    )
    return Section(
        "turnaround",
        str(TITLES["turnaround"]),
        gettext(
            "Submission to issue: the applications members submitted in the range, by the time "
            "until their IC was issued (still waiting: with the office or back with the member). "
            "Issue to IRN: the electronic ICs issued in the range, by the time until the IRN from "
            "e-SANCHIT was recorded (paper ICs never get one)."
        ),
        [figure],
    )


OUTCOMES = (
    (UploadStatus.ACCEPTED, gettext_lazy("Accepted (IRN recorded)"), "#198754"),
    (UploadStatus.REJECTED, gettext_lazy("Rejected by ICEGATE"), "#dc3545"),
    (UploadStatus.FAILED_RETRYING, gettext_lazy("ICEGATE unavailable, retrying"), "#fd7e14"),
    (UploadStatus.UPLOADING, gettext_lazy("Uploading now"), "#0dcaf0"),
    (UploadStatus.WAITING, gettext_lazy("Waiting to upload"), "#6c757d"),
)


def uploads(r: Filters) -> Section:
    data = q.upload_outcomes(**r.selector_args())
    status, total = data["status"], sum(data["status"].values())
    accepted, rejected = status[UploadStatus.ACCEPTED], status[UploadStatus.REJECTED]
    outcomes = label_value_figure(
        "upload_outcomes",
        gettext("Uploads by outcome"),
        [gettext("Outcome"), gettext("Uploads")],
        [(words, status[s]) for s, words, _colour in OUTCOMES],
        total=total,
        chart_type="doughnut",
        colours=[colour for *_words, colour in OUTCOMES],
        summary=gettext(
            "Doughnut chart of e-SANCHIT uploads queued from %(period)s: %(accepted)s of "
            "%(uploads)s accepted (%(percent)s), %(rejected)s rejected by ICEGATE."
        )
        % {
            "period": r.period.label,
            "accepted": count(accepted).text,
            "uploads": _counted(total, ngettext("%(n)s upload", "%(n)s uploads", total)),
            "percent": percent(accepted, total).text,
            "rejected": count(rejected).text,
        },
    )
    another = gettext_lazy("Another code")
    causes = [
        (f"{words} ({code})", data["causes"][code])
        for code, words in [*k.REJECTION_CAUSES.items(), (k.OTHER_CODE, another)]
        if data["causes"][code]
    ]
    reasons = label_value_figure(
        "rejection_causes",
        gettext("Why ICEGATE rejected uploads"),
        [gettext("Cause (ICEGATE code)"), gettext("Rejected uploads")],
        causes,
        summary=gettext(
            "Bar chart of rejection causes of the %(uploads)s ICEGATE rejected: %(causes)s."
        )
        % {
            "uploads": _counted(rejected, ngettext("%(n)s upload", "%(n)s uploads", rejected)),
            "causes": _listing(causes),
        },
        empty=gettext("ICEGATE rejected no upload in this range."),
    )
    return Section(
        "uploads",
        str(TITLES["uploads"]),
        gettext(
            "Every upload of a signed IC to e-SANCHIT queued in the range, by what became of it. "
            "A rejected IC that staff retry is a new upload. One rejection can name several "
            "causes, so the causes can add up to more than the rejections."
        ),
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
    total = gettext("Total")
    footer = [cells(total, sum(g["members"] for g in data), entitled, balance)] if data else []
    chart = bar_chart(
        [g["name"] for g in data],
        [(gettext("Used"), column(rows, 3)), (gettext("Balance"), column(rows, 4))],
        stacked=True,
        horizontal=True,
        money=True,
        colours=["#0d6efd", "#198754"],
    )
    if data:
        summary = gettext(
            "Bar chart of entitlement for %(fy)s by segment group: %(entitled)s entitled, "
            "%(used)s used (%(percent)s)."
        ) % {
            "fy": fy,
            "entitled": footer[0][2].text,
            "used": footer[0][3].text,
            "percent": footer[0][5].text,
        }
    else:
        summary = gettext(
            "Bar chart of entitlement for %(fy)s by segment group: no entitlement credited."
        ) % {"fy": fy}
    figure = Figure(
        "entitlement",
        gettext("Entitlement %(fy)s") % {"fy": fy},
        [
            gettext("Segment group"),
            gettext("Members"),
            gettext("Entitled"),
            gettext("Used"),
            gettext("Balance"),
            gettext("Used (%)"),
        ],
        rows,
        chart,
        summary,
        footer=footer,
        empty=gettext("No entitlement credited for %(fy)s.") % {"fy": fy},
    )
    return Section(
        "entitlement",
        f"{TITLES['entitlement']}, {fy}",
        gettext(
            "The financial year of the range's last day (%(fy)s), as the ledger stands today: "
            "credited from approved EPCs, used by ICs issued (net of reversals and assessed-value "
            "adjustments), and the balance left."
        )
        % {"fy": fy},
        [figure],
    )


def complaints(r: Filters) -> Section:
    data = q.complaint_causes(**r.selector_args())
    total = data["total"]
    found = [(words, data["findings"][c]) for c, words in k.FINDINGS.items() if data["findings"][c]]
    none_filed = gettext("No complaint was filed in this range.")
    findings = label_value_figure(
        "complaint_findings",
        gettext("What the diagnosis found"),
        [gettext("Finding"), gettext("Complaints")],
        found,
        total=total,
        total_label=gettext("Complaints filed"),
        summary=gettext(
            "Bar chart of the diagnosis findings of the %(complaints)s filed from %(period)s: "
            "%(findings)s."
        )
        % {
            "complaints": _counted(total, ngettext("%(n)s complaint", "%(n)s complaints", total)),
            "period": r.period.label,
            "findings": _listing(found),
        },
        empty=none_filed,
    )
    labels = {**dict(Cause.choices), k.NOT_RESOLVED: gettext("Not resolved yet")}
    resolved = [(str(labels[c]), n) for c, n in data["causes"].items() if n]
    causes = label_value_figure(
        "complaint_causes",
        gettext("Cause recorded when resolved"),
        [gettext("Cause"), gettext("Complaints")],
        resolved,
        total=total,
        summary=gettext(
            "Bar chart of the causes the offices recorded when resolving the complaints filed "
            "from %(period)s: %(causes)s."
        )
        % {"period": r.period.label, "causes": _listing(resolved)},
        empty=none_filed,
    )
    return Section(
        "complaints",
        str(TITLES["complaints"]),
        gettext(
            "“Customs cannot use the DRN/IRN” complaints filed in the range. The automatic "
            "diagnosis can record several findings for one complaint; the office records one "
            "cause when it resolves the complaint."
        ),
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
    footer = [cells(gettext("Total"), totals)] if len(r.offices) > 1 else []
    not_registered, claimed = (
        gettext("Not registered"),
        gettext("Registered, awaiting office check"),
    )
    chart = bar_chart(
        [o.name for o in r.offices],
        [(not_registered, column(rows, 2)), (claimed, column(rows, 3))],
        stacked=True,
        y_title=gettext("Members"),
        colours=["#dc3545", "#fd7e14"],
    )
    not_verified = totals["not_registered"] + totals["claimed"]
    members = totals["members"]
    figure = Figure(
        "icegate",
        gettext("Members not verified on ICEGATE"),
        [
            gettext("Office"),
            gettext("Active members"),
            not_registered,
            claimed,
            gettext("Not verified in all"),
            gettext("Not verified (%)"),
        ],
        rows,
        chart,
        gettext(
            "Bar chart of members not verified on ICEGATE by office, today: %(not_verified)s of "
            "%(members)s (%(not_registered)s not registered, %(claimed)s awaiting the office's "
            "check)."
        )
        % {
            "not_verified": not_verified,
            "members": _counted(
                members, ngettext("%(n)s active member", "%(n)s active members", members)
            ),
            "not_registered": totals["not_registered"],
            "claimed": totals["claimed"],
        },
        footer=footer,
    )
    return Section(
        "icegate",
        str(TITLES["icegate"]),
        gettext(
            "Today's figures, whatever the date range: only the current registration of each "
            "active member is kept. Without a verified ICEGATE registration a member cannot "
            "receive the DRN/IRN of an electronic IC."
        ),
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
