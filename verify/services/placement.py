"""The per-process group index, kept in step with the database.

Placing a statement needs every group's centroid. Reading them from the database for each new
statement would cost seconds at 100 k statements, so each process keeps a `GroupIndex` in memory
and checks one row (`grouping_state.token`) before using it: a token other than the one the index
was built at means another process, or a rolled-back transaction, changed memberships, and the
index is rebuilt from the stored vectors.
"""

from __future__ import annotations

import threading
import uuid

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..grouping.anchors import anchors
from ..grouping.index import GroupIndex
from ..inputs.records import InvalidInput
from ..models import Embedding, GroupingState, Membership, Source, Statement
from .settings import settings_of


def source_key(source_id: int | None) -> str | None:
    return None if source_id is None else f"source-{source_id}"


def statement_anchors(text: str, source_title: str | None) -> frozenset[str]:
    """Anchors of a statement, with those of its article's headline: the headline names the
    event ("... killed in Sarkand valley raid") that the statement itself may only imply."""
    return anchors(text) | anchors(source_title) if source_title else anchors(text)


class IndexRegistry:
    """Group indexes of this process, one per (database, model)."""

    def __init__(self) -> None:
        # Held by callers around read-check-place-mark so threads of one process place in turn.
        self.lock = threading.RLock()
        self._indexes: dict[str, tuple[str, GroupIndex]] = {}

    @staticmethod
    def _key(session: Session, model: str) -> str:
        url = session.get_bind().engine.url.render_as_string(hide_password=True)
        return f"{url}|{model}|{settings_of(session).grouping}"

    def current(self, session: Session, model: str, dimensions: int) -> GroupIndex:
        """The index for `model`, rebuilt if the database moved on since it was built."""
        # FOR UPDATE makes concurrent placements on PostgreSQL take turns; SQLite ignores it
        # and serialises writers itself.
        token = session.execute(
            select(GroupingState.token).where(GroupingState.id == 1).with_for_update()
        ).scalar_one()
        key = self._key(session, model)
        cached = self._indexes.get(key)
        if cached is not None and cached[0] == token:
            return cached[1]
        index = build_index(session, model, dimensions)
        self._indexes[key] = (token, index)
        return index

    def discard(self, session: Session, model: str) -> None:
        """Forget the index of `model`; the next use rebuilds it from the database."""
        self._indexes.pop(self._key(session, model), None)

    def mark_changed(self, session: Session, model: str | None = None) -> None:
        """Record a membership change; the index of `model` (if given) already reflects it."""
        token = uuid.uuid4().hex
        session.execute(update(GroupingState).where(GroupingState.id == 1).values(token=token))
        if model is None:
            return
        key = self._key(session, model)
        cached = self._indexes.get(key)
        if cached is not None:
            self._indexes[key] = (token, cached[1])


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


def build_index(session: Session, model: str, dimensions: int) -> GroupIndex:
    """A fresh index from every grouped statement that has a vector of `model`."""
    check_single_model(session, model)
    index = GroupIndex(dimensions, settings_of(session).grouping)
    rows = session.execute(
        select(
            Membership.group_id, Embedding.vector, Statement.text, Statement.source_id, Source.title
        )
        .join(Embedding, Embedding.statement_id == Membership.statement_id)
        .join(Statement, Statement.id == Membership.statement_id)
        .outerjoin(Source, Source.id == Statement.source_id)
        .where(Embedding.model == model)
        .order_by(Membership.statement_id)
    )
    for group_id, blob, text, source_id, title in rows:
        vector = np.frombuffer(blob, dtype=np.float32)
        index.add(group_id, vector, statement_anchors(text, title), source_key(source_id))
    return index


INDEXES = IndexRegistry()
