"""documents_produce_pending after a full sweep looks only at newer or recent ICs (an index range)."""

import datetime as dt

import pytest

from icportal.documents import services, tasks
from icportal.documents.models import CertificateDocument
from tests.dispatch.factories import issued

pytestmark = pytest.mark.django_db


@pytest.fixture
def without_document(monkeypatch):
    monkeypatch.setattr(services, "document_produce", lambda certificate: None)
    _user, _officer, certificate = issued()
    CertificateDocument.objects.filter(certificate=certificate).delete()
    return certificate


def _has_document(certificate) -> bool:
    return CertificateDocument.objects.filter(certificate=certificate).exists()


def test_a_newer_ic_is_found_after_the_sweep(without_document):
    services.documents_produce_pending(after_pk=without_document.pk - 1, overlap=dt.timedelta(0))
    assert _has_document(without_document)


def test_an_older_ic_is_found_while_it_is_recent_and_by_the_full_sweep(without_document):
    ic = without_document
    services.documents_produce_pending(after_pk=ic.pk, overlap=dt.timedelta(0))
    assert not _has_document(ic)
    services.documents_produce_pending(after_pk=ic.pk)  # issued within the last hour
    assert _has_document(ic)


def test_the_task_sweeps_everything_first_then_only_what_is_new(without_document, monkeypatch):
    monkeypatch.setattr(tasks, "_swept", {"below": None, "at": float("-inf")})
    tasks.produce_waiting("test")
    assert _has_document(without_document)
    assert tasks._swept["below"] == without_document.pk
