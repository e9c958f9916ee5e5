"""Phase A: who gets which IC when, for how much; then the EPCs and entitlement accounts that cover it.

The plan is decided before any IC row is written so each account's credit can be large enough for
every debit of its year (plus room for the open applications), and the running balance of the
ledger never goes below zero.
"""

from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass

from icportal.audit.models import AuditEvent, Verb
from icportal.entitlements.models import EntitlementAccount, Epc, EpcFobLine, LedgerEntry

from . import names
from .context import DAY, IST_OFFSET, Ctx, fy_bounds
from .firms import AUDIT_FIELDS, Firm
from .writer import Buffer, ts

CHANNELS = ["ices", "courier", "sez", "epz", "bonded"]
CHANNEL_WEIGHTS = [88, 5, 3, 1, 3]
EPC_FIELDS = (
    "id", "created_at", "updated_at", "member_id", "office_id", "financial_year",
    "segment_group_id", "number", "status", "fob_total", "percentage", "entitlement",
    "ca_certificate", "submitted_by_id", "decided_by_id", "decided_at", "return_reason",
    "scheme_version_id",
)  # fmt: skip
FOB_FIELDS = ("id", "epc_id", "segment_id", "fob_value")
ACCOUNT_FIELDS = (
    "id", "member_id", "financial_year", "segment_group_id", "balance", "credited",
)  # fmt: skip
LEDGER_FIELDS = (
    "id", "account_id", "kind", "amount", "balance_after", "epc_id", "certificate_id", "note",
    "created_by_id", "created_at",
)  # fmt: skip


@dataclass(slots=True)
class Account:
    id: int
    firm: Firm
    fy: str
    epc_id: int
    epc_decided: float
    total: int = 0  # paise of every IC of the year
    returned: int = 0  # paise given back by cancellations
    credit: int = 0
    balance: int = 0  # running, while the ledger is written


def issue_window(ctx: Ctx, fy: str) -> tuple[float, float]:
    start, end = fy_bounds(fy)
    end = min(end, ctx.now - 2 * 3600)
    return start + min(30 * DAY, (end - start) / 2), end


def _moment(ctx: Ctx, lo: float, hi: float) -> float:
    """A working moment (Mon–Sat, 09:30–18:30 IST) between lo and hi."""
    rng = ctx.rng
    first, last = int((lo + IST_OFFSET) // DAY), int((hi + IST_OFFSET) // DAY)
    for _ in range(8):
        day = rng.randint(first, last)
        if (day + 3) % 7 == 6:  # Sunday
            day -= 1
        moment = day * DAY - IST_OFFSET + 34_200 + rng.randrange(32_400)
        if lo <= moment <= hi:
            return moment
    return hi - rng.randrange(3600)


def plan_certificates(ctx: Ctx, firms: list[Firm], count: int) -> list[tuple]:
    """(issued_at, firm index, FY index, value in paise, channel, cancelled) sorted by time."""
    rng = ctx.rng
    windows = [issue_window(ctx, fy) for fy in ctx.fys]
    year_weights = [(0.8 + 0.1 * i) * (hi - lo) / (365 * DAY) for i, (lo, hi) in enumerate(windows)]
    cum_by_first = []
    for first in range(len(ctx.fys)):
        total, cum = 0.0, []
        for i, w in enumerate(year_weights):
            total += w if i >= first else 0.0
            cum.append(total)
        cum_by_first.append(cum)
    weights = [f.weight for f in firms]
    picks = rng.choices(range(len(firms)), weights=weights, k=count)
    mu, sigma = math.log(150_000), 0.9
    plan = []
    for firm_idx in picks:
        firm = firms[firm_idx]
        cum = cum_by_first[firm.first_fy]
        fy_idx = bisect.bisect_right(cum, rng.random() * cum[-1])
        fy_idx = min(max(fy_idx, firm.first_fy), len(cum) - 1)
        lo, hi = windows[fy_idx]
        moment = _moment(ctx, lo, hi)
        rupees = min(max(math.exp(rng.gauss(mu, sigma)), 5_000), 5_000_000)
        paise = int(rupees) * 100 + rng.randrange(100)
        channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
        cancelled = rng.random() < 0.003 and moment < ctx.now - 3 * DAY
        plan.append((moment, firm_idx, fy_idx, paise, channel, cancelled))
    plan.sort()
    return plan


def make_accounts(ctx: Ctx, firms: list[Firm], plan: list[tuple], buffer: Buffer) -> dict:
    """An approved EPC, an account and its credit for every firm and year it is active in."""
    rng = ctx.rng
    totals: dict[tuple[int, int], list[int]] = {}
    for _, firm_idx, fy_idx, paise, _, cancelled in plan:
        entry = totals.setdefault((firm_idx, fy_idx), [0, 0])
        entry[0] += paise
        entry[1] += paise if cancelled else 0
    pending = []
    for firm in firms:
        for fy_idx in range(firm.first_fy, len(ctx.fys)):
            start, _ = fy_bounds(ctx.fys[fy_idx])
            submitted = min(
                start + rng.randrange(2, 12) * DAY + rng.randrange(30_000), ctx.now - 2 * DAY
            )
            decided = min(submitted + rng.randrange(1, 8) * DAY, ctx.now - DAY)
            pending.append((decided, submitted, firm, fy_idx))
    pending.sort(key=lambda p: p[0])
    epcs = buffer.table(Epc, EPC_FIELDS)
    fob_lines = buffer.table(EpcFobLine, FOB_FIELDS)
    accounts_rows = buffer.table(EntitlementAccount, ACCOUNT_FIELDS)
    ledger = buffer.table(LedgerEntry, LEDGER_FIELDS)
    audit = buffer.table(AuditEvent, AUDIT_FIELDS)
    accounts: dict[tuple[int, int], Account] = {}
    for decided, submitted, firm, fy_idx in pending:
        fy = ctx.fys[fy_idx]
        total, returned = totals.get((firm.idx, fy_idx), (0, 0))
        group_id = ctx.groups[firm.group]
        scheme = ctx.scheme_at(fy_bounds(fy)[0])
        pct = scheme.rates.get(group_id, "5.00")
        pct_hundredths = int(pct.replace(".", ""))  # 5.00 → 500
        wanted = int(total * rng.uniform(1.08, 1.5)) + 10_00_000_00  # paise, + ₹10 lakh of room
        # entitlement = FOB × pct / 100 rupees = FOB × pct_hundredths / 100 paise
        fob = math.ceil(wanted * 100 / pct_hundredths / 100_000) * 100_000  # rupees
        credit = fob * pct_hundredths // 100  # paise
        epc_id, account_id, entry_id = (
            ctx.take(Epc),
            ctx.take(EntitlementAccount),
            ctx.take(LedgerEntry),
        )
        number, _ = ctx.next_number(firm.office, fy, "EPC")
        staff_id, staff_label = firm.office.scrutiny
        epcs.append(
            (
                epc_id, ts(submitted), ts(decided), firm.id, firm.office.id, fy, group_id, number,
                "approved", f"{fob}.00", pct, names.rupees(credit),
                f"epc/ca/{fy[:4]}/ca-{firm.iec}-{fy}.pdf", firm.user_id, staff_id, ts(decided),
                "", scheme.id,
            )
        )  # fmt: skip
        fob_lines.append(
            (ctx.take(EpcFobLine), epc_id, ctx.group_segments[firm.group][-1], f"{fob}.00")
        )
        account = Account(
            id=account_id, firm=firm, fy=fy, epc_id=epc_id, epc_decided=decided, total=total,
            returned=returned, credit=credit, balance=credit,
        )  # fmt: skip
        accounts[(firm.idx, fy_idx)] = account
        accounts_rows.append(
            (account_id, firm.id, fy, group_id, names.rupees(credit - total + returned),
             names.rupees(credit))
        )  # fmt: skip
        ledger.append(
            (
                entry_id, account_id, "credit", names.rupees(credit), names.rupees(credit), epc_id,
                None, f"EPC {number}: {pct}% of FOB {names.inr(fob * 100)}", staff_id, ts(decided),
            )
        )  # fmt: skip
        target = f"EPC application {firm.iec} {fy}"
        audit.append(
            (
                ctx.take(AuditEvent), ts(submitted), firm.user_id, firm.user_label,
                Verb.EPC_SUBMITTED.value, "entitlements.epc", str(epc_id), target, firm.id,
                firm.office.id,
                json.dumps({"financial_year": fy, "group": firm.group.title(),
                            "fob_total_display": names.inr(fob * 100)}),
            )
        )  # fmt: skip
        audit.append(
            (
                ctx.take(AuditEvent), ts(decided), staff_id, staff_label, Verb.EPC_APPROVED.value,
                "entitlements.epc", str(epc_id), number, firm.id, firm.office.id,
                json.dumps({"number": number, "entitlement": names.rupees(credit),
                            "entitlement_display": names.inr(credit), "percentage": pct}),
            )
        )  # fmt: skip
        buffer.added(6)
    buffer.flush()
    return accounts
