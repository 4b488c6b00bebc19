"""House rules that code review alone would let slip."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "verify"
# The web layer; every other module of the package is domain code that must not import Flask.
WEB_LAYER = {
    "__init__.py",
    "db.py",
    "garbage.py",
    "background.py",
    "headers.py",
    "serving.py",
    "access.py",
    "public",
    "cli",
    "review",
    "api",
}


def _domain_modules() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] not in WEB_LAYER
    )


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", _domain_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_domain_module_does_not_import_flask(path: Path) -> None:
    flask = {name for name in _imported(path) if name.split(".")[0] == "flask"}
    assert not flask, f"{path.relative_to(PACKAGE.parent)} imports {sorted(flask)}"


def test_the_domain_layer_includes_the_modules_the_house_style_names() -> None:
    names = {str(p.relative_to(PACKAGE)) for p in _domain_modules()}
    for module in ("models.py", "embedding.py", "grouping/index.py", "services/statements.py"):
        assert module in names


def test_the_flask_check_notices_a_flask_import(tmp_path: Path) -> None:
    module = tmp_path / "sneaky.py"
    module.write_text("from flask import current_app\nimport json\n")
    assert "flask" in _imported(module)


def test_no_catch_all_helper_modules() -> None:
    names = {p.stem for p in PACKAGE.rglob("*.py")}
    assert not names & {"utils", "helpers", "misc", "common"}
