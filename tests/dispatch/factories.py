"""Certificates ready for copies, and copy requests at each stage, through the real services."""

from __future__ import annotations

import datetime as dt

from icportal.certificates import services as ic_services
from icportal.dispatch import services
from tests import factories
from tests.certificates import factories as f


def issued(**header):
    """(member user, officer, an electronic IC of CHN)."""
    _member, user, officer, epc = f.ready()
    certificate = ic_services.certificate_issue(
        by=officer, application=f.submitted_application(user, epc, **header)
    )
    return user, officer, certificate


def urgent_physical():
    member = factories.MemberFactory()  # not on ICEGATE
    user = factories.member_user(member=member)
    officer, second = factories.staff_user("CHN"), factories.staff_user("CHN")
    app = f.submitted_application(user, f.approved_epc(member, officer))
    request = ic_services.urgent_request(by=officer, application=app, reason="Goods at port")
    return user, officer, ic_services.urgent_approve(by=second, request=request)


def requested(user, certificate, reason="customs_problem", text=""):
    return services.copy_request_create(
        by=user, certificate=certificate, reason=reason, reason_text=text
    )


def courier(**overrides):
    data = {
        "method": "courier",
        "courier_name": "Blue Dart",
        "docket_no": "BD123456789",
        "dispatch_date": dt.date.today(),
    }
    data.update(overrides)
    return data


def printed(user, officer, certificate):
    request = requested(user, certificate)
    services.copy_request_approve(by=officer, request=request)
    services.copy_print(by=officer, request=request)
    request.refresh_from_db()
    return request
