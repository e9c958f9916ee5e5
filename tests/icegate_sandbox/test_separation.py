"""icegate_sandbox imports nothing from icportal: it talks to icportal over HTTP only."""

import ast
from pathlib import Path

import icegate_sandbox

SANDBOX = Path(icegate_sandbox.__file__).resolve().parent


def _imported_modules(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield arg.value


def test_no_python_file_in_the_sandbox_imports_icportal():
    files = sorted(SANDBOX.rglob("*.py"))
    assert len(files) > 20
    offenders = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for module in _imported_modules(tree):
            if module == "icportal" or module.startswith("icportal."):
                offenders.append(f"{path.relative_to(SANDBOX)}: {module}")
    assert offenders == []


def test_no_string_reference_to_icportal_modules():
    """Dotted paths in strings (urlconfs, settings) would be an import by another name."""
    for path in SANDBOX.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not node.value.startswith("icportal."), f"{path}: {node.value}"
