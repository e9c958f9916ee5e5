"""Demo data for the workbench: one bulk issue, run to the end, so `make run` shows a finished job
(progress bar full, one line per IC with its link) next to the queues."""

from __future__ import annotations

from icportal.workbench.models import BulkJob
from icportal.workbench.services import bulk_issue_start, bulk_jobs_advance


def build(*, officer, applications) -> BulkJob:
    """Approve and issue `applications` (submitted, of the officer's office) as one bulk job."""
    job = bulk_issue_start(by=officer, applications=[(a.slug, a.version) for a in applications])
    bulk_jobs_advance(owner="demo-data", limit=len(applications))
    job.refresh_from_db()
    return job
