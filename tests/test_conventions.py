"""House rules that code review alone would let slip."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "verify"
DOMAIN = [
    "models.py",
    "vocabulary.py",
    "inputs.py",
    "importing.py",
    "embedding.py",
    "grouping.py",
    "grouping_eval.py",
    "metrics.py",
    "placement.py",
    "demo.py",
    "services",
]


def _modules(name: str) -> list[Path]:
    path = PACKAGE / name
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "path", [p for name in DOMAIN for p in _modules(name)], ids=lambda p: p.name
)
def test_domain_module_does_not_import_flask(path: Path) -> None:
    flask = {name for name in _imported(path) if name.split(".")[0] == "flask"}
    assert not flask, f"{path.relative_to(PACKAGE.parent)} imports {sorted(flask)}"


def test_the_flask_check_notices_a_flask_import(tmp_path: Path) -> None:
    module = tmp_path / "sneaky.py"
    module.write_text("from flask import current_app\nimport json\n")
    assert "flask" in _imported(module)


def test_no_catch_all_helper_modules() -> None:
    names = {p.stem for p in PACKAGE.rglob("*.py")}
    assert not names & {"utils", "helpers", "misc", "common"}
