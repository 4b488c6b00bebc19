"""The group index placement uses, kept in step with the database, on either engine.

PostgreSQL with pgvector keeps each group's placement state in tables (see
:mod:`verify.services.pgvector_index`): every process reads the same state, none builds anything
at start, and each membership change recomputes the touched groups in the same transaction.

Elsewhere (SQLite, or PostgreSQL without the extension) each process keeps a `GroupIndex` in
memory and checks one row (`grouping_state.token`) before using it: a token other than the one
the index is current at means another process, or a rolled-back transaction, changed
memberships. The process then loads the snapshot written beside a SQLite file for that token
(:mod:`verify.grouping.snapshot`), or rebuilds the index from the stored vectors and writes one.
Changes made by this process update its index in place (placing adds members, a move or a split
recomputes the groups it touched), and every `index_save_every` placed statements the index is
written again, under the token it is current at.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import threading
import uuid
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..grouping import snapshot
from ..grouping.anchors import anchors
from ..grouping.index import GroupIndex, GroupingParams, PlacementIndex
from ..inputs.records import InvalidInput
from ..models import Embedding, GroupingState, Membership, Source, Statement
from . import pgvector_index
from .settings import settings_of

log = logging.getLogger(__name__)


def source_key(source_id: int | None) -> str | None:
    return None if source_id is None else f"source-{source_id}"


def statement_anchors(text: str, source_title: str | None) -> frozenset[str]:
    """Anchors of a statement, with those of its article's headline: the headline names the
    event ("... killed in Sarkand valley raid") that the statement itself may only imply."""
    return anchors(text) | anchors(source_title) if source_title else anchors(text)


@dataclass
class _Cached:
    token: str
    index: GroupIndex
    model: str
    unsaved: int = 0  # statements placed since the index was last written


class IndexRegistry:
    """Group indexes of this process, one per (database, model, grouping settings)."""

    def __init__(self) -> None:
        # Held by callers around read-check-place-mark so threads of one process place in turn.
        self.lock = threading.RLock()
        self._indexes: dict[str, _Cached] = {}
        self._pgvector: dict[str, int | None] = {}  # database -> centroid dimensions
        self._said: set[str] = set()  # databases whose centroids do not fit the model
        self.builds = 0  # indexes (or pgvector tables) built from every stored vector
        self.loads = 0  # indexes read from a snapshot

    @staticmethod
    def _url(session: Session) -> str:
        return session.get_bind().engine.url.render_as_string(hide_password=True)

    def _key(self, session: Session, model: str) -> str:
        return f"{self._url(session)}|{model}|{settings_of(session).grouping}"

    def _pgvector_dimensions(self, session: Session) -> int | None:
        """Dimensions of the pgvector centroid column, None where there is none (once a
        database: a server without pgvector is said once in the log)."""
        url = self._url(session)
        if url not in self._pgvector:
            found = pgvector_index.centroid_dimensions(session)
            self._pgvector[url] = found
            if found is None and session.get_bind().dialect.name == "postgresql":
                log.warning(
                    "PostgreSQL at %s has no pgvector (the vector extension): each process "
                    "keeps the group index in memory and rebuilds it from all vectors",
                    url,
                )
        return self._pgvector[url]

    def uses_pgvector(self, session: Session, dimensions: int) -> bool:
        """Whether the group state of `session`'s database lives in pgvector tables."""
        found = self._pgvector_dimensions(session)
        if found is not None and found != dimensions:
            url = self._url(session)
            if url not in self._said:
                self._said.add(url)
                log.warning(
                    "pgvector centroids have %d dimensions, the model %d: the group index is "
                    "kept in memory",
                    found,
                    dimensions,
                )
            return False
        return found is not None

    def current(self, session: Session, model: str, dimensions: int) -> PlacementIndex:
        """The index for `model`, loaded or rebuilt if the database moved on since."""
        # FOR UPDATE makes concurrent placements on PostgreSQL take turns; SQLite ignores it
        # and serialises writers itself.
        # Columns, not the entity: an entity from the session's identity map keeps old values.
        params = settings_of(session).grouping
        pgvector = self.uses_pgvector(session, dimensions)
        query = select(GroupingState.token, GroupingState.model, GroupingState.members)
        if pgvector:  # the search's hnsw.ef_search, set for the transaction in the same trip
            ef = str(pgvector_index.ef_search(params))
            query = query.add_columns(func.set_config("hnsw.ef_search", ef, True))
        state = session.execute(query.where(GroupingState.id == 1).with_for_update()).one()
        if pgvector:
            members = state.members
            if state.model != model:
                check_single_model(session, model)
                pgvector_index.refresh(session, member_rows(session, model), None)
                self.builds += 1
                built = update(GroupingState).where(GroupingState.id == 1).values(model=model)
                members = session.execute(built.returning(GroupingState.members)).scalar_one()
            return pgvector_index.PgGroupIndex(session, params, members, ef_set=True)
        key = self._key(session, model)
        cached = self._indexes.get(key)
        if cached is not None and cached.token == state.token:
            return cached.index
        folder = self._snapshot_folder(session, model)
        index = self._load(folder / _name(state.token), model, params) if folder else None
        if index is None:
            index = build_index(session, model, dimensions)
            self.builds += 1
            self._indexes[key] = _Cached(state.token, index, model)
            if settings_of(session).index_save_every > 0:
                self._save(session, key)
        else:
            self.loads += 1
            self._indexes[key] = _Cached(state.token, index, model)
        return index

    @staticmethod
    def _load(folder: Path, model: str, params: GroupingParams) -> GroupIndex | None:
        meta = snapshot.read_meta(folder)
        if meta is None or meta.get("model") != model:
            return None
        try:
            return snapshot.load(folder, params)
        except (OSError, ValueError, KeyError, RuntimeError):
            return None  # removed by a newer writer while we read: rebuild

    @staticmethod
    def _snapshot_folder(session: Session, model: str) -> Path | None:
        """Where a SQLite file's snapshots of `model`'s index go: None for other databases."""
        url = session.get_bind().engine.url
        if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
            return None
        if settings_of(session).index_save_every <= 0:
            return None
        database = Path(url.database)
        digest = hashlib.sha1(model.encode()).hexdigest()[:12]
        return database.with_name(f"{database.name}.groups-index") / digest

    def _save(self, session: Session, key: str) -> None:
        """Write the cached index under its token, and drop older snapshots of the model."""
        cached = self._indexes[key]
        folder = self._snapshot_folder(session, cached.model)
        if folder is None:
            return
        target = folder / _name(cached.token)
        meta = {"model": cached.model, "token": cached.token, "members": cached.index.members}
        if not target.exists():
            snapshot.save(cached.index, target, meta)
        cached.unsaved = 0
        # The previous snapshot stays: a process whose transaction has not yet seen this token
        # may be about to load it. Older ones go.
        older = [p for p in folder.iterdir() if p != target and not p.name.startswith(".")]
        older.sort(key=_modified, reverse=True)
        for other in older[1:]:
            shutil.rmtree(other, ignore_errors=True)

    def discard(self, session: Session, model: str) -> None:
        """Forget the index of `model`; the next use loads or rebuilds it."""
        self._indexes.pop(self._key(session, model), None)

    def mark_changed(
        self,
        session: Session,
        groups: Collection[int] | None,
        model: str | None = None,
        placed: int = 0,
    ) -> None:
        """Record a membership change (after a flush): recompute the stored or cached state of
        `groups` (None: of every group) from their members. `model`'s index already holds the
        `placed` statements just placed in it."""
        previous, stored_model = session.execute(
            select(GroupingState.token, GroupingState.model)
            .where(GroupingState.id == 1)
            .with_for_update()
        ).one()
        token = uuid.uuid4().hex
        session.execute(update(GroupingState).where(GroupingState.id == 1).values(token=token))
        if stored_model is not None and self._pgvector_dimensions(session) is not None:
            if groups is None or groups:
                rows = member_rows(session, stored_model, groups)
                pgvector_index.refresh(session, rows, groups)
            return
        url = self._url(session)
        for key, cached in list(self._indexes.items()):
            if not key.startswith(f"{url}|") or cached.token != previous:
                continue
            if groups is None:
                del self._indexes[key]  # rebuilt, or loaded, when next used
                continue
            if groups:
                refresh_index(cached.index, member_rows(session, cached.model, groups), groups)
            cached.token = token
            if cached.model == model:
                cached.unsaved += placed
                every = settings_of(session).index_save_every
                if every > 0 and cached.unsaved >= every:
                    self._save(session, key)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed by another writer meanwhile
        return 0.0


def _name(token: str) -> str:
    """A snapshot folder's name: its token (empty in a database nothing has been placed in)."""
    return token or "initial"


class MixedModels(InvalidInput):
    """Stored vectors come from another model than the one in use: grouping would mix them."""


def check_single_model(session: Session, model: str) -> None:
    """Refuse to group while vectors of another model are stored (`reembed` replaces them)."""
    other = session.scalar(select(Embedding.model).where(Embedding.model != model).limit(1))
    if other is not None:
        raise MixedModels(
            f"stored vectors come from {other!r}, the app uses {model!r}: "
            "run `flask --app verify reembed` first"
        )


@dataclass(frozen=True)
class MemberRow:
    """One grouped statement as placement sees it."""

    group_id: int
    vector: np.ndarray
    anchors: frozenset[str]
    source: str | None


def member_rows(
    session: Session, model: str, groups: Collection[int] | None = None
) -> Iterator[MemberRow]:
    """Every grouped statement with a vector of `model` (of `groups` only, when given), in
    statement order."""
    query = (
        select(
            Membership.group_id, Embedding.vector, Statement.text, Statement.source_id, Source.title
        )
        .join(Embedding, Embedding.statement_id == Membership.statement_id)
        .join(Statement, Statement.id == Membership.statement_id)
        .outerjoin(Source, Source.id == Statement.source_id)
        .where(Embedding.model == model)
        .order_by(Membership.statement_id)
    )
    if groups is not None:
        query = query.where(Membership.group_id.in_(sorted(groups)))
    rows = session.execute(query.execution_options(yield_per=5000))
    for group_id, blob, text, source_id, title in rows:
        yield MemberRow(
            group_id,
            np.frombuffer(blob, dtype=np.float32),
            statement_anchors(text, title),
            source_key(source_id),
        )


def refresh_index(index: GroupIndex, rows: Iterator[MemberRow], groups: Collection[int]) -> None:
    """Recompute `groups` in an in-memory index from their current members."""
    for group_id in groups:
        index.drop(group_id)
    for row in rows:
        index.add(row.group_id, row.vector, row.anchors, row.source)


def build_index(session: Session, model: str, dimensions: int) -> GroupIndex:
    """A fresh index from every grouped statement that has a vector of `model`."""
    check_single_model(session, model)
    index = GroupIndex(dimensions, settings_of(session).grouping)
    for row in member_rows(session, model):
        index.add(row.group_id, row.vector, row.anchors, row.source)
    return index


INDEXES = IndexRegistry()
