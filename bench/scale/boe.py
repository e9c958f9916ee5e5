"""The assessed Bill of Entry most members report within 7 days, and the office's review of it.

About 96 % of ICs in force get a report (a few of them late); older reports are reviewed. ICs that
are cancelled, or still within their week, mostly have none — that is the reconciliation work.
"""

from __future__ import annotations

from icportal.certificates.models import AssessedBoe

from . import names
from .context import DAY, Ctx
from .writer import ts

BOE_FIELDS = (
    "id", "certificate_id", "boe_no", "boe_date", "port_code", "assessed_value",
    "assessed_copy", "reported_by_id", "reported_at", "reviewed_by_id", "reviewed_at",
    "adjustment_id", "office_id",
)  # fmt: skip


def assessed_boe(ctx: Ctx, *, moment: float, cert_id: int, app: tuple, paise: int,
                 firm) -> tuple[tuple, float, dict] | None:  # fmt: skip
    """(AssessedBoe row, reported at, audit payload), or None: the member has not reported (yet)."""
    rng = ctx.rng
    roll = rng.random()
    if roll < 0.04:
        return None
    reported = moment + (rng.uniform(1, 7) if roll < 0.95 else rng.uniform(8, 25)) * DAY
    if reported > ctx.now - 600:
        return None
    boe_no = app[15] or f"{rng.randrange(1_000_000, 9_999_999)}"
    boe_date = app[16] or ts(min(moment + rng.randrange(0, 3) * DAY, reported))[:10]
    value = paise if rng.random() < 0.9 else paise - rng.randrange(0, paise // 30 + 1)
    reviewed = reported + rng.uniform(0.2, 5) * DAY
    done = reviewed < ctx.now and rng.random() < 0.95
    staff_id = firm.office.scrutiny[0]
    row = (
        ctx.take(AssessedBoe), cert_id, boe_no, boe_date, app[13], f"{value // 100}.{value % 100:02d}",
        f"assessed_boe/{boe_date[:4]}/{boe_date[5:7]}/boe-{boe_no}.pdf", firm.user_id, ts(reported),
        staff_id if done else None, ts(reviewed) if done else None, None, firm.office.id,
    )  # fmt: skip
    payload = {
        "boe_no": boe_no,
        "assessed_value": row[5],
        "assessed_value_display": names.inr(value),
        "difference": f"{(value - paise) / 100:.2f}",
    }
    return row, reported, payload
