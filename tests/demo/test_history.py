"""The demo's history for the dashboard: signed, ready, uploaded ICs on past working days."""

import datetime as dt

import pytest
from django.core.management import call_command

from icportal.certificates.models import ImportCertificate
from icportal.common.dates import IST, ist_today
from icportal.demo import history as demo_history
from icportal.esanchit.models import Upload
from icportal.members.models import Member

pytestmark = pytest.mark.django_db


def test_history_ics_are_signed_ready_and_uploaded_on_past_working_days(settings, demo_var):
    call_command("demo_data")  # builds the history once, inside the demo's transaction
    history = ImportCertificate.objects.filter(application__invoice_no__startswith="INV/H/")
    # All COUNT of them, except in the first weeks of a financial year (history stays in this one).
    assert 0 < history.count() <= demo_history.COUNT and Member.objects.count() == 9
    for certificate in history.select_related("document", "application"):
        issued = certificate.issued_at.astimezone(IST)
        assert ist_today() - dt.timedelta(days=demo_history.DAYS) <= issued.date() < ist_today()
        assert issued.weekday() != 6  # no Sunday
        assert certificate.application.submitted_at < certificate.issued_at
        assert certificate.document.ready  # signed, and every readiness check passed
        upload = Upload.objects.get(certificate=certificate, status="accepted")
        assert certificate.issued_at < upload.created_at < upload.accepted_at
        assert upload.irn.startswith("DEMOI") and upload.mode == "manual"
