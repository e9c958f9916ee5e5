"""`.env.example` lists every setting read from the environment, so an operator sees them all.

A setting added to src/icportal/config/settings/*.py with env.str("NAME", …) (or env.int, env.bool,
env.list, env.json, env.db_url, env.cache_url, env.path, …) without a line in .env.example fails
here, with its name.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "src" / "icportal" / "config" / "settings"
READ = re.compile(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
LISTED = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.M)


def test_every_environment_variable_the_settings_read_is_in_env_example():
    read = {name for path in SETTINGS.glob("*.py") for name in READ.findall(path.read_text())}
    listed = set(LISTED.findall((ROOT / ".env.example").read_text()))
    assert len(read) > 40  # the pattern still finds the settings
    assert read - listed == set(), "add these to .env.example"
    assert listed - read == set(), "these are in .env.example but no setting reads them"
