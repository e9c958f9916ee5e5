"""A process killed while signing (SIGKILL of a gunicorn or worker process) loses no document,
and two takers never sign the same IC."""

import datetime as dt

import pytest
from django.utils import timezone

from icportal.certificates import services as ic
from icportal.documents import services
from icportal.documents.models import CertificateDocument, DocStatus
from tests.certificates import factories as f

pytestmark = pytest.mark.django_db


def _issued_without_signing(django_capture_on_commit_callbacks):
    _member, user, officer, epc = f.ready()
    application = f.submitted_application(user, epc)
    with django_capture_on_commit_callbacks(execute=False):  # the process dies after the commit
        certificate = ic.certificate_issue(by=officer, application=application)
    services.documents_intake()
    return CertificateDocument.objects.filter(certificate=certificate)


def test_a_document_left_rendering_by_a_dead_process_is_signed_later(
    identity, django_capture_on_commit_callbacks
):
    documents = _issued_without_signing(django_capture_on_commit_callbacks)
    documents.update(status=DocStatus.RENDERED, updated_at=timezone.now())

    assert services.documents_produce_due() == 0  # someone may still be signing it: left alone
    assert documents.get().status == DocStatus.RENDERED

    long_ago = timezone.now() - dt.timedelta(seconds=services.ABANDONED_AFTER_SECONDS + 1)
    documents.update(updated_at=long_ago)
    assert services.documents_produce_due() == 1
    document = documents.get()
    assert document.status == DocStatus.SIGNED
    assert document.sha256 and document.file and document.attempts == 1


def test_a_document_being_signed_is_not_taken_again(identity, django_capture_on_commit_callbacks):
    documents = _issued_without_signing(django_capture_on_commit_callbacks)
    certificate = documents.get().certificate
    assert services._claim(limit=5) == [documents.get().pk]  # a worker took it
    assert services._claim(limit=5) == []  # a second worker finds nothing to take
    assert services.document_produce(certificate=certificate).status == DocStatus.RENDERED
