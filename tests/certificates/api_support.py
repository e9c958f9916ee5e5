"""Drive the IC API as a client would: token auth, JSON bodies, multipart uploads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from icportal.accounts.services import api_token_create
from icportal.common.dates import ist_today
from icportal.entitlements.models import EligibleItem
from tests import factories
from tests.certificates import factories as f

API = "/api/v1"


def client_for(user) -> APIClient:
    _, key = api_token_create(user=user, name="Customs broker software")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def upload(name="doc.pdf", content=f.PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def item_json(value="1000.00", name="Buckles", **overrides) -> dict:
    item = EligibleItem.objects.get(segment_group__code="OTHERS", name=name)
    row = {
        "eligible_item": item.pk,
        "description": f"{name} for shoes",
        "hs_code": "83089011",
        "quantity": "100.000",
        "unit": "PCS",
        "value_inr": value,
    }
    row.update(overrides)
    return row


def header_json(**overrides) -> dict:
    data = {
        "invoice_no": "INV-2026-0042",
        "invoice_date": (ist_today() - dt.timedelta(days=3)).isoformat(),
        "supplier_name": "Guangzhou Metal Trims Co",
        "supplier_address": "Baiyun District, Guangzhou",
        "country_of_origin": "CN",
        "port_code": "INMAA1",
        "channel": "ices",
    }
    data.update(overrides)
    return data


class Firm:
    """A verified member firm with a member user and an officer of its office, all with tokens."""

    def __init__(self, office="CHN", fob=Decimal("1000000"), epc=True, verified=True):
        member = factories.MemberFactory(office=factories.office(office))
        self.member = f.verified(member) if verified else member
        self.user = factories.member_user(member=self.member)
        self.officer = factories.staff_user(office)
        self.api = client_for(self.user)
        self.staff_api = client_for(self.officer)
        self.epc = f.approved_epc(self.member, self.officer, fob=fob) if epc else None

    def draft(self, values=("1000.00",), attach=True, **header) -> dict:
        body = self.api.post(f"{API}/ic-applications/", {"epc": self.epc.pk}, format="json")
        assert body.status_code == 201, body.json()
        app = body.json()
        response = self.api.put(
            f"{API}/ic-applications/{app['slug']}/",
            {
                **header_json(**header),
                "items": [item_json(v) for v in values],
                "version": app["version"],
            },
            format="json",
        )
        assert response.status_code == 200, response.json()
        if attach:
            for kind in ("invoice", "draft_boe"):
                self.attach(app["slug"], kind)
        return self.api.get(f"{API}/ic-applications/{app['slug']}/").json()

    def attach(self, slug, kind="invoice", file=None):
        response = self.api.post(
            f"{API}/ic-applications/{slug}/attachments/",
            {"kind": kind, "file": file or upload(f"{kind}.pdf")},
            format="multipart",
        )
        assert response.status_code == 201, response.json()
        return response.json()

    def submitted(self, values=("1000.00",), **header) -> dict:
        app = self.draft(values, **header)
        response = self.api.post(f"{API}/ic-applications/{app['slug']}/submit/", {}, format="json")
        assert response.status_code == 200, response.json()
        return response.json()

    def issued(self, values=("1000.00",), **header) -> dict:
        app = self.submitted(values, **header)
        response = self.staff_api.post(
            f"{API}/ic-applications/{app['slug']}/issue/", {}, format="json"
        )
        assert response.status_code == 201, response.json()
        return response.json()

    def account_id(self) -> int:
        return self.api.get(f"{API}/entitlements/").json()["results"][0]["id"]


def error_fields(response) -> dict:
    body = response.json()
    assert response.status_code == 400, body
    assert body["error"]["code"] == "invalid", body
    return body["error"]["fields"]
