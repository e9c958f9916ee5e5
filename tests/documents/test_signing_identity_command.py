"""The operator registers an office's signing key with `icportal signing_identity`."""

import pytest
from django.core.management import CommandError, call_command

from icportal.documents.models import Backend, SigningIdentity
from tests.documents.conftest import SECRET_ENV

pytestmark = pytest.mark.django_db


def test_the_office_signs_with_the_registered_pkcs12_key(keys_dir, passphrase_env, capsys):
    call_command(
        "signing_identity",
        "chn",
        f"--pkcs12={keys_dir / 'office-CHN.p12'}",
        f"--certificate={keys_dir / 'office-CHN.pem'}",
        f"--secret-env={SECRET_ENV}",
    )
    identity = SigningIdentity.objects.get(office__code="CHN", is_active=True)
    assert identity.backend == Backend.PKCS12
    assert identity.secret_env == SECRET_ENV
    assert "CHN signs with: " in capsys.readouterr().out


@pytest.mark.parametrize(
    "args, message",
    [
        (["XXX"], "No office with the code XXX"),
        (["CHN"], "Give either --pkcs12"),
        (["CHN", "--pkcs12=/nonexistent.p12"], "No such file"),
    ],
)
def test_mistakes_are_named(keys_dir, args, message):
    with pytest.raises(CommandError, match=message):
        call_command(
            "signing_identity",
            *args,
            f"--certificate={keys_dir / 'office-CHN.pem'}",
            "--secret-env=SOME_PIN",
        )
    assert not SigningIdentity.objects.exists()
