"""The office's review of an assessed Bill of Entry is in the audit trail, with or without an
adjustment of the entitlement, and the member's application page says so."""

import pytest

from icportal.audit.models import AuditEvent, Verb
from tests.certificates.test_views_staff import url
from tests.certificates.test_views_staff_actions import _reported, case  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_review_is_recorded_with_and_without_an_adjustment(client, case):  # noqa: F811
    _member, user, officer, epc, _ = case
    above = _reported(user, officer, epc, "1250.00")
    same = _reported(user, officer, epc, "1000.00")
    client.post(url("boe_review", pk=above.pk), {"post_adjustment": "on"})
    client.post(url("boe_review", pk=same.pk))
    adjusted = AuditEvent.objects.get(verb=Verb.BOE_ADJUSTED)
    reviewed = AuditEvent.objects.get(verb=Verb.BOE_REVIEWED)
    assert (adjusted.actor, adjusted.target_id) == (officer, str(above.certificate.pk))
    assert (reviewed.actor, reviewed.target_id) == (officer, str(same.certificate.pk))
    assert reviewed.payload == {"boe_no": same.boe_no, "difference": "0.00"}
    client.force_login(user)
    page = client.get(url("application", same.certificate.application)).content.decode()
    assert f"reviewed assessed Bill of Entry {same.boe_no}: no adjustment" in page
