"""Completeness is a test (issue 18): every app's Hindi catalog is whole, checked by gettext's own
`msgfmt --check`, and what `makemessages` would write from today's code — a string changed in a
template without `make messages` fails here, naming the app."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import messages  # noqa: E402  (scripts/messages.py: the options `make messages` uses)

APPS = ROOT / "src" / "icportal"
# Folders that are packages of the project but show nothing to a person.
NOT_APPS = {"config", "demo", "__pycache__"}
USER_FACING = sorted(
    p.name
    for p in APPS.iterdir()
    if p.is_dir()
    and p.name not in NOT_APPS
    and any((p / name).exists() for name in ("templates", "forms.py", "views.py", "views"))
)
CATALOGS = {po.parts[-5]: po for po in messages.catalogs() if po.parts[-3] == "hi"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w*)\}")
HEADER_DATES = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$', re.M)


def test_every_app_people_see_has_a_hindi_catalog():
    missing = [app for app in USER_FACING if app not in CATALOGS]
    assert not missing, f"no locale/hi/LC_MESSAGES/django.po in: {missing} (make messages)"


@pytest.mark.parametrize("app", sorted(CATALOGS))
def test_catalog_is_whole(app):
    po = polib.pofile(str(CATALOGS[app]))
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
    assert not untranslated, f"{app}: {len(untranslated)} without Hindi, e.g. {untranslated[:5]}"
    for entry in po.translated_entries():
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        forms = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
        for text in forms:
            got = sorted(PLACEHOLDER.findall(text))
            assert got == wanted, f"{app}: placeholders differ in {entry.msgid!r}: {text!r}"


@pytest.mark.parametrize("app", sorted(CATALOGS))
def test_msgfmt_accepts_the_catalog(app):
    done = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(CATALOGS[app])],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("app", sorted(CATALOGS))
def test_catalog_is_what_makemessages_writes(app, tmp_path):
    copy = tmp_path / app
    shutil.copytree(APPS / app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    messages.makemessages(copy)
    ours = CATALOGS[app].read_text()
    fresh = (copy / "locale" / "hi" / "LC_MESSAGES" / "django.po").read_text()
    assert HEADER_DATES.sub("", fresh) == HEADER_DATES.sub("", ours), (
        f"{app}'s catalog is out of date with the code: run `make messages` and translate what "
        "it adds"
    )
