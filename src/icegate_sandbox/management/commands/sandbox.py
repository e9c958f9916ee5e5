"""`icportal sandbox --port 8100`: serve only the ICEGATE sandbox (same /sandbox/icegate/ paths)."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

STANDALONE_URLCONF = "icegate_sandbox.standalone_urls"


class Command(BaseCommand):
    help = "Serve only the ICEGATE sandbox, e.g. on port 8100, at /sandbox/icegate/."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8100)
        parser.add_argument("--noreload", action="store_true", help="Do not restart on changes.")

    def handle(self, *args, host, port, noreload, **options):
        # The reloader re-runs this same command in its child process, so the child switches too.
        settings.ROOT_URLCONF = STANDALONE_URLCONF
        self.stdout.write(f"ICEGATE sandbox at http://{host}:{port}/sandbox/icegate/")
        call_command("runserver", f"{host}:{port}", use_reloader=not noreload)
