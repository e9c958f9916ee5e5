"""`icportal signing_identity CHN --pkcs12 FILE --certificate PEM --secret-env NAME`: an office's key.

The operator's way to register where an office's signing key is (docs/deployment.md, "Signing
keys"): a PKCS#12 file, or a PKCS#11 token (a Class 3 DSC on a USB token). The passphrase or PIN
is never stored: the identity names the environment variable that holds it, which the web and
worker processes must have (the env file of the systemd units).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from icportal.documents import services, signing
from icportal.offices.models import Office


class Command(BaseCommand):
    help = "Register the signing key (PKCS#12 file or PKCS#11 token) of an office."

    def add_arguments(self, parser):
        parser.add_argument("office", help="office code, e.g. CHN")
        parser.add_argument("--certificate", required=True, help="the signing certificate (PEM)")
        parser.add_argument(
            "--secret-env", required=True, help="environment variable holding the passphrase/PIN"
        )
        parser.add_argument("--pkcs12", help="a .p12 file readable by the icportal user")
        parser.add_argument("--pkcs11-module", help="e.g. /usr/lib/libeTPkcs11.so")
        parser.add_argument("--token-label")
        parser.add_argument("--key-label")

    def handle(self, *args, office, certificate, secret_env, pkcs12, **options):
        office_row = Office.objects.filter(code=office.upper()).first()
        if office_row is None:
            raise CommandError(f"No office with the code {office}")
        try:
            pem = Path(certificate).read_text(encoding="ascii")
            signing.certificate_info(pem)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read the certificate {certificate}: {exc}") from exc
        if secret_env not in os.environ:
            self.stderr.write(
                f"Note: {secret_env} is not set here; the web and worker processes need it."
            )
        module = options["pkcs11_module"]
        if bool(pkcs12) == bool(module):
            raise CommandError("Give either --pkcs12 FILE or --pkcs11-module (with the labels)")
        if pkcs12:
            path = Path(pkcs12).resolve()
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            identity = services.identity_register_pkcs12(
                office=office_row, p12_path=path, secret_env=secret_env, certificate_pem=pem
            )
        else:
            if not (options["token_label"] and options["key_label"]):
                raise CommandError("A PKCS#11 token needs --token-label and --key-label")
            identity = services.identity_register_pkcs11(
                office=office_row,
                module=module,
                token_label=options["token_label"],
                key_label=options["key_label"],
                secret_env=secret_env,
                certificate_pem=pem,
            )
        self.stdout.write(f"{office_row.code} signs with: {identity.subject}")
