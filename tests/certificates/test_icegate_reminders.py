"""ICEGATE registration reminders: at most once a week, only with work in progress."""

import datetime as dt

import pytest

from icportal.certificates import services as certificate_services
from icportal.certificates import tasks
from icportal.certificates.services import reminders as reminder_service
from icportal.common import worker
from icportal.notifications.models import Email
from tests import factories
from tests.certificates import factories as f

pytestmark = pytest.mark.django_db


def reminders():
    return Email.objects.filter(template="icegate_reminder")


@pytest.fixture
def unregistered(clock):
    clock.set(dt.datetime(2026, 12, 1, 10, 0))  # a Tuesday
    member = factories.MemberFactory()
    user = factories.member_user(member=member)
    certificate_services.application_create(by=user, member=member, epc=None)
    return member


def test_a_member_not_on_icegate_with_a_draft_is_reminded_once_a_week(unregistered, clock):
    assert reminder_service.icegate_reminders_send_due() == 1
    [mail] = reminders()
    assert mail.member == unregistered and "/members/mine/icegate/" in mail.body_text
    assert "1 Import Certificate application(s) in progress" in mail.body_text
    assert reminder_service.icegate_reminders_send_due() == 0
    clock.set(dt.datetime(2026, 12, 7, 9, 0))  # Monday of the next ISO week, 6 days later
    assert reminder_service.icegate_reminders_send_due() == 0
    clock.set(dt.datetime(2026, 12, 8, 10, 1))
    assert reminder_service.icegate_reminders_send_due() == 1
    assert reminders().count() == 2


def test_verified_members_and_members_without_applications_get_nothing(clock):
    clock.set(dt.datetime(2026, 12, 1, 10, 0))
    f.ready()  # verified, with an approved EPC but no application
    factories.MemberFactory()
    verified = f.verified(factories.MemberFactory())
    user = factories.member_user(member=verified)
    certificate_services.application_create(by=user, member=verified, epc=None)
    assert reminder_service.icegate_reminders_send_due() == 0


def test_the_worker_sends_the_reminder_under_the_certificates_task(unregistered, monkeypatch):
    monkeypatch.setattr(tasks, "_last_run", float("-inf"))  # a fresh worker process
    assert worker.autodiscover()["certificates.icegate_reminders"].run("worker-a") == 1
    [mail] = reminders()
    assert mail.member == unregistered
    assert mail.subject == "Register on ICEGATE to receive your Import Certificates"
    assert worker.autodiscover()["certificates.icegate_reminders"].run("worker-a") == 0
