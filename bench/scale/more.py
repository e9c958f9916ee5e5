"""More ICs for one existing firm this year, written like the generator writes them.

Tests use it to grow one firm's (and its office's) data without going through PDF signing: the
query-count tests triple the rows of the firm they look at and count again.
"""

from __future__ import annotations

from decimal import Decimal

from icportal.entitlements.models import EntitlementAccount
from icportal.members.models import IcegateRegistration, Member

from . import names
from .certs import Issuer
from .context import DAY, build_context, save_counters
from .firms import Firm
from .mails import Mails
from .plan import CHANNELS, Account, issue_window
from .queue import open_applications
from .writer import Buffer, Writer


def firm_from_db(ctx, member: Member) -> Firm:
    user = member.users.filter(is_active=True).order_by("pk").first()
    registration = IcegateRegistration.objects.filter(member=member).first()
    group = "GARMENTS" if member.segments.filter(code="LG").exists() else "OTHERS"
    return Firm(
        idx=member.pk,
        id=member.pk,
        office=ctx.offices[member.office.code],
        legal_name=member.legal_name,
        iec=member.iec,
        group=group,
        user_id=user.pk,
        user_email=user.email,
        user_label=f"{user.full_name} ({user.email})",
        registration=registration.status if registration else "not_registered",
        icegate_id=registration.icegate_id if registration else None,
        first_fy=len(ctx.fys) - 1,
        weight=1.0,
        ports=names.OFFICE_CITIES.get(member.office.code, ("", "", "", ["INMAA1"]))[3],
    )


def issue_more(*, member: Member, ics: int, open_apps: int = 0, seed: int = 7) -> None:
    """`ics` more issued ICs (every channel, some cancelled) and `open_apps` applications in
    progress for `member`, against its entitlement account of this year (which must exist)."""
    ctx = build_context(seed=seed, years=1, writer=Writer())
    fy = ctx.fys[-1]
    firm = firm_from_db(ctx, member)
    row = EntitlementAccount.objects.get(member=member, financial_year=fy)
    epc = member.epcs.filter(financial_year=fy, status="approved").order_by("pk").first()
    account = Account(
        id=row.pk, firm=firm, fy=fy, epc_id=epc.pk, epc_decided=epc.decided_at.timestamp(),
        credit=int(row.credited * 100), balance=int(row.balance * 100),
    )  # fmt: skip
    lo, hi = issue_window(ctx, fy)
    lo = max(lo, account.epc_decided + 2 * DAY)
    share = account.balance // (2 * max(ics, 1))
    buffer = Buffer(ctx.writer)
    mails = Mails(buffer)
    issuer = Issuer(ctx, buffer, mails)
    # Half over the year, half in the last fortnight (dashboards and daily tables look there).
    recent = max(lo, hi - 14 * DAY)
    moments = sorted(
        (lo if n % 2 else recent) + ctx.rng.random() * (hi - (lo if n % 2 else recent))
        for n in range(ics)
    )
    for n, moment in enumerate(moments):
        paise = max(100_00, share - ctx.rng.randrange(max(share // 2, 1)))
        channel, cancelled = CHANNELS[n % len(CHANNELS)], n % 7 == 3
        issuer.issue(moment, firm, account, paise, channel, cancelled, boe=n % 4 != 1)
    issuer.cancel_due(float("inf"))
    buffer.flush()
    if open_apps:
        open_applications(ctx, [firm], {(firm.idx, 0): account}, open_apps, buffer, mails)
    save_counters(ctx)
    if ctx.writer.vendor == "postgresql":
        ctx.writer.reset_sequences()  # rows were written with explicit ids
    EntitlementAccount.objects.filter(pk=row.pk).update(balance=Decimal(account.balance) / 100)
