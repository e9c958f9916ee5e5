"""The house's import rules (architecture.md, "How the work flows: one way, each stage pulls").

Read from the source with `ast`, so a newcomer who breaks a rule learns it from `make test`, with the
file, the line and the rule:

1. No model is looked up by name from the app registry (`django.apps.apps.get_model`) outside
   migrations: that hides a dependency from the reader and from the import graph.
2. No module imports another icportal app inside a function: that hides a hand-off or dodges a loop.
3. The foundation (common, audit, offices, accounts, notifications, web) imports no domain app.
4. Domain apps import only apps below them: each stage pulls from the one below, nothing reaches up.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "icportal"

FOUNDATION = ("common", "audit", "offices", "accounts", "notifications", "web")
ASSEMBLY = ("config",)  # settings and the URL map: puts every app together, imports any of them
# Lowest first: an app may import the foundation and the apps to its left, nothing to its right.
DOMAIN = (
    "members",
    "entitlements",
    "certificates",
    "documents",
    "esanchit",
    "customs",
    "dispatch",
    "complaints",
    "reports",
    "workbench",
    "operations",
    "demo",
)


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return []


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "icportal" else None


def breaches(source: str, app: str, where: str) -> list[str]:
    """Every rule a module of `app` breaks, as 'where:line: what'."""
    tree = ast.parse(source)
    found = []
    registry_names = set()  # names bound to django.apps.apps in this module
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.apps":
            registry_names |= {a.asname or a.name for a in node.names if a.name == "apps"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            if node.func.attr == "get_model" and (
                (isinstance(receiver, ast.Name) and receiver.id in registry_names)
                or ast.unparse(receiver) == "django.apps.apps"
            ):
                found.append(f"{where}:{node.lineno}: looks a model up by name (apps.get_model)")
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                for module in _imported(inner):
                    target = _app(module)
                    if target and target != app:
                        found.append(f"{where}:{inner.lineno}: imports {module} inside a function")
        for module in _imported(node):
            target = _app(module)
            if target is None or target == app or target not in DOMAIN:
                continue
            if app in FOUNDATION:
                found.append(f"{where}:{node.lineno}: {app} knows no domain, imports {module}")
            elif app in DOMAIN and DOMAIN.index(target) > DOMAIN.index(app):
                found.append(f"{where}:{node.lineno}: {app} reaches up to {module}")
    return sorted(set(found))


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC)
        if "migrations" in relative.parts or len(relative.parts) < 2:
            continue
        yield relative.parts[0], path


def test_every_app_is_placed_in_the_house():
    apps = {path.parent.name for path in SRC.glob("*/__init__.py")}
    assert apps == set(FOUNDATION) | set(DOMAIN) | set(ASSEMBLY)


@pytest.mark.parametrize("app", sorted(set(FOUNDATION) | set(DOMAIN)))
def test_imports_point_down(app):
    found = []
    for owner, path in _modules():
        if owner == app:
            found += breaches(path.read_text(), app, str(path.relative_to(SRC.parent)))
    assert found == []


@pytest.mark.parametrize(
    ("app", "source", "rule"),
    [
        (
            "notifications",
            "from icportal.members.models import Member\n",
            "knows no domain",
        ),
        ("certificates", "from icportal.documents import services\n", "reaches up"),
        (
            "esanchit",
            "def f():\n    from icportal.certificates import models\n",
            "inside a function",
        ),
        (
            "complaints",
            "from django.apps import apps\napps.get_model('esanchit', 'Upload')\n",
            "by name",
        ),
        ("web", "import icportal.reports.search\n", "knows no domain"),
    ],
)
def test_the_checker_sees_each_kind_of_breach(app, source, rule):
    found = breaches(source, app, "x.py")
    assert len(found) == 1 and rule in found[0]


def test_the_checker_allows_what_the_rules_allow():
    allowed = (
        "from icportal.common.money import rupees\n"
        "from icportal.certificates.models import ImportCertificate\n"
        "from .models import Upload\n"
        "def f(apps, schema_editor):\n    apps.get_model('esanchit', 'Upload')\n"
    )
    assert breaches(allowed, "esanchit", "x.py") == []


def test_icegate_is_reached_over_http_only():
    """The ICEGATE stand-in and icportal never import each other (config only mounts its URLs)."""
    found = []
    for app, path in _modules():
        if app in ASSEMBLY:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if any(m.split(".")[0] == "icegate_sandbox" for m in _imported(node)):
                found.append(f"{path.relative_to(SRC.parent)}:{node.lineno}")
    for path in sorted((SRC.parent / "icegate_sandbox").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if any(m.split(".")[0] == "icportal" for m in _imported(node)):
                found.append(f"{path.relative_to(SRC.parent)}:{node.lineno}")
    assert found == []


def test_the_development_pki_stays_development_tooling():
    """dev_pki (src/dev_pki) is imported only by the development keys, the demo and management
    commands; it imports nothing of icportal or Django (it runs without either)."""
    allowed = ("documents/devkeys.py", "demo/")
    found = []
    for _app_name, path in _modules():
        relative = path.relative_to(SRC).as_posix()
        if relative.startswith(allowed) or "/management/commands/" in relative:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if any(m.split(".")[0] == "dev_pki" for m in _imported(node)):
                found.append(f"{path.relative_to(SRC.parent)}:{node.lineno}")
    for path in sorted((SRC.parent / "dev_pki").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if any(m.split(".")[0] in ("icportal", "django") for m in _imported(node)):
                found.append(f"{path.relative_to(SRC.parent)}:{node.lineno}")
    assert found == []
