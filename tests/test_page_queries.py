"""The groups list costs the same few queries however many statements the desk holds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import big_desk
from conftest import TEST_CONFIG
from flask import Flask
from sqlalchemy import event, func, select

from verify import create_app, db
from verify.embedding import SentenceTransformerEmbedder
from verify.models import ClaimGroup, Membership
from verify.review.groups import COLUMN_CARDS


def _queries_of(app: Flask, url: str) -> tuple[int, str]:
    """How many SQL statements one GET of `url` runs, and the page it answers."""
    executed: list[str] = []

    def count(*args: object) -> None:
        executed.append(str(args[2]))

    engine = app.extensions["verify.engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = app.test_client().get(url)
        assert response.status_code == 200, url
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(executed), response.get_data(as_text=True)


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
    small, _ = _queries_of(_desk(tmp_path, migrated_template, embedder, 200), "/")
    large, page = _queries_of(_desk(tmp_path, migrated_template, embedder, 2_000), "/")
    assert small == large <= 12
    cells = re.findall(r'<td class="speakers">(.*?)</td>', page)
    assert cells and all(cell.split(" and ")[0].count(",") <= 7 for cell in cells)
    assert any(re.search(r" and \d+ more$", cell) for cell in cells)  # the first 8 are named


def test_a_group_page_and_its_json_run_as_many_queries_at_200_as_at_2000_statements(
    tmp_path: Path, migrated_template: Path, embedder: SentenceTransformerEmbedder
) -> None:
    small = _desk(tmp_path, migrated_template, embedder, 200)
    large = _desk(tmp_path, migrated_template, embedder, 2_000)
    for url in ("/groups/2", "/api/groups/2", "/api/groups?limit=50"):
        assert _queries_of(small, url)[0] == _queries_of(large, url)[0] <= 12, url


def test_a_large_group_page_pages_its_cards_per_column_and_every_account_is_on_a_page(
    tmp_path: Path, migrated_template: Path, embedder: SentenceTransformerEmbedder
) -> None:
    client = _desk(tmp_path, migrated_template, embedder, 2_000).test_client()
    seen: list[str] = []
    offset = 0
    while True:  # the largest group: 400 members over three claims and four columns
        page = client.get(f"/groups/2?from={offset}").get_data(as_text=True)
        cards = re.findall(r'<article class="card[^"]*" id="statement-(\d+)"', page)
        assert 0 < len(cards) <= COLUMN_CARDS * 4 * 3  # columns x claims
        seen += cards
        if f"from={offset + COLUMN_CARDS}" not in page:
            break
        assert "of " in page and "next" in page
        offset += COLUMN_CARDS
    assert len(seen) == len(set(seen)) == 400
    counts = client.get("/api/groups/2").get_json()["side_counts"]
    assert sum(counts.values()) == 400


def test_stored_group_sizes_follow_every_membership_change(demo_app: Flask) -> None:
    """The database's triggers keep `claim_group.size` equal to the members counted."""
    client = demo_app.test_client()
    group = client.get("/api/groups").get_json()["items"][0]
    detail = client.get(f"/api/groups/{group['id']}").get_json()
    statement = detail["members"][0]["statement_id"]
    moved = client.post(f"/api/statements/{statement}/move", json={"group_id": None})
    assert moved.status_code in (200, 201), moved.get_json()
    gone = client.delete(f"/api/statements/{detail['members'][-1]['statement_id']}", json={})
    assert gone.status_code == 204
    with demo_app.app_context():
        session = db.get_session()
        stored = dict(session.execute(select(ClaimGroup.id, ClaimGroup.size)).all())
        counted = dict(
            session.execute(
                select(Membership.group_id, func.count()).group_by(Membership.group_id)
            ).all()
        )
    assert {key: value for key, value in stored.items() if value} == counted
