"""A process killed while signing (SIGKILL of a gunicorn or worker process) loses no document."""

import datetime as dt

import pytest
from django.utils import timezone

from icportal.certificates import services as ic
from icportal.documents import services
from icportal.documents.models import CertificateDocument, DocStatus
from tests.certificates import factories as f

pytestmark = pytest.mark.django_db


def test_a_document_left_rendering_by_a_dead_process_is_signed_by_the_sweep(
    identity, django_capture_on_commit_callbacks
):
    _member, _user, officer, epc = f.ready()
    application = f.submitted_application(_user, epc)
    with django_capture_on_commit_callbacks(execute=False):  # the process dies after the commit
        certificate = ic.certificate_issue(by=officer, application=application)
    documents = CertificateDocument.objects.filter(certificate=certificate)
    documents.update(status=DocStatus.RENDERED, updated_at=timezone.now())

    services.documents_produce_pending()  # someone may still be signing it: left alone
    assert documents.get().status == DocStatus.RENDERED

    long_ago = timezone.now() - dt.timedelta(seconds=services.ABANDONED_AFTER_SECONDS + 1)
    documents.update(updated_at=long_ago)
    services.documents_produce_pending()
    document = documents.get()
    assert document.status == DocStatus.SIGNED
    assert document.sha256 and document.file
