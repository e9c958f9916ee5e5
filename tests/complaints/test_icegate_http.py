"""The diagnosis asks the real ICEGATE sandbox over HTTP through esanchit's gateway."""

import pytest

from icportal.complaints import diagnosis as dg
from tests.complaints import factories as c
from tests.dispatch import factories as d

pytestmark = pytest.mark.django_db(transaction=True)


def test_sandbox_has_no_document_with_this_irn(live_server, settings):
    settings.ICEGATE_BASE_URL = f"{live_server.url}/sandbox/icegate/"
    user, _, certificate = d.issued()
    c.uploaded(certificate)
    complaint = c.filed(user, certificate)
    assert c.codes(complaint) == [dg.ICEGATE_NO_DOCUMENT]
    assert complaint.icegate_check == "rejected"


def test_unreachable_icegate_is_a_note_not_an_error(settings):
    settings.ICEGATE_BASE_URL = "http://127.0.0.1:9/"  # discard port: nothing listens
    settings.ICEGATE_TIMEOUT = 2
    user, _, certificate = d.issued()
    c.uploaded(certificate)
    complaint = c.filed(user, certificate)
    assert c.codes(complaint) == [dg.ICEGATE_UNAVAILABLE]
    assert "run the diagnosis again later" in complaint.findings[0]["sentence"]
