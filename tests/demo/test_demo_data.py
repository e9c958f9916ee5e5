"""`make run` loads the demo data and seeds the sandbox with it: both must keep working."""

import json

import pytest
from django.core.management import call_command
from django.utils import translation

from icportal.accounts.models import User
from icportal.certificates.models import Application, AppStatus, CertStatus, ImportCertificate
from icportal.complaints.models import Complaint
from icportal.complaints.models import Status as ComplaintStatus
from icportal.customs.models import Notice, NoticeStatus
from icportal.demo import hindi
from icportal.demo.people import HINDI_FIRM, logins
from icportal.dispatch.models import CopyRequest, DeliverTo
from icportal.esanchit.models import DailyCorrection, DailyTable
from icportal.members.models import Member, RegistrationStatus
from icportal.notifications.models import Email

pytestmark = pytest.mark.django_db


def test_demo_data_loads_once_covers_every_state_and_seeds_the_sandbox(
    settings, tmp_path, dev_pki_server, pki
):
    settings.VAR_DIR = tmp_path
    # The session's PKI and its server: the demo's ICs are signed B-LT against it, and its ICs
    # across time (demo/across_time.py) set its clock and revoke through its admin endpoints.
    (tmp_path / "keys").symlink_to(dev_pki_server.directory)
    call_command("demo_data")
    call_command("demo_data")  # a second run changes nothing
    assert Member.objects.count() == 9
    registration_states = set(Member.objects.values_list("icegate_registration__status", flat=True))
    assert registration_states == set(RegistrationStatus.values)
    assert set(Application.objects.values_list("status", flat=True)) >= {
        AppStatus.DRAFT,
        AppStatus.SUBMITTED,
        AppStatus.QUERY,
        AppStatus.ISSUED,
    }
    assert set(ImportCertificate.objects.values_list("status", flat=True)) == set(CertStatus.values)
    assert set(Complaint.objects.values_list("status", flat=True)) >= {
        ComplaintStatus.OPEN,
        ComplaintStatus.WITH_MEMBER,
        ComplaintStatus.RESOLVED,
    }
    # Issue 15 §1: a day with a first and a supplementary table, and a correction mail.
    assert set(DailyTable.objects.values_list("kind", flat=True)) >= {"first", "supplementary"}
    assert DailyCorrection.objects.filter(status="queued", what="cancelled").exists()

    # Issue 15 §6: paper ICs in each dispatch state, copies to each destination, an urgent flag.
    paper = CopyRequest.objects.filter(kind="physical_ic")
    assert set(paper.values_list("status", flat=True)) >= {
        "approved",
        "printed",
        "dispatched",
        "acknowledged",
    }
    assert set(CopyRequest.objects.values_list("deliver_to", flat=True)) == set(DeliverTo.values)
    assert Application.objects.filter(urgent=True, status=AppStatus.SUBMITTED).exists()

    # Customs heard of a cancelled IC (signed letter + mail); another waits to be sent by hand;
    # a complaint went to the customs house of its port (issue 15 §2, §3).
    assert set(Notice.objects.values_list("status", flat=True)) == {
        NoticeStatus.SENT,
        NoticeStatus.BY_HAND,
    }
    assert all(n.letter for n in Notice.objects.filter(status=NoticeStatus.SENT))
    assert Complaint.objects.filter(escalated_to="customs", escalation_email__isnull=False).exists()

    _hindi_member_has_something_everywhere()

    seed = tmp_path / "sandbox-seed.json"
    data = json.loads(seed.read_text())
    offices = [r for r in data["registrations"] if r["role"] == "PGA"]
    assert {r["icegate_id"] for r in offices} >= {
        "CLEINDIA1984",
        "CLEDELHI1984",
        "CLEJALANDHAR1984",
    }
    assert all("BEGIN CERTIFICATE" in r["certificate_pem"] for r in offices)
    call_command("sandbox_seed", "--from", str(seed))
    call_command("sandbox_seed", "--from", str(seed))


def _hindi_member_has_something_everywhere():
    """Issue 18: the Agra unit's user reads Hindi; `make run` lists the login; the firm has an
    application in each state, a query to answer, a copy asked for, a complaint, and its "IC
    uploaded" mail composed in Hindi with the identifiers as they are."""
    user = User.objects.get(email=HINDI_FIRM.email)
    assert user.language == "hi"
    assert ("Member (Hindi)", user.email) in [(role, email) for role, email, _ in logins()]
    member = user.member
    assert set(Application.objects.filter(member=member).values_list("status", flat=True)) == {
        AppStatus.DRAFT,
        AppStatus.SUBMITTED,
        AppStatus.QUERY,
        AppStatus.ISSUED,
    }
    certificate = ImportCertificate.objects.get(member=member)
    assert CopyRequest.objects.filter(certificate=certificate).exists()
    assert Complaint.objects.filter(certificate=certificate).exists()
    mail = Email.objects.get(template="ic_uploaded", to=user.email)
    with translation.override("hi"):
        subject = translation.gettext("IC {ic_number} on e-SANCHIT: IRN {irn}, DRN {drn}")
    assert mail.subject == subject.format(
        ic_number=certificate.number, irn=hindi.IRN, drn=hindi.DRN
    )
    for identifier in (certificate.number, hindi.IRN, hindi.DRN, "CLEAGRA1984"):
        assert identifier in mail.body_text
