"""Background: dispatch pulls issued paper ICs into its register.

A paper IC (courier, SEZ, EPZ, bonded warehouse, urgent physical) enters the dispatch register when
it is issued: certificates wakes `dispatch.paper_ics` by name (it never imports this stage), which
runs inline after the issuing request commits, or in the worker; the sweep every minute finds any
a wake missed.
"""

from icportal.common.worker import task

from . import services

BATCH = 100


@task(services.PAPER_TASK, every=60, inline=True)
def paper_ics(owner: str) -> int:
    # Not `batch_size` (one when inline): the IC just issued may not be the oldest waiting, and
    # entering one is a row and an audit event, cheap enough to take a small backlog along.
    return services.paper_ics_enter(limit=BATCH)
