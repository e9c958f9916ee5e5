"""Build the dashboard's daily roll-ups again from the facts (all days, or a range).

    icportal dashboard_rollup                 # every day from the oldest fact to yesterday
    icportal dashboard_rollup --from 2026-04-01 --to 2026-06-30

Safe to run at any time, also with the worker running: each month is replaced in one
transaction. The worker (`reports.dashboard_figures`) keeps them up to date afterwards.
"""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from icportal.common.dates import ist_today
from icportal.reports import services


class Command(BaseCommand):
    help = "Build the dashboard's daily roll-ups again from the facts."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", type=dt.date.fromisoformat)
        parser.add_argument("--to", dest="last", type=dt.date.fromisoformat)

    def handle(self, *args, first=None, last=None, **options):
        yesterday = ist_today() - dt.timedelta(days=1)
        last = min(last or yesterday, yesterday)  # today is always computed when read
        first = first or services.first_fact_day()
        if first is None:
            self.stdout.write("Nothing to roll up: no facts yet.")
            return
        if first > last:
            raise CommandError(f"Nothing to build from {first} to {last} (today is never built)")
        started = time.perf_counter()
        days = services.dashboard_rollup_build(first=first, last=last)
        seconds = time.perf_counter() - started
        self.stdout.write(f"Built {days} days ({first} to {last}) in {seconds:.1f} s.")
