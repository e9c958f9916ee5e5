"""Worker task: work through the bulk jobs started on the workbench, a few items per pass."""

from icportal.common.worker import task

from . import services

ITEMS_PER_PASS = 20  # then the other tasks (signing, uploads, mail) get their turn


@task("workbench.bulk")
def bulk(owner: str) -> int:
    return services.bulk_jobs_advance(owner=owner, limit=ITEMS_PER_PASS)
