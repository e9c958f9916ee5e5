"""A read for the bulk issue's confirmation page: what the ticked applications will become.

Nothing is changed here. Each line says what the worker's issue would refuse (not this office's,
no longer waiting, changed since it was ticked, a document missing, ICEGATE not verified), and the
selection is walked in order against each firm's balance, so a firm whose entitlement runs out
half-way is flagged on the lines that would fail, before anything is signed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count

from icportal.certificates.models import AppStatus, Item
from icportal.certificates.selectors import application_list, number_from_slug
from icportal.certificates.services import issue_refusals
from icportal.certificates.services.issue import ISSUE_FACTS
from icportal.common.money import format_inr
from icportal.entitlements.selectors import balance_for_application


@dataclass
class Line:
    reference: str
    seen_version: int
    application: object = None
    items_count: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def value(self) -> Decimal:
        return self.application.total_value if self.application else Decimal(0)


@dataclass
class Firm:
    member: object
    group: str
    balance: Decimal
    selected: Decimal = Decimal(0)
    count: int = 0

    @property
    def balance_after(self) -> Decimal:
        return self.balance - self.selected


@dataclass
class Preview:
    lines: list[Line]
    firms: list[Firm]

    @property
    def count(self) -> int:
        return len(self.lines)

    @property
    def total(self) -> Decimal:
        return sum((line.value for line in self.lines), start=Decimal(0))

    @property
    def ok_lines(self) -> list[Line]:
        return [line for line in self.lines if line.ok]

    @property
    def ok_total(self) -> Decimal:
        return sum((line.value for line in self.ok_lines), start=Decimal(0))

    @property
    def failing(self) -> int:
        return self.count - len(self.ok_lines)


def _line_problems(line: Line) -> list[str]:
    application = line.application
    if application is None:
        return ["Not an application of your office"]
    if application.status != AppStatus.SUBMITTED:
        if application.status == AppStatus.ISSUED:
            return ["Already issued"]
        return [f"Not waiting for a decision ({application.get_status_display().lower()})"]
    if application.version != line.seen_version:
        return ["Changed since you ticked it: open it and check before issuing"]
    return issue_refusals(application)


def bulk_issue_preview(*, user, applications: list[tuple[str, int]]) -> Preview:
    """`applications`: (slug, version) as ticked in the queue, in the queue's order."""
    chosen: dict[str, int] = {}
    for slug, version in applications:
        chosen.setdefault(number_from_slug(slug), version)
    found = {
        a.reference: a
        for a in application_list(user=user)
        .filter(reference__in=list(chosen))
        .select_related("member__icegate_registration", "epc__segment_group")
        .annotate(**ISSUE_FACTS)
        .order_by()
    }
    counts = dict(
        Item.objects.filter(application__in=[a.pk for a in found.values()])
        .values_list("application_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    lines, firms = [], {}
    for reference, version in chosen.items():
        application = found.get(reference)
        line = Line(reference, version, application, counts.get(getattr(application, "pk", 0), 0))
        line.problems = _line_problems(line)
        lines.append(line)
        if not line.ok or application.epc is None:
            continue
        key = (
            application.member_id,
            application.epc.financial_year,
            application.epc.segment_group_id,
        )
        if key not in firms:
            firms[key] = Firm(
                member=application.member,
                group=application.epc.segment_group.name,
                balance=balance_for_application(application=application),
            )
        firm = firms[key]
        if firm.balance_after < application.total_value:
            line.problems.append(
                f"Not enough entitlement: {format_inr(firm.balance_after)} left for "
                f"{format_inr(application.total_value)} after the lines above"
            )
            continue
        firm.selected += application.total_value
        firm.count += 1
    return Preview(lines=lines, firms=list(firms.values()))
