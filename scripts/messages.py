"""Translation catalogs (issue 18): `make messages` rewrites every app's Hindi catalog from the code;
`make setup` compiles them (with polib: no gettext tools needed to run the app).

    python scripts/messages.py update [APP …]  # makemessages in each app (or these) with a locale/
    python scripts/messages.py compile   # .po -> .mo where the .mo is missing or older
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
APPS = ROOT / "src" / "icportal"
LANGUAGES = ["hi"]
# The options every catalog is written with: file names without line numbers, so moving code does
# not change a catalog, and no obsolete entries, so a catalog holds exactly what the code says.
MAKEMESSAGES = ["--add-location", "file", "--no-obsolete", "--no-wrap", "-i", "migrations/*"]


def catalogs() -> list[Path]:
    return sorted(APPS.glob("*/locale/*/LC_MESSAGES/django.po"))


def app_dirs() -> list[Path]:
    return sorted(p.parent for p in APPS.glob("*/locale"))


def makemessages(app_dir: Path) -> None:
    languages = [arg for code in LANGUAGES for arg in ("-l", code)]
    subprocess.run(  # noqa: S603 (our own interpreter and fixed arguments)
        # -P: the app's folder is not put on sys.path, so its selectors.py (or any module named
        # like one of the standard library's) does not hide the standard library's.
        [
            sys.executable,
            "-P",
            "-m",
            "icportal",
            "makemessages",
            *languages,
            *MAKEMESSAGES,
            "-v",
            "0",
        ],
        cwd=app_dir,
        check=True,
    )


def compile_all(force: bool = False) -> int:
    made = 0
    for po_path in catalogs():
        mo_path = po_path.with_suffix(".mo")
        if force or not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            made += 1
    return made


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "compile"
    if command == "update":
        chosen = set(argv[2:])
        for app_dir in app_dirs():
            if not chosen or app_dir.name in chosen:
                makemessages(app_dir)
        compile_all(force=True)
    elif command == "compile":
        made = compile_all()
        if made:
            print(f"Compiled {made} translation catalog(s).")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
