from django.core.management.base import BaseCommand

from icportal.demo import across_time
from icportal.demo import people as demo
from icportal.documents.devkeys import ensure_office_keys
from icportal.offices.models import Office


class Command(BaseCommand):
    help = (
        "Load the demo data once (firms, offices' users, ICEGATE states) and the dev signing keys."
    )

    def add_arguments(self, parser):
        parser.add_argument("--logins", action="store_true", help="Only print the demo logins.")

    def say(self, line: str) -> None:
        """A progress line, out at once (a pipe would otherwise hold it until the end)."""
        self.stdout.write(line)
        self.stdout.flush()

    def handle(self, *args, logins=False, **options):
        if logins:
            self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
            for role, email, what in demo.logins():
                self.stdout.write(f"  {role:<18} {email:<38} {what}")
            return
        offices = list(Office.objects.filter(is_active=True).values_list("code", "name"))
        self.say("Development signing keys for each office…")
        keys = ensure_office_keys(demo.keys_dir(), offices)
        created = demo.load(progress=self.say)
        certificates = {k.office_code: k.cert_pem_path.read_text() for k in keys}
        seed = demo.sandbox_seed_file(demo.keys_dir().parent / "sandbox-seed.json", certificates)
        if created:  # after load()'s commit: its ICs are signed by now
            for line in across_time.build():
                self.stdout.write(f"Verification across time: {line}")
        self.stdout.write(
            ("Demo data loaded." if created else "Demo data already present.")
            + f" Development keys in {demo.keys_dir()}; sandbox seed file {seed}."
        )
