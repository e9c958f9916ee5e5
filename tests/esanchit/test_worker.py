"""Two workers never take the same upload row; a lease that runs out lets another carry on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from icportal.certificates import services as ic
from icportal.common.worker import claim
from icportal.esanchit.models import Upload
from icportal.esanchit.services import backoff_seconds, uploads_queue
from icportal.esanchit.tasks import due_uploads
from tests.documents.conftest import issue

pytestmark = pytest.mark.django_db


def test_two_workers_never_claim_the_same_row(identity, django_capture_on_commit_callbacks):
    for _ in range(3):
        issue(django_capture_on_commit_callbacks)
    first = claim(due_uploads(), owner="a", limit=2)
    second = claim(due_uploads(), owner="b", limit=10)
    assert len(first) == 2 and len(second) == 1
    assert not {r.pk for r in first} & {r.pk for r in second}
    assert claim(due_uploads(), owner="c", limit=10) == []
    # Worker "a" died: once its lease runs out, another worker takes its rows.
    Upload.objects.filter(locked_by="a").update(locked_until=timezone.now() - timedelta(seconds=1))
    assert {r.pk for r in claim(due_uploads(), owner="c", limit=10)} == {r.pk for r in first}


def test_backoff_grows_to_the_cap_with_jitter():
    assert 2.5 <= backoff_seconds(1) <= 5
    assert 20 <= backoff_seconds(4) <= 40
    assert 300 <= backoff_seconds(30) <= 600


def test_an_ic_cancelled_or_replaced_before_upload_never_goes_to_icegate(
    identity, django_capture_on_commit_callbacks
):
    cancelled, _user, officer = issue(django_capture_on_commit_callbacks)
    ic.certificate_cancel(by=officer, certificate=cancelled, reason="Shipment called off")
    assert due_uploads().filter(certificate=cancelled).count() == 0
    Upload.objects.filter(certificate=cancelled).delete()
    assert uploads_queue() == 0
