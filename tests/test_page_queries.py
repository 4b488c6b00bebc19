"""The groups list costs the same few queries however many statements the desk holds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import big_desk
from conftest import TEST_CONFIG
from flask import Flask
from sqlalchemy import event

from verify import create_app
from verify.embedding import SentenceTransformerEmbedder
from verify.review.groups import COLUMN_CARDS


def _queries_of_the_groups_list(app: Flask) -> tuple[int, str]:
    executed: list[str] = []

    def count(*args: object) -> None:
        executed.append(str(args[2]))

    engine = app.extensions["verify.engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        page = app.test_client().get("/").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(executed), page


def _desk(
    tmp_path: Path, template: Path, embedder: SentenceTransformerEmbedder, statements: int
) -> Flask:
    path = tmp_path / f"desk-{statements}.sqlite"
    shutil.copy(template, path)
    big_desk.fill(f"sqlite:///{path}", statements=statements)
    return create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{path}"}, embedder=embedder)


def test_the_groups_list_runs_as_many_queries_at_200_as_at_2000_statements(
    tmp_path: Path, migrated_template: Path, embedder: SentenceTransformerEmbedder
) -> None:
    small, _ = _queries_of_the_groups_list(_desk(tmp_path, migrated_template, embedder, 200))
    large, page = _queries_of_the_groups_list(_desk(tmp_path, migrated_template, embedder, 2_000))
    assert small == large <= 12
    cells = re.findall(r'<td class="speakers">(.*?)</td>', page)
    assert cells and all(cell.split(" and ")[0].count(",") <= 7 for cell in cells)
    assert any(re.search(r" and \d+ more$", cell) for cell in cells)  # the first 8 are named


def test_a_large_group_page_shows_a_page_of_cards_per_column_and_all_on_request(
    tmp_path: Path, migrated_template: Path, embedder: SentenceTransformerEmbedder
) -> None:
    client = _desk(tmp_path, migrated_template, embedder, 2_000).test_client()
    page = client.get("/groups/2").get_data(as_text=True)  # the largest group: 400 members
    cards = page.count('<article class="card')
    assert 0 < cards <= COLUMN_CARDS * 4 * 3  # columns x claims
    assert "show every statement" in page
    full = client.get("/groups/2?all=1").get_data(as_text=True)
    assert full.count('<article class="card') == 400
    assert "show every statement" not in full
