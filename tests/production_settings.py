"""Read values of the production settings module in a child process, with a production-like
environment (they cannot be imported into the test process, whose settings are already loaded)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

SCRIPT = """
import json, sys
from icportal.config.settings import production as p
print(json.dumps({name: getattr(p, name) for name in sys.argv[1:]}))
"""


def production_settings(*names: str, **environment: str) -> dict:
    with tempfile.TemporaryDirectory() as var:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "ICEGATE_", "API_", "ICPORTAL_"))
        }
        env.update(
            DJANGO_SECRET_KEY="x" * 50,
            DJANGO_ALLOWED_HOSTS="icportal.example",
            DATABASE_URL="postgres://icportal@localhost/icportal",
            ICPORTAL_VAR_DIR=var,
            **environment,
        )
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, *names],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])
