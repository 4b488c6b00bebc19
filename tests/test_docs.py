"""The user docs keep up with the code: every setting documented, no path outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from verify.config import Config

ROOT = Path(__file__).resolve().parent.parent
USER_DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])


def config_keys() -> list[str]:
    return [name for name in vars(Config) if name.isupper()]


def documented_settings(text: str) -> set[str]:
    """The keys of docs/settings.md's table: rows that start with | `KEY` |."""
    return set(re.findall(r"^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|", text, flags=re.MULTILINE))


@pytest.mark.parametrize("key", config_keys())
def test_every_setting_is_in_docs_settings(key: str) -> None:
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert key in documented_settings(text), f"docs/settings.md has no row for {key}"


def test_docs_settings_names_no_setting_that_does_not_exist() -> None:
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert documented_settings(text) <= set(config_keys())


def test_the_settings_check_reads_table_rows_only() -> None:
    text = "| `PAGE_SIZE` | 50 | rows |\nSee `SECRET_KEY` in prose.\n"
    assert documented_settings(text) == {"PAGE_SIZE"}


def outside_paths(doc: Path, text: str) -> list[str]:
    """Relative paths in `text` ("../x/y") that lead out of the repository from `doc`'s folder,
    and absolute paths into a home or work folder."""
    relative = re.findall(r"(?:\.\./)+[\w./-]*", text)
    escaping = [p for p in relative if not (doc.parent / p).resolve().is_relative_to(ROOT)]
    return escaping + re.findall(r"/(?:work|root|home|tmp)/[\w./-]+", text)


@pytest.mark.parametrize("path", USER_DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_user_docs_name_no_path_outside_the_repository(path: Path) -> None:
    assert outside_paths(path, path.read_text(encoding="utf-8")) == []


def test_the_path_check_tells_a_link_inside_from_one_outside() -> None:
    text = "[cards](../verify/data/README.md), data in ../../shared/eval/ and /tmp/x.png"
    assert outside_paths(ROOT / "docs" / "api.md", text) == ["../../shared/eval/", "/tmp/x.png"]
    assert outside_paths(ROOT / "README.md", "see ../shared/eval/") == ["../shared/eval/"]
