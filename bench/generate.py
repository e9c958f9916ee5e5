"""Fill a database with synthetic but valid data: firms, five financial years, ICs and all around them.

    DATABASE_URL=... uv run python bench/generate.py --ics 1000000 --members 5000 --years 5

Without DATABASE_URL it writes var/bench/bench.sqlite3 (never the development database). The
database is migrated first; the offices, segment groups, scheme versions and eligible items the
migrations seed are used as they are. Run it on an empty database: the generated firms' PANs start
with Z and a second run into the same database is refused.

Per IC: an issued application with 1–3 items, the certificate (gap-free number per office and
year), its ledger debit, a signed document row (no PDF is rendered; the row is `signed`, so the
worker never tries to produce a million PDFs), for electronic ICs the e-SANCHIT upload with IRN
and DRN (a few rejected, some of those retried, a few retrying right now), the member's mail and
4–6 audit rows. Per firm and year: an approved EPC with its credit. This year also has applications
waiting in the queues. After issue (bench/scale/aftercare.py, tickets.py): urgent physical ICs
carry their approved urgent request; paper ICs are in the dispatch register (printed, dispatched,
mostly received; only those of the last hours or days still wait for it); about 1 % of electronic
ICs have a member's copy request and 0.3 % a DRN/IRN complaint, resolved or, lately, open in every
state, with their notes, mails and audit rows. Inserts go through `executemany` (SQLite) or `COPY`
(PostgreSQL); on PostgreSQL the tables are ANALYZEd before the late UPDATE. The search's word
indexes (issue 17 §4) fill as the rows go in: PostgreSQL's GIN trigram/full-text indexes with the
COPY, SQLite's FTS5 tables through the triggers of the `*_search` migrations. The command line then
builds the dashboard's daily roll-ups (`icportal dashboard_rollup`), as a deployment does once.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter as Tally
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Summary:
    rows: dict[str, int]
    seconds: dict[str, float]
    phases: dict[str, float]
    total: float
    logins: list[tuple[str, str]] = field(default_factory=list)
    aftercare: dict[str, int] = field(default_factory=dict)

    def table(self) -> str:
        lines = [f"{'table':<36}{'rows':>12}{'write s':>10}"]
        for label in sorted(self.rows, key=lambda k: -self.seconds[k]):
            lines.append(f"{label:<36}{self.rows[label]:>12,}{self.seconds[label]:>10.1f}")
        lines.append(
            f"{'all tables':<36}{sum(self.rows.values()):>12,}{sum(self.seconds.values()):>10.1f}"
        )
        lines.append("")
        lines += [f"{name:<36}{seconds:>22.1f}" for name, seconds in self.phases.items()]
        lines.append(f"{'total':<36}{self.total:>22.1f}")
        return "\n".join(lines)


def generate(*, members: int = 200, ics: int = 2000, years: int = 5, seed: int = 2026,
             log=print, add: bool = False) -> Summary:  # fmt: skip
    """The generator's core; runs in the current database connection (a test's, too).

    A database that already holds generated firms is refused unless `add` is true: then the new
    firms are numbered after the existing ones and IC numbers continue from the counters.
    """
    from bench.scale import aftercare, certs, context, firms, mails, plan, queue
    from bench.scale.writer import Buffer, Writer
    from icportal.members.models import Member

    existing = Member.objects.filter(pan__startswith="Z").count()
    if existing and not add:
        raise RuntimeError("This database already holds generated firms; use an empty one")
    started = time.perf_counter()
    phases: dict[str, float] = {}

    def phase(name: str, since: float) -> float:
        now = time.perf_counter()
        phases[name] = now - since
        log(f"  {name}: {phases[name]:.1f} s")
        return now

    writer = Writer()
    writer.prepare_session()
    ctx = context.build_context(seed=seed, years=years, writer=writer)
    buffer = Buffer(writer)
    mark = phase("reference data and staff", started)
    generated = firms.make_firms(ctx, members, buffer, start=existing)
    mark = phase(f"{members:,} firms", mark)
    planned = plan.plan_certificates(ctx, generated, ics)
    mark = phase(f"plan of {ics:,} ICs", mark)
    accounts = plan.make_accounts(ctx, generated, planned, buffer)
    mark = phase(f"{len(accounts):,} EPCs and accounts", mark)
    outbox = mails.Mails(buffer)
    collector = aftercare.Collector(ctx)
    certs.issue_all(ctx, generated, accounts, planned, buffer, outbox, collector)
    mark = phase(f"{ics:,} ICs", mark)
    queue.open_applications(ctx, generated, accounts, max(20, ics * 3 // 1000), buffer, outbox)
    mark = phase("open applications", mark)
    counts = aftercare.write_all(ctx, generated, collector, buffer, outbox)
    del collector
    context.save_counters(ctx)
    log(f"  after issue: {aftercare.summary(counts)}")
    mark = phase("dispatch register, complaints", mark)
    writer.finish_session()
    phase("sequences, vacuum/analyze, checkpoint", mark)
    busiest = Tally(firm_idx for _, firm_idx, *_ in planned).most_common(1)
    member = generated[busiest[0][0] if busiest else 0]
    chn = ctx.offices.get("CHN") or next(iter(ctx.offices.values()))
    logins = [
        (f"member ({member.legal_name}, {member.iec})", member.user_email),
        (f"staff of {chn.code} (scrutiny)", chn.scrutiny[1].split("(")[-1].rstrip(")")),
        (f"staff of {chn.code} (signing)", chn.signing[1].split("(")[-1].rstrip(")")),
        ("head office", ctx.head_office[1].split("(")[-1].rstrip(")")),
    ]
    return Summary(
        rows=dict(writer.rows),
        seconds=dict(writer.seconds),
        phases=phases,
        total=time.perf_counter() - started,
        logins=logins,
        aftercare=counts,
    )


def _setup(database_url: str | None) -> str:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    if not database_url:
        target = ROOT / "var" / "bench" / "bench.sqlite3"
        target.parent.mkdir(parents=True, exist_ok=True)
        database_url = f"sqlite:///{target}"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icportal.config.settings.base")
    import django

    django.setup()
    return database_url


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ics", type=int, default=2000)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    url = _setup(os.environ.get("DATABASE_URL"))
    from django.core.management import call_command

    from bench.scale.context import PASSWORD

    print(f"Database: {url.split('@')[-1]}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"  migrate: {time.perf_counter() - started:.1f} s")
    summary = generate(members=args.members, ics=args.ics, years=args.years, seed=args.seed)
    started = time.perf_counter()
    call_command("dashboard_rollup", verbosity=0)  # as a deployment does once; then the worker
    print(f"  dashboard roll-ups: {time.perf_counter() - started:.1f} s")
    print()
    print(summary.table())
    print(f"\nDemo logins (password {PASSWORD}):")
    for who, email in summary.logins:
        print(f"  {who:<60} {email}")
    print("Staff must set up two-factor sign-in on first login unless STAFF_2FA_REQUIRED=false.")


if __name__ == "__main__":
    main()
