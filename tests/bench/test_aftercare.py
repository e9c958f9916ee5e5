"""The generator's rows after issue (urgent requests, dispatch register, complaints) are what the
services would have written: the real services and selectors carry on from them."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest
from bench.generate import generate
from django.db.models import Max, Min
from django.utils import timezone

from icportal.accounts.models import User
from icportal.audit.models import AuditEvent
from icportal.certificates.models import ImportCertificate, UrgentRequest
from icportal.complaints import diagnosis
from icportal.complaints import services as complaints
from icportal.complaints.models import Complaint, Note
from icportal.complaints.validation import quoted_clean
from icportal.dispatch import services as dispatch
from icportal.dispatch.models import CopyRequest, PhysicalCopy
from icportal.notifications.models import Email
from icportal.workbench.selectors import queue_cards
from tests.complaints.factories import fake_icegate, quoted

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary():
    return generate(members=30, ics=500, years=3, seed=17, log=lambda *_: None)


def _staff(office_id) -> User:
    return User.objects.filter(role="staff", office_id=office_id).order_by("pk").first()


def _member_user(member_id) -> User:
    return User.objects.filter(member_id=member_id).order_by("pk").first()


def _sample(model, n=60):
    rows = list(model.objects.order_by("pk"))
    return rows[:: max(1, len(rows) // n)]


def test_rows_are_valid_and_their_dates_in_order(summary):
    for model in (CopyRequest, PhysicalCopy, Complaint, Note, UrgentRequest):
        sample = _sample(model)
        assert sample, model
        for row in sample:
            row.full_clean()
    now = timezone.now()
    statuses = Counter()
    for r in CopyRequest.objects.select_related("certificate", "copy"):
        statuses[(r.kind, r.status)] += 1
        moments = [r.created_at, r.decided_at, getattr(getattr(r, "copy", None), "printed_at", None),
                   r.dispatched_at, r.acknowledged_at]  # fmt: skip
        reached = [m for m in moments if m is not None]
        assert reached == sorted(reached) and reached[-1] <= now, r.reference
        assert r.created_at >= r.certificate.issued_at and r.updated_at == reached[-1]
        assert (r.decided_at is not None) == (r.status != "requested")
        assert bool(r.decline_reason) == (r.status == "declined")
        assert (r.dispatched_at is not None) == (r.status in ("dispatched", "acknowledged"))
        if r.method == "courier":
            sent_on = timezone.localtime(r.dispatched_at).date()
            assert r.courier_name and r.docket_no and r.dispatch_date <= sent_on
        elif r.method == "hand":
            assert r.receiver_name and r.receiver_id and r.dispatch_date
        if r.kind == "physical_ic":
            assert r.certificate.delivery_mode != "electronic" and r.requested_by == r.decided_by
    assert {s for _, s in statuses} >= {"requested", "approved", "printed", "dispatched"}
    path = ["approved", "printed", "dispatched", "acknowledged"]
    verbs = Counter(
        AuditEvent.objects.filter(target_type="dispatch.copyrequest").values_list("target_id")
    )
    for r in CopyRequest.objects.all():
        steps = 1 if r.status == "declined" else path.index(r.status) + 1 if r.status in path else 0
        assert verbs[(str(r.pk),)] == steps + (r.kind == "copy"), r.reference
    sent = CopyRequest.objects.filter(status__in=["dispatched", "acknowledged"]).count()
    assert Email.objects.filter(template="copy_dispatched").count() == sent
    declined = CopyRequest.objects.filter(status="declined").count()
    assert Email.objects.filter(template="copy_declined").count() == declined
    assert statuses[("physical_ic", "acknowledged")] > statuses[("physical_ic", "dispatched")]
    for c in Complaint.objects.all():
        data = {name: getattr(c, name) for name in complaints.QUOTED_FIELDS}
        assert quoted_clean(data) == data
        assert (c.status == "resolved") == bool(c.cause and c.resolution and c.resolved_at)
        assert (c.escalated_at is not None) == (c.escalation_email_id is not None)
        assert c.created_at <= c.updated_at <= now and c.diagnosed_at >= c.created_at
        notes = list(c.notes.all())
        assert (c.status == "open") <= (c.assigned_to_id is None and c.escalated_at is None)
        assert (c.status == "in_progress") <= (c.assigned_to_id is not None and not c.escalated_at)
        assert (c.status == "escalated") <= (c.escalated_at is not None)
        assert (c.status == "with_member") == (bool(notes) and notes[-1].asks_reply)
    found = set(Complaint.objects.values_list("status", flat=True))
    assert found == {"open", "in_progress", "escalated", "with_member", "resolved"}
    assert Note.objects.filter(from_member=True).exists()


def test_urgent_ics_carry_their_approved_request(summary):
    urgent = ImportCertificate.objects.filter(delivery_mode="urgent_physical")
    assert urgent.exists()
    for ic in urgent.select_related("application"):
        (request,) = UrgentRequest.objects.filter(application=ic.application)
        assert request.status == "approved" and request.reason == ic.urgent_reason
        assert request.requested_by_id == ic.issued_by_id != request.decided_by_id
        assert request.decided_by_id == ic.second_approver_id
        assert ic.application.submitted_at <= request.requested_at < request.decided_at
        assert request.decided_at == ic.issued_at
        # urgent_approve issues in the requester's name: the application and the debit say so
        assert ic.application.decided_by_id == request.requested_by_id
        assert ic.ledger_entries.get(kind="debit").created_by_id == request.requested_by_id
    verbs = AuditEvent.objects.filter(verb="ic.urgent_requested").count()
    assert verbs == UrgentRequest.objects.count() == urgent.count()


def test_register_copy_numbers_and_the_paper_ics_waiting_card(summary):
    for certificate_id, numbers in _copy_numbers().items():
        assert numbers == list(range(1, len(numbers) + 1)), certificate_id
    in_force = ImportCertificate.objects.filter(status="issued").exclude(delivery_mode="electronic")
    firsts = dict(
        CopyRequest.objects.values("certificate_id")
        .annotate(first=Min("created_at"))
        .values_list("certificate_id", "first")
    )
    recent = timezone.now() - dt.timedelta(days=2)
    for ic in in_force:
        assert ic.copy_requested_at == firsts.get(ic.pk), ic.number
        if ic.copy_requested_at is None:
            assert ic.issued_at > recent, ic.number
    assert not ImportCertificate.objects.filter(
        delivery_mode="electronic", copy_requested_at__isnull=False
    ).exclude(pk__in=firsts)
    waiting = Counter(in_force.filter(copy_requested_at=None).values_list("office_id", flat=True))
    assert sum(waiting.values()) == summary.aftercare["waiting"]
    for office_id in set(in_force.values_list("office_id", flat=True)):
        cards = {card.queue.key: card for card in queue_cards(user=_staff(office_id))}
        assert cards["paper_ics"].count == waiting[office_id]


def test_paper_ics_the_office_has_not_got_to_are_the_workbench_card(monkeypatch):
    """With the office days behind (two paper ICs in three entered 60 days after issue), the card
    counts exactly the paper ICs in force the generator left out of the register."""
    from itertools import cycle

    from bench.scale import aftercare

    lags = cycle([60 * aftercare.DAY, 60 * aftercare.DAY, 1800])
    monkeypatch.setattr(aftercare.Register, "_open_lag", lambda self: next(lags))
    summary = generate(members=12, ics=600, years=2, seed=3, log=lambda *_: None)
    left = ImportCertificate.objects.filter(status="issued", copy_requested_at=None).exclude(
        delivery_mode="electronic"
    )
    assert left.count() == summary.aftercare["waiting"] >= 3
    assert not left.filter(copy_requests__isnull=False).exists()
    assert left.filter(issued_at__lt=timezone.now() - dt.timedelta(days=60)).count() == 0
    for office_id, n in Counter(left.values_list("office_id", flat=True)).items():
        cards = {card.queue.key: card for card in queue_cards(user=_staff(office_id))}
        assert cards["paper_ics"].count == n
        assert (
            cards["paper_ics"].oldest
            == left.filter(office_id=office_id).earliest("issued_at").issued_at
        )


def _copy_numbers() -> dict[int, list[int]]:
    numbers = defaultdict(list)
    for copy in PhysicalCopy.objects.order_by("printed_at", "pk"):
        numbers[copy.certificate_id].append(copy.copy_number)
    return numbers


def test_the_dispatch_services_carry_on_from_generated_requests(summary):
    approved = CopyRequest.objects.filter(status="approved").select_related("certificate").first()
    officer = _staff(approved.office_id)
    before = approved.certificate.physical_copies.aggregate(n=Max("copy_number"))["n"] or 0
    copy = dispatch.copy_print(by=officer, request=approved)
    assert copy.copy_number == before + 1
    today = timezone.localdate()
    data = {
        "method": "courier",
        "courier_name": "DTDC",
        "docket_no": "D1234",
        "dispatch_date": today,
    }
    sent = dispatch.copy_dispatch(by=officer, request=approved, data=data)
    assert Email.objects.filter(
        template="copy_dispatched", subject__contains=sent.certificate.number
    )
    member = _member_user(approved.member_id)
    assert dispatch.copy_acknowledge(by=member, request=sent).status == "acknowledged"
    requested = CopyRequest.objects.filter(status="requested").first()
    dispatch.copy_request_decline(by=_staff(requested.office_id), request=requested, reason="No")
    # A paper IC in force whose register entry is closed: the member may ask for another copy.
    busy = CopyRequest.objects.filter(status__in=["requested", "approved", "printed"])
    closed = (
        CopyRequest.objects.filter(kind="physical_ic", status="acknowledged")
        .filter(certificate__status="issued")
        .exclude(certificate_id__in=busy.values("certificate_id"))
        .first()
    )
    again = dispatch.copy_request_create(
        by=_member_user(closed.member_id), certificate=closed.certificate, reason="other",
        reason_text="Lost in transit",
    )  # fmt: skip
    dispatch.copy_request_approve(by=_staff(again.office_id), request=again)
    last = max(_copy_numbers()[closed.certificate_id])
    assert dispatch.copy_print(by=_staff(again.office_id), request=again).copy_number == last + 1


def test_the_complaint_services_carry_on_from_generated_complaints(summary, monkeypatch):
    for waiting in Complaint.objects.filter(status="with_member"):
        member = _member_user(waiting.member_id)
        complaints.complaint_member_write(by=member, complaint=waiting, text="Copy sent today")
        waiting.refresh_from_db()
        expected = (
            "escalated"
            if waiting.escalated_at
            else "in_progress"
            if waiting.assigned_to_id
            else "open"
        )
        assert waiting.status == expected
    opened = Complaint.objects.filter(status="open").first()
    officer = _staff(opened.office_id)
    complaints.complaint_assign(by=officer, complaint=opened)
    # The ICEGATE helpdesk by choice: the seeded customs houses' addresses are still to confirm.
    complaints.complaint_escalate(by=officer, complaint=opened, side="icegate")
    complaints.complaint_resolve(
        by=officer, complaint=opened, cause="icegate_fault", resolution="x"
    )
    # A complaint filed now gets the next reference of its office and year (the counter is saved).
    fake_icegate(monkeypatch)
    latest = Complaint.objects.order_by("-created_at").first()
    certificate = latest.certificate
    fresh = complaints.complaint_file(
        by=_member_user(certificate.member_id),
        certificate=certificate,
        data=quoted(certificate, irn=latest.irn, drn=latest.drn),
    )
    prefix = fresh.reference[:-6]
    numbers = Complaint.objects.filter(reference__startswith=prefix).values_list(
        "reference", flat=True
    )
    assert int(fresh.reference[-6:]) == len(numbers) == max(int(n[-6:]) for n in numbers)


def test_findings_are_the_diagnosis_of_what_was_quoted(summary):
    def unreachable(payload):
        raise LookupError("not connected")

    for c in Complaint.objects.select_related("certificate__office", "certificate__member"):
        again = diagnosis.diagnose(
            quoted={k: getattr(c, k) for k in complaints.QUOTED_FIELDS},
            certificate=c.certificate,
            boe_check=unreachable,
        )
        ours = [f["code"] for f in c.findings if not f["code"].startswith(("ICEGATE", "ALL"))]
        assert ours == [f.code for f in again.findings if f.code != "ICEGATE_NOT_CONNECTED"]
        assert c.icegate_check in ("ok", "rejected", "unavailable")
        assert ("ALL_MATCH" in [f["code"] for f in c.findings]) == (
            not ours and c.icegate_check == "ok"
        )
        verbs = Counter(
            AuditEvent.objects.filter(
                target_type="complaints.complaint", target_id=str(c.pk)
            ).values_list("verb", flat=True)
        )
        notes = c.notes.all()
        assert verbs["complaint.filed"] == 1
        assert verbs["complaint.asked"] == sum(n.asks_reply for n in notes)
        assert verbs["complaint.member_wrote"] == sum(n.from_member for n in notes)
        assert verbs["complaint.resolved"] == (c.status == "resolved")
