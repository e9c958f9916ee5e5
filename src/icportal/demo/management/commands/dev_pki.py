"""`icportal dev_pki`: serve the development PKI (OCSP, CRL, TSA) from var/keys at DEV_PKI_URL.

The same server as `python -m dev_pki serve`, with its address, directory and admin key taken
from the settings. Development only: `make run` starts it before the demo data.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand

from dev_pki.server import make_server
from icportal.demo import people as demo


class Command(BaseCommand):
    help = "Serve the development PKI (OCSP, CRL, timestamps) from var/keys at DEV_PKI_URL."
    requires_system_checks = []  # `make run` starts it before `migrate`

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", dest="directory", type=Path, default=None, help="default: var/keys"
        )
        parser.add_argument("--tsa-user", default=settings.TSA_USERNAME)
        parser.add_argument("--tsa-password", default=settings.TSA_PASSWORD)

    def handle(self, *args, directory=None, tsa_user="", tsa_password="", **options):
        url = urlsplit(settings.DEV_PKI_URL)
        server = make_server(
            directory or demo.keys_dir(),
            url.hostname or "127.0.0.1",
            url.port or 80,
            base_url=settings.DEV_PKI_URL,
            admin_key=settings.DEV_PKI_ADMIN_KEY,
            tsa_user=tsa_user,
            tsa_password=tsa_password,
        )
        self.stdout.write(
            f"Development PKI at {server.pki().base_url} ({directory or demo.keys_dir()})"
        )
        try:
            server.serve_forever(poll_interval=0.5)
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
