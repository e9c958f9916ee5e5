"""/healthz's queue depths count work a stage has not pulled yet, not only the rows it made."""

from __future__ import annotations

from icportal.certificates import services as ic_services
from icportal.documents.services import documents_intake
from icportal.operations import health
from tests.certificates import factories as f


def test_an_ic_issued_but_not_yet_taken_in_counts_as_a_document_waiting(db):
    _, user, officer, epc = f.ready()
    application = f.submitted_application(user, epc)
    ic_services.certificate_issue(by=officer, application=application)  # not committed: no wake
    assert health.queue_depths()["documents_waiting"] == 1
    documents_intake()
    assert health.queue_depths()["documents_waiting"] == 1  # now a waiting document: still one
