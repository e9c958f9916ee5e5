"""`check --deploy` says when signing has no timestamp service or no trust anchors."""

from __future__ import annotations

from django.core.checks import run_checks

from tests.production_settings import production_settings


def deploy_errors(tag="signing"):
    return {e.id: e.msg for e in run_checks(include_deployment_checks=True, tags=[tag])}


def test_a_missing_tsa_and_missing_trust_anchors_are_named(settings, tmp_path):
    settings.TSA_URL = ""
    settings.SIGNING_TRUST_ANCHORS = [str(tmp_path / "ca-root.pem")]

    errors = deploy_errors()

    assert "TSA_URL is not set" in errors["icportal.E101"]
    assert str(tmp_path / "ca-root.pem") in errors["icportal.E102"]


def test_no_anchors_at_all_is_named_too(settings):
    settings.SIGNING_TRUST_ANCHORS = []

    assert "is empty" in deploy_errors()["icportal.E102"]


def test_the_development_pki_satisfies_the_check():
    assert deploy_errors() == {}


def test_production_has_no_development_tsa_or_trust_anchors(monkeypatch):
    for name in ("TSA_URL", "SIGNING_TRUST_ANCHORS", "DEV_PKI_ADMIN_KEY"):  # the test PKI's
        monkeypatch.delenv(name, raising=False)
    values = production_settings("TSA_URL", "SIGNING_TRUST_ANCHORS", "DEV_PKI_ADMIN_KEY")
    configured = production_settings(
        "TSA_URL",
        "SIGNING_TRUST_ANCHORS",
        TSA_URL="https://tsa.example-ca.in/tsa",
        SIGNING_TRUST_ANCHORS="/etc/icportal/trust/a.pem,/etc/icportal/trust/b.pem",
    )

    assert values == {"TSA_URL": "", "SIGNING_TRUST_ANCHORS": [], "DEV_PKI_ADMIN_KEY": ""}
    assert configured == {
        "TSA_URL": "https://tsa.example-ca.in/tsa",
        "SIGNING_TRUST_ANCHORS": ["/etc/icportal/trust/a.pem", "/etc/icportal/trust/b.pem"],
    }
