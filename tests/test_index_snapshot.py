"""The SQLite group index written beside the database: read back by a fresh process while it is
current, rebuilt when the database moved on; changes made in-process update it in place."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from flask import Flask
from placement_fixture import EMBEDDER, events, place_one_by_one
from sqlalchemy import select, update

from verify import create_app, db
from verify.grouping import snapshot
from verify.grouping.index import GroupIndex, GroupingParams
from verify.models import GroupingState, Membership
from verify.services.placement import INDEXES, IndexRegistry, build_index

PARAMS = GroupingParams(threshold=0.5, anchor_weight=0.2, source_bonus=0.1)


@pytest.fixture
def path(tmp_path: Path, migrated_template: Path) -> Path:
    database = tmp_path / "verify.sqlite"
    database.write_bytes(migrated_template.read_bytes())
    return database


def _app(path: Path, save_every: int = 1) -> Flask:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "DATABASE_URL": f"sqlite:///{path}",
        "GROUPING_INDEX_SAVE_EVERY": save_every,
    }
    return create_app(config, embedder=EMBEDDER)


@pytest.fixture
def placed(path: Path) -> Iterator[Flask]:
    """A desk whose statements were placed (the index written after each) and committed."""
    app = _app(path)
    with app.app_context():
        session = db.get_session()
        place_one_by_one(session, events(topics=12))
        session.commit()
    yield app
    app.extensions["verify.engine"].dispose()


def _scores(index: object) -> list[dict[int, float]]:
    queries = [said.vector for said in events(topics=12, seed=11)[:15]]
    assert isinstance(index, GroupIndex)
    return [index.scores(query, frozenset({"Kaville"})) for query in queries]


def test_snapshot_round_trip_keeps_every_score(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    index = GroupIndex(16, PARAMS)
    vectors = rng.normal(size=(60, 16)).astype(np.float32)
    for i, vector in enumerate(vectors):
        index.add(i % 9, vector / np.linalg.norm(vector), frozenset({f"a{i % 4}"}), f"s{i % 3}")
    index.drop(4)
    index.remove(5, vectors[5] / np.linalg.norm(vectors[5]), frozenset({"a1"}), "s2")
    assert snapshot.save(index, tmp_path / "t1", {"model": "m", "token": "t1"})
    assert not snapshot.save(index, tmp_path / "t1", {"model": "m", "token": "t1"})  # there
    loaded = snapshot.load(tmp_path / "t1", PARAMS)
    assert (len(loaded), loaded.members) == (len(index), index.members)
    for query in rng.normal(size=(10, 16)).astype(np.float32):
        for marks in (frozenset(), frozenset({"a2", "a3"})):
            assert loaded.scores(query, marks, "s1") == index.scores(query, marks, "s1")


def test_a_fresh_process_loads_the_current_index_instead_of_rebuilding(placed: Flask) -> None:
    with placed.app_context():
        session = db.get_session()
        fresh = IndexRegistry()  # what a newly started process has
        index = fresh.current(session, EMBEDDER.name, EMBEDDER.dimensions)
        assert (fresh.builds, fresh.loads) == (0, 1)
        rebuilt = build_index(session, EMBEDDER.name, EMBEDDER.dimensions)
        assert _scores(index) == _scores(rebuilt)


def test_a_stale_index_is_rebuilt_and_written_for_the_next_process(placed: Flask) -> None:
    with placed.app_context():
        session = db.get_session()
        # Another process changed memberships without writing its index.
        session.execute(update(GroupingState).values(token="0" * 32))
        session.commit()
        fresh = IndexRegistry()
        fresh.current(session, EMBEDDER.name, EMBEDDER.dimensions)
        assert (fresh.builds, fresh.loads) == (1, 0)
        session.commit()
        after = IndexRegistry()
        after.current(session, EMBEDDER.name, EMBEDDER.dimensions)
        assert (after.builds, after.loads) == (0, 1)


def test_placing_one_by_one_in_one_session_builds_the_index_once(path: Path) -> None:
    app = _app(path, save_every=0)
    with app.app_context():
        session = db.get_session()
        builds = INDEXES.builds
        place_one_by_one(session, events(topics=4))
        session.commit()
        place_one_by_one(session, events(topics=4, seed=9))
        assert INDEXES.builds == builds + 1


def test_nothing_is_written_when_saving_is_off(path: Path) -> None:
    app = _app(path, save_every=0)
    with app.app_context():
        session = db.get_session()
        place_one_by_one(session, events(topics=3))
        session.commit()
    assert not path.with_name(f"{path.name}.groups-index").exists()


def test_a_move_updates_this_process_index_in_place(placed: Flask) -> None:
    with placed.app_context():
        session = db.get_session()
        index = INDEXES.current(session, EMBEDDER.name, EMBEDDER.dimensions)
        builds = INDEXES.builds
        memberships = session.scalars(select(Membership).order_by(Membership.statement_id)).all()
        membership = memberships[0]
        source = membership.group_id
        target = next(m.group_id for m in memberships if m.group_id != source)
        membership.group_id = target
        session.flush()
        INDEXES.mark_changed(session, {source, target})
        assert INDEXES.current(session, EMBEDDER.name, EMBEDDER.dimensions) is index
        assert INDEXES.builds == builds
        rebuilt = build_index(session, EMBEDDER.name, EMBEDDER.dimensions)
        for got, want in zip(_scores(index), _scores(rebuilt), strict=True):
            assert got == pytest.approx(want, abs=1e-9)
