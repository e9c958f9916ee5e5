"""Every finding of the diagnosis, produced from real records (ICEGATE faked here; see
test_icegate_http.py for the real sandbox over HTTP)."""

import pytest

from icportal.certificates import services as ic_services
from icportal.complaints import diagnosis as dg
from tests.certificates import factories as f
from tests.complaints import factories as c
from tests.dispatch import factories as d

pytestmark = pytest.mark.django_db


@pytest.fixture
def ic(monkeypatch):
    c.fake_icegate(monkeypatch)
    user, officer, certificate = d.issued()
    c.uploaded(certificate)
    return user, officer, certificate


def test_all_matches_means_the_customs_side(ic):
    user, _, certificate = ic
    complaint = c.filed(user, certificate)
    assert c.codes(complaint) == [dg.ALL_MATCH]
    assert "problem is on the customs side" in complaint.findings[0]["sentence"]
    assert complaint.icegate_check == "ok"


def test_drn_quoted_differs(ic):
    user, _, certificate = ic
    complaint = c.filed(user, certificate, drn="DRN2026CHN999999")
    (finding,) = complaint.findings
    assert finding["code"] == dg.DRN_DIFFERS
    assert "differs from the DRN issued for this IC (DRN2026CHN000001)" in finding["sentence"]


def test_irn_quoted_differs(ic):
    user, _, certificate = ic
    assert c.codes(c.filed(user, certificate, irn="IRN0000")) == [dg.IRN_DIFFERS]


def test_uploader_id_names_the_right_one(ic):
    user, _, certificate = ic
    complaint = c.filed(user, certificate, uploader_icegate_id="CLEDELHI1984")
    assert c.codes(complaint) == [dg.UPLOADER_ID_WRONG]
    assert "uploader ICEGATE ID to quote is CLEINDIA1984" in complaint.findings[0]["sentence"]


def test_iec_is_not_the_beneficiary(ic):
    user, _, certificate = ic
    complaint = c.filed(user, certificate, iec="AAACZ9999Q")
    assert dg.IEC_NOT_BENEFICIARY in c.codes(complaint)
    assert "is not the IC's beneficiary" in complaint.findings[0]["sentence"]


def test_ic_replaced_means_the_new_irn(ic):
    user, officer, certificate = ic
    new = ic_services.certificate_replace(
        by=officer,
        certificate=certificate,
        header=f.header(),
        items=[f.item_row("900.00")],
        reason="Invoice corrected",
    )
    certificate.refresh_from_db()
    complaint = c.filed(user, certificate)
    assert dg.IC_REPLACED in c.codes(complaint)
    sentence = next(x["sentence"] for x in complaint.findings if x["code"] == dg.IC_REPLACED)
    assert f"replaced by {new.number}" in sentence and "must carry the new IC's IRN" in sentence


def test_ic_not_uploaded_yet(monkeypatch):
    c.fake_icegate(monkeypatch, "REJECTED", ["IRN_NOT_FOUND"])
    user, _, certificate = d.issued()
    complaint = c.filed(user, certificate)
    assert c.codes(complaint)[:1] == [dg.IC_NOT_UPLOADED]
    assert "not uploaded to e-SANCHIT yet" in complaint.findings[0]["sentence"]


def test_icegate_has_no_document_with_this_irn(ic, monkeypatch):
    c.fake_icegate(monkeypatch, "REJECTED", ["IRN_NOT_FOUND"])
    user, _, certificate = ic
    complaint = c.filed(user, certificate)
    assert c.codes(complaint) == [dg.ICEGATE_NO_DOCUMENT]
    assert complaint.findings[0]["sentence"] == f"ICEGATE has no document with IRN {c.IRN}."


def test_icegate_unreachable_is_said_and_rerun_later(ic, monkeypatch):
    from icportal.complaints import services
    from icportal.esanchit.gateway import GatewayUnavailable

    def down(payload):
        raise GatewayUnavailable("ICEGATE did not answer in time.", code="TIMEOUT")

    monkeypatch.setattr(dg, "icegate_boe_check", down)
    user, _, certificate = ic
    complaint = c.filed(user, certificate)
    assert (
        c.codes(complaint) == [dg.ICEGATE_UNAVAILABLE] and complaint.icegate_check == "unavailable"
    )
    c.fake_icegate(monkeypatch)
    complaint = services.complaint_diagnose(by=user, complaint=complaint)
    assert c.codes(complaint) == [dg.ALL_MATCH]


def test_physical_ic_has_no_irn():
    user, _, certificate = d.urgent_physical()
    complaint = c.filed(user, certificate)
    assert c.codes(complaint)[0] == dg.IC_PHYSICAL and complaint.icegate_check == "not_run"
