"""An office (CHN) with a verified member, its officer and an approved EPC; helpers for selections."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from icportal.workbench.models import BulkJob
from tests.certificates import factories as f


@pytest.fixture
def chn(db):
    member, user, officer, epc = f.ready()
    return SimpleNamespace(member=member, user=user, officer=officer, epc=epc)


def submitted(office, count: int) -> list:
    return [f.submitted_application(office.user, office.epc) for _ in range(count)]


def selection(applications) -> list[tuple[str, int]]:
    return [(a.slug, a.version) for a in applications]


def progress(job: BulkJob) -> tuple[int, int, str]:
    job.refresh_from_db()
    return job.done, job.failed, job.status
