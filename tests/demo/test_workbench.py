"""The demo's bulk job: two applications approved and issued together, finished on the workbench."""

import pytest

from icportal.certificates.models import AppStatus
from icportal.demo import workbench
from icportal.workbench.models import JobStatus
from tests.certificates import factories as f

pytestmark = pytest.mark.django_db


def test_the_demo_builds_a_finished_bulk_job():
    _member, user, officer, epc = f.ready()
    applications = [f.submitted_application(user, epc) for _ in range(2)]
    job = workbench.build(officer=officer, applications=applications)
    assert (job.status, job.done, job.total) == (JobStatus.DONE, 2, 2)
    for application in applications:
        application.refresh_from_db()
        assert application.status == AppStatus.ISSUED
