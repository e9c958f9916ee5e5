"""documents pulls issued ICs without a document: recent ones on every run, every IC on the sweep."""

import datetime as dt

import pytest
from django.utils import timezone

from icportal.certificates.models import ImportCertificate
from icportal.common import worker
from icportal.documents import services
from icportal.documents.models import CertificateDocument, DocStatus
from tests.dispatch.factories import issued

pytestmark = pytest.mark.django_db


@pytest.fixture
def without_document():
    _user, _officer, certificate = issued()  # the wake never ran: the test's transaction is open
    assert not CertificateDocument.objects.filter(certificate=certificate).exists()
    return certificate


def _document(certificate):
    return CertificateDocument.objects.filter(certificate=certificate).first()


def test_a_recent_ic_gets_its_waiting_document_and_an_old_one_waits_for_the_sweep(
    without_document,
):
    ic = without_document
    ImportCertificate.objects.filter(pk=ic.pk).update(
        issued_at=timezone.now() - services.RECENT - dt.timedelta(minutes=1)
    )
    assert services.documents_intake(since=timezone.now() - services.RECENT) == 0
    assert _document(ic) is None
    assert services.documents_intake() == 1
    assert _document(ic).status == DocStatus.WAITING
    assert services.documents_intake() == 0  # taken once: the IC has its row


def test_the_tasks_declare_their_schedule_and_the_produce_task_is_run_by_a_wake():
    tasks = worker.autodiscover()
    produce, sweep = tasks["documents.produce"], tasks["documents.sweep"]
    assert produce.inline and produce.every <= 10
    assert not sweep.inline and sweep.every == 3600


def test_the_sweep_finds_an_old_ic_without_a_document(without_document, identity):
    ImportCertificate.objects.filter(pk=without_document.pk).update(
        issued_at=timezone.now() - dt.timedelta(days=3)
    )
    tasks = worker.autodiscover()
    assert tasks["documents.produce"].run("w") == 0  # outside the recent window
    tasks["documents.sweep"].run("w")
    assert _document(without_document).status == DocStatus.WAITING
    assert tasks["documents.produce"].run("w") == 1
    assert _document(without_document).status == DocStatus.SIGNED
