"""Customs hears of a cancelled or replaced IC exactly once: a signed letter and a mail, or a task
for the office to send it by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from icportal.audit.models import AuditEvent
from icportal.customs import services
from icportal.customs.models import CustomsHouse, Notice, NoticeStatus
from icportal.notifications.models import Email
from tests import factories
from tests.complaints.factories import uploaded
from tests.customs.conftest import (
    DRN,
    IRN,
    NEW_DRN,
    NEW_IRN,
    cancel,
    confirm,
    replace,
    uploaded_ic,
)
from tests.dispatch.factories import issued
from tests.documents.conftest import validate_against

pytestmark = pytest.mark.django_db


def _run():
    services.notices_find()
    return services.notices_send_due(owner="test")


def _history(certificate):
    return list(
        AuditEvent.objects.filter(
            target_type="certificates.importcertificate", target_id=str(certificate.pk)
        ).values_list("verb", flat=True)
    )


def test_a_cancelled_uploaded_ic_sends_customs_one_signed_letter(ic, identity, dev_ca_pem):
    _user, officer, certificate = ic
    house = confirm()
    cancel(officer, certificate)
    assert _run() == 1
    notice = Notice.objects.get(certificate=certificate)
    assert notice.status == NoticeStatus.SENT and notice.customs_house == house
    mail = notice.email
    assert mail.to == "nodal.chennai@customs.gov.test"
    assert certificate.number in mail.subject and IRN in mail.subject
    for value in (
        IRN,
        DRN,
        certificate.office.icegate_id,
        certificate.member.iec,
        certificate.member.legal_name,
        "INV-2026-0042",
        "was cancelled",
        "Goods not shipped by the supplier",
        "/customs/letters/",
    ):
        assert value in mail.body_text, value
    with notice.letter.open("rb") as fh:
        pdf = fh.read()
    status = validate_against(pdf, dev_ca_pem)
    assert status.intact and status.valid  # signed with the office's own identity
    assert "customs.notice_sent" in _history(certificate)
    # Exactly once: another pass (another worker) writes and mails nothing more.
    assert _run() == 0
    assert (
        Notice.objects.count() == 1 and Email.objects.filter(template="customs_notice").count() == 1
    )


def test_a_replaced_ic_waits_for_the_new_irn_and_gives_both(ic, identity, settings):
    _user, officer, certificate = ic
    confirm()
    new = replace(officer, certificate)
    assert _run() == 0  # waiting for the replacing IC's IRN/DRN
    notice = Notice.objects.get(certificate=certificate, event="replaced")
    assert notice.status == NoticeStatus.WAITING and notice.next_attempt_at > timezone.now()
    uploaded(new, irn=NEW_IRN, drn=NEW_DRN)
    Notice.objects.filter(pk=notice.pk).update(next_attempt_at=None)  # the worker's next look
    assert _run() == 1
    notice.refresh_from_db()
    body = notice.email.body_text
    assert f"replaced by IC {new.number}" in body
    assert NEW_IRN in body and NEW_DRN in body and IRN in body
    assert (notice.replacement_irn, notice.replacement_drn) == (NEW_IRN, NEW_DRN)


def test_replacement_not_uploaded_after_the_wait_goes_without_it(ic, identity):
    _user, officer, certificate = ic
    confirm()
    replace(officer, certificate)
    services.notices_find()
    Notice.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    assert services.notices_send_due(owner="test") == 1
    assert "not yet uploaded" in Notice.objects.get().email.body_text


def test_no_customs_house_on_file_is_a_task_for_the_office(ic, identity):
    _user, officer, certificate = ic  # the seeded Chennai house is still "to be confirmed"
    cancel(officer, certificate)
    assert _run() == 0
    notice = Notice.objects.get()
    assert notice.status == NoticeStatus.BY_HAND
    assert "still to be confirmed" in notice.last_error
    assert not Email.objects.filter(template="customs_notice").exists()
    assert "customs.notice_by_hand" in _history(certificate)
    _user2, officer2, other = uploaded_ic(
        "IRN2026CHN000009", "DRN2026CHN000009", port_code="INPPG6"
    )  # a port not in the directory
    cancel(officer2, other)
    services.notices_find()
    assert "no customs house for port INPPG6" in Notice.objects.get(certificate=other).last_error
    with pytest.raises(ValidationError, match="Say how"):
        services.notice_mark_sent_by_hand(by=officer, notice=notice, how=" ")
    notice = services.notice_mark_sent_by_hand(
        by=officer, notice=notice, how="By speed post to the Assistant Commissioner"
    )
    assert notice.status == NoticeStatus.SENT_BY_HAND and notice.sent_by == officer
    assert "customs.notice_hand_sent" in _history(certificate)
    with pytest.raises(ValidationError):
        services.notice_mark_sent_by_hand(by=officer, notice=notice, how="again")


def test_a_house_confirmed_later_lets_the_office_send_it_now(ic, identity):
    _user, officer, certificate = ic
    cancel(officer, certificate)
    services.notices_find()
    notice = Notice.objects.get()
    with pytest.raises(ValidationError, match="Send it by hand"):
        services.notice_send_again(by=officer, notice=notice)
    confirm()
    services.notice_send_again(by=officer, notice=notice)
    assert services.notices_send_due(owner="test") == 1
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENT


def test_staff_send_again_is_a_new_mail_and_other_offices_cannot(ic, identity):
    _user, officer, certificate = ic
    confirm()
    cancel(officer, certificate)
    _run()
    notice = Notice.objects.get()
    first = notice.email
    with pytest.raises(PermissionDenied):
        services.notice_send_again(by=factories.staff_user("DEL"), notice=notice)
    notice = services.notice_send_again(by=officer, notice=notice)
    assert notice.email != first and notice.email.body_text == first.body_text
    assert Email.objects.filter(template="customs_notice").count() == 2
    assert "customs.notice_resent" in _history(certificate)


def test_a_letter_that_cannot_be_signed_waits_visibly_and_retries(ic):
    _user, officer, certificate = ic  # no signing identity registered for the office
    confirm()
    cancel(officer, certificate)
    assert _run() == 1
    notice = Notice.objects.get()
    assert notice.status == NoticeStatus.FAILED
    assert "no active signing identity" in notice.last_error and notice.next_attempt_at
    assert not Email.objects.filter(template="customs_notice").exists()
    assert services.notices_send_due(owner="test") == 0  # not before its next attempt
    Notice.objects.update(next_attempt_at=None, attempts=8)  # its tries used up
    assert services.notices_send_due(owner="test") == 0  # waits for staff, visibly


def test_not_uploaded_or_old_cancellations_are_not_noticed(db, identity):
    _user, officer, certificate = issued()  # never uploaded: customs has nothing to forget
    confirm()
    cancel(officer, certificate)
    assert _run() == 0 and not Notice.objects.exists()
    _user, officer, old = uploaded_ic("IRN2026CHN000008", "DRN2026CHN000008")
    cancel(officer, old)
    Notice.objects.all().delete()
    old.__class__.objects.filter(pk=old.pk).update(
        cancelled_at=timezone.now() - dt.timedelta(days=400)
    )
    assert _run() == 0 and not Notice.objects.exists()  # before the look-back: not re-told


def test_directory_writes_are_head_office_only_and_audited(db, staff, head_office):
    with pytest.raises(PermissionDenied):
        services.customs_house_create(by=staff, port_code="INPPG6", name="ICD Patparganj")
    with pytest.raises(ValidationError) as exc:
        services.customs_house_create(by=head_office, port_code="PPG", name="ICD Patparganj")
    assert "port_code" in exc.value.message_dict
    with pytest.raises(ValidationError, match="already in the directory"):
        services.customs_house_create(by=head_office, port_code="inmaa1", name="Chennai")
    house = services.customs_house_create(
        by=head_office, port_code=" inppg6 ", name="ICD Patparganj", officer_email="ppg@x.test"
    )
    assert house.port_code == "INPPG6"
    house = services.customs_house_update(by=head_office, house=house, to_be_confirmed=True)
    verbs = list(
        AuditEvent.objects.filter(target_type="customs.customshouse").values_list("verb", flat=True)
    )
    assert sorted(verbs) == ["customs.house_created", "customs.house_updated"]


def test_seeded_directory_has_the_main_leather_ports(db):
    codes = set(CustomsHouse.objects.values_list("port_code", flat=True))
    assert {"INMAA1", "INMAA4", "INNSA1", "INBOM4", "INDEL4", "INTKD6", "INCCU1", "INCCU4"} <= codes
    assert all(CustomsHouse.objects.values_list("to_be_confirmed", flat=True))
