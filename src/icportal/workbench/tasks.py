"""Worker task: work through the bulk jobs started on the workbench, a few items per pass."""

from icportal.common.worker import task

from . import services

ITEMS_PER_PASS = 20  # per run; the job's lease is renewed before every item


@task("workbench.bulk", every=0)
def bulk(owner: str) -> int:
    return services.bulk_jobs_advance(owner=owner, limit=ITEMS_PER_PASS)
