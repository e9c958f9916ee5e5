"""Production never logs in to ICEGATE with the public demo password: an office without its own
password fails `icportal check` (and `check --deploy`), and its upload is refused."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from icportal.esanchit import gateway
from tests.production_settings import production_settings

pytestmark = pytest.mark.django_db

CIRCULAR = ["CLEINDIA1984", "CLEDELHI1984", "CLEKOLKATA1984", "CLEMUMBAI1984"]
ALSO = ["CLEKANPUR1984", "CLEAGRA1984", "CLEJALANDHAR1984"]


@pytest.fixture
def production_like(settings):
    settings.ICEGATE_MODE = "gateway"
    settings.ICEGATE_DEMO_CREDENTIALS = False
    settings.ICEGATE_CREDENTIALS = {i: "secret-password" for i in CIRCULAR}
    return settings


@pytest.mark.parametrize("deploy", [False, True])
def test_check_fails_listing_the_offices_without_a_password(production_like, deploy):
    with pytest.raises(SystemCheckError) as caught:
        call_command("check", deploy=deploy)
    message = str(caught.value)
    assert "icportal.E001" in message and "No ICEGATE password for 3 office(s)" in message
    for code, icegate_id in (("AGR", "CLEAGRA1984"), ("JAL", "CLEJALANDHAR1984")):
        assert f"{code} ({icegate_id})" in message
    assert "CLEINDIA1984" not in message
    assert "ICEGATE_CREDENTIALS" in message and "ICEGATE_MODE=manual" in message


def test_check_passes_with_every_office_or_in_manual_mode(production_like):
    production_like.ICEGATE_CREDENTIALS = {i.lower(): "pw" for i in CIRCULAR + ALSO}
    call_command("check", tag=["icegate"])
    production_like.ICEGATE_CREDENTIALS = {}
    production_like.ICEGATE_MODE = "manual"
    call_command("check", tag=["icegate"])


def test_an_office_without_a_password_is_refused_not_given_the_demo_one(production_like):
    with pytest.raises(gateway.GatewayRefused) as caught:
        gateway._password("CLEAGRA1984")
    assert caught.value.code == "NO_CREDENTIALS"
    assert gateway._password("CLEDELHI1984") == "secret-password"


def test_development_and_tests_keep_the_demo_password(settings):
    assert settings.ICEGATE_DEMO_CREDENTIALS is True
    assert (
        gateway._password("CLEAGRA1984") == settings.ICEGATE_DEMO_PASSWORD == "Demo-Leather-2026!"
    )


def test_production_settings_never_fall_back_to_the_demo_password():
    # DJANGO_DEBUG left at its default (on in base), no credentials: still no fallback.
    assert production_settings("ICEGATE_DEMO_CREDENTIALS", "DEBUG") == {
        "ICEGATE_DEMO_CREDENTIALS": False,
        "DEBUG": False,
    }
