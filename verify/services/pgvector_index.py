"""Group placement state in PostgreSQL with pgvector, shared by every process.

`group_vector` holds each group's vector sum (float64 bytes, for exact scores) and its size;
`group_centroid` its centroid (sum / size as a pgvector `vector` under an HNSW index for cosine
distance), rewritten while the group is small and then each time it grew by 5 %
(:func:`centroid_due`); `group_anchor` and `group_source` count the members carrying each anchor
and coming from each source; `anchor_frequency` counts the grouped statements carrying each
anchor, and `grouping_state.members` all of them. Placing a statement asks the HNSW index for the
nearest `candidates` centroids, adds the groups sharing a rare anchor, and rescores them from
their sums with the same score as the in-memory index (:func:`verify.grouping.index.rescore`):
a centroid that lags behind its sum only decides which groups are looked at. Everything happens
in the caller's transaction: a rollback leaves the state as it was.
"""

from __future__ import annotations

import math
import uuid
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from ..grouping.index import GroupingParams, anchor_weights, pick_best, rescore
from ..models import AnchorFrequency, GroupAnchor, GroupingState, GroupSource, GroupVector

if TYPE_CHECKING:
    from .placement import MemberRow

_CHUNK = 1000

CENTROID_GROWTH = 1.05
"""A stored centroid is rewritten once its group grew by this factor since it was written."""

_NEAREST = text(
    "SELECT v.group_id, v.size, v.vector_sum FROM (SELECT group_id, "
    "centroid <=> CAST(:query AS vector) AS distance FROM group_centroid "
    "ORDER BY distance LIMIT :k) AS nearest JOIN group_vector AS v USING (group_id) "
    "ORDER BY nearest.distance"
)
_SUMS = (
    "INSERT INTO group_vector (group_id, size, vector_sum) "
    "VALUES (:group_id, :size, :vector_sum) "
    "ON CONFLICT (group_id) DO UPDATE SET size = EXCLUDED.size, vector_sum = EXCLUDED.vector_sum"
)
_CENTROID = (
    "INSERT INTO group_centroid (group_id, centroid) "
    "VALUES (:group_id, CAST(:centroid AS vector)) "
    "ON CONFLICT (group_id) DO UPDATE SET centroid = EXCLUDED.centroid"
)
# A placement changes the token as :meth:`IndexRegistry.mark_changed` would, in the same trip.
_COUNT = "UPDATE grouping_state SET members = members + 1, token = :token WHERE id = 1"
_PUT_SUMS = text(_SUMS)
_PUT_CENTROID = text(_CENTROID)
# One round trip per placed statement: the member count, the token and the sums, with the
# centroid when it is due.
_ADD_SUMS = text(f"WITH counted AS ({_COUNT}) {_SUMS}")
_ADD_SUMS_AND_CENTROID = text(f"WITH counted AS ({_COUNT}), moved AS ({_CENTROID}) {_SUMS}")
_ADD_ANCHOR = text(
    "INSERT INTO group_anchor (group_id, anchor, members) VALUES (:group_id, :anchor, :n) "
    "ON CONFLICT (group_id, anchor) DO UPDATE SET members = group_anchor.members + EXCLUDED.members"
)
_ADD_SOURCE = text(
    "INSERT INTO group_source (group_id, source_id, members) VALUES (:group_id, :source_id, :n) "
    "ON CONFLICT (group_id, source_id) "
    "DO UPDATE SET members = group_source.members + EXCLUDED.members"
)
_ADD_FREQUENCY = text(
    "INSERT INTO anchor_frequency (anchor, statements) VALUES (:anchor, :n) ON CONFLICT (anchor) "
    "DO UPDATE SET statements = anchor_frequency.statements + EXCLUDED.statements"
)
_SUBTRACT_FREQUENCY = text(
    "UPDATE anchor_frequency SET statements = statements - :n WHERE anchor = :anchor"
)


def centroid_dimensions(session: Session) -> int | None:
    """Dimensions of `group_centroid.centroid`, None where the database has no such table."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    found = session.scalar(
        text(
            "SELECT atttypmod FROM pg_attribute WHERE attrelid = to_regclass('group_centroid') "
            "AND attname = 'centroid' AND NOT attisdropped"
        )
    )
    return None if found is None else int(found)


def centroid_due(size: int) -> bool:
    """Whether a group that has just reached `size` members gets its stored centroid rewritten:
    at every size while it is small, then each time the size enters the next power of
    :data:`CENTROID_GROWTH` (every new centroid is a new HNSW entry, a few ms). A stored centroid
    then lags at most 5 % of the members behind the sum, which rescoring reads exactly."""
    if size <= 1:
        return True
    step = math.log(CENTROID_GROWTH)
    return math.floor(math.log(size) / step) != math.floor(math.log(size - 1) / step)


def ef_search(params: GroupingParams) -> int:
    """`hnsw.ef_search` for placing: the HNSW search returns at most that many rows."""
    return max(64, int(params.candidates))


def as_vector(values: np.ndarray) -> str:
    """pgvector's text form of `values`."""
    return "[" + ",".join(map(str, np.asarray(values, dtype=np.float32).tolist())) + "]"


def _source_id(source: str | None) -> int | None:
    return None if source is None else int(source.removeprefix("source-"))


class PgGroupIndex:
    """A :class:`verify.grouping.index.PlacementIndex` over the tables, for one transaction."""

    def __init__(
        self, session: Session, params: GroupingParams, members: int, ef_set: bool = False
    ) -> None:
        self.session = session
        self.params = params
        self.members = members  # grouping_state.members, read by the caller with its lock
        if not ef_set:  # the caller may have set it with its read of grouping_state
            session.execute(text(f"SET LOCAL hnsw.ef_search = {ef_search(params)}"))
        self._groups: dict[int, tuple[np.ndarray, int]] = {}  # group -> (sum, size) read

    def nearest(self, vector: np.ndarray, k: int) -> list[int]:
        """The `k` groups whose centroids are nearest to `vector` by cosine, nearest first."""
        rows = self.session.execute(_NEAREST, {"query": as_vector(vector), "k": k}).all()
        for group_id, size, blob in rows:
            self._groups[group_id] = (np.frombuffer(blob, dtype=np.float64), size)
        return [row[0] for row in rows]

    def neighbours(self, group_id: int, k: int) -> list[tuple[int, float, int]]:
        """Up to `k` other groups nearest to the centroid of `group_id`: (group, centroid
        cosine, size), nearest first."""
        self._read([group_id])
        if group_id not in self._groups:
            return []
        total = self._groups[group_id][0]
        centre = total / max(float(np.linalg.norm(total)), 1e-12)
        found = []
        for other in self.nearest(centre, k + 1):
            vector, size = self._groups[other]
            norm = float(np.linalg.norm(vector))
            if other != group_id and norm > 0:
                found.append((other, float(vector @ centre) / norm, int(size)))
        return sorted(found, key=lambda item: (-item[1], item[0]))[:k]

    def _read(self, group_ids: Iterable[int]) -> None:
        missing = sorted(set(group_ids) - set(self._groups))
        for start in range(0, len(missing), _CHUNK):
            rows = self.session.execute(
                select(GroupVector.group_id, GroupVector.size, GroupVector.vector_sum).where(
                    GroupVector.group_id.in_(missing[start : start + _CHUNK])
                )
            )
            for group_id, size, blob in rows:
                self._groups[group_id] = (np.frombuffer(blob, dtype=np.float64), size)

    def scores(
        self, vector: np.ndarray, anchor_set: frozenset[str], source: str | None = None
    ) -> dict[int, float]:
        """Score of the statement against each candidate group, by group id."""
        frequencies: dict[str, int] = {}
        if anchor_set:
            query = select(AnchorFrequency.anchor, AnchorFrequency.statements)
            found = self.session.execute(query.where(AnchorFrequency.anchor.in_(anchor_set)))
            frequencies = {anchor: statements for anchor, statements in found}
        weights = anchor_weights(anchor_set, frequencies, self.members, self.params)
        candidates = set(self.nearest(vector, self.params.candidates))
        counts: dict[int, dict[str, int]] = {}
        if weights:
            rows = self.session.execute(
                select(GroupAnchor.group_id, GroupAnchor.anchor, GroupAnchor.members).where(
                    GroupAnchor.anchor.in_(weights)
                )
            )
            for group_id, anchor, members in rows:
                counts.setdefault(group_id, {})[anchor] = members
            candidates.update(counts)
        if not candidates:
            return {}
        self._read(candidates)
        ids = sorted(candidates)
        same: set[int] = set()
        source_id = _source_id(source)
        if source_id is not None:
            held = select(GroupSource.group_id).where(
                GroupSource.source_id == source_id, GroupSource.group_id.in_(ids)
            )
            same = set(self.session.scalars(held))
        shared = [sum(w * counts.get(g, {}).get(a, 0) for a, w in weights.items()) for g in ids]
        scored = rescore(
            vector,
            np.stack([self._groups[g][0] for g in ids]),
            np.array([self._groups[g][1] for g in ids], dtype=np.float64),
            np.array(shared, dtype=np.float64),
            np.array([g in same for g in ids], dtype=bool),
            sum(weights.values()),
            self.params,
        )
        return dict(zip(ids, scored.tolist(), strict=True))

    def best(
        self, vector: np.ndarray, anchor_set: frozenset[str], source: str | None = None
    ) -> tuple[int | None, float]:
        """Best group and its score; the group is None below the threshold."""
        return pick_best(self.scores(vector, anchor_set, source), self.params)

    def add(
        self,
        group_id: int,
        vector: np.ndarray,
        anchor_set: frozenset[str],
        source: str | None = None,
        new: bool = False,
    ) -> None:
        """Add a member to `group_id` in the tables, creating the group's rows if it is new (with
        `new`, the caller has just created the group: there is nothing to read)."""
        if not new:
            self._read([group_id])
        total, size = self._groups.get(group_id, (np.zeros(len(vector)), 0))
        total = total + np.asarray(vector, dtype=np.float64).reshape(-1)
        size += 1
        self._groups[group_id] = (total, size)
        values: dict[str, Any] = {
            "group_id": group_id,
            "size": size,
            "vector_sum": total.tobytes(),
            "token": uuid.uuid4().hex,
        }
        if centroid_due(size):
            values["centroid"] = as_vector(total / size)
            self.session.execute(_ADD_SUMS_AND_CENTROID, values)
        else:
            self.session.execute(_ADD_SUMS, values)
        if anchor_set:
            marks = sorted(anchor_set)
            self.session.execute(
                _ADD_ANCHOR, [{"group_id": group_id, "anchor": a, "n": 1} for a in marks]
            )
            self.session.execute(_ADD_FREQUENCY, [{"anchor": a, "n": 1} for a in marks])
        source_id = _source_id(source)
        if source_id is not None:
            self.session.execute(
                _ADD_SOURCE, {"group_id": group_id, "source_id": source_id, "n": 1}
            )
        self.members += 1

    def cosine(self, group_id: int, vector: np.ndarray) -> float:
        """Cosine of `vector` to the centroid of `group_id`, without bonuses."""
        self._read([group_id])
        total = self._groups[group_id][0]
        norm = float(np.linalg.norm(total))
        if norm == 0.0:
            return 0.0
        return float(total @ np.asarray(vector, dtype=np.float64).reshape(-1)) / norm


def _forget(session: Session, groups: Collection[int] | None) -> None:
    """Take `groups` (None: all) out of the tables and the counts."""
    if groups is None:
        for table in (GroupAnchor, GroupSource, GroupVector, AnchorFrequency):
            session.execute(delete(table))
        session.execute(text("DELETE FROM group_centroid"))
        session.execute(update(GroupingState).where(GroupingState.id == 1).values(members=0))
        return
    ids = sorted(groups)
    held = session.execute(
        select(GroupAnchor.anchor, func.sum(GroupAnchor.members))
        .where(GroupAnchor.group_id.in_(ids))
        .group_by(GroupAnchor.anchor)
    ).all()
    if held:
        session.execute(_SUBTRACT_FREQUENCY, [{"anchor": a, "n": int(n)} for a, n in held])
        session.execute(delete(AnchorFrequency).where(AnchorFrequency.statements <= 0))
    size = session.scalar(select(func.sum(GroupVector.size)).where(GroupVector.group_id.in_(ids)))
    session.execute(
        update(GroupingState)
        .where(GroupingState.id == 1)
        .values(members=GroupingState.members - int(size or 0))
    )
    for table in (GroupAnchor, GroupSource, GroupVector):
        session.execute(delete(table).where(table.group_id.in_(ids)))
    session.execute(text("DELETE FROM group_centroid WHERE group_id = ANY(:ids)"), {"ids": ids})


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), _CHUNK):
        yield rows[start : start + _CHUNK]


def refresh(session: Session, rows: Iterator[MemberRow], groups: Collection[int] | None) -> None:
    """Recompute the stored state of `groups` (None: of every group) from `rows`, their
    members as :func:`verify.services.placement.member_rows` reads them."""
    _forget(session, groups)
    sums: dict[int, np.ndarray] = {}
    sizes: Counter[int] = Counter()
    anchors: dict[int, Counter[str]] = {}
    sources: dict[int, Counter[int]] = {}
    frequency: Counter[str] = Counter()
    for row in rows:
        if row.group_id in sums:
            sums[row.group_id] += row.vector
        else:
            sums[row.group_id] = row.vector.astype(np.float64)
            anchors[row.group_id] = Counter()
            sources[row.group_id] = Counter()
        sizes[row.group_id] += 1
        anchors[row.group_id].update(row.anchors)
        frequency.update(row.anchors)
        source_id = _source_id(row.source)
        if source_id is not None:
            sources[row.group_id][source_id] += 1
    sum_rows = [
        {"group_id": g, "size": sizes[g], "vector_sum": total.tobytes()}
        for g, total in sums.items()
    ]
    for chunk in _chunks(sum_rows):
        session.execute(_PUT_SUMS, chunk)
    centroid_rows = [
        {"group_id": g, "centroid": as_vector(total / sizes[g])} for g, total in sums.items()
    ]
    for chunk in _chunks(centroid_rows):
        session.execute(_PUT_CENTROID, chunk)
    anchor_rows = [
        {"group_id": g, "anchor": a, "members": n} for g, c in anchors.items() for a, n in c.items()
    ]
    for chunk in _chunks(anchor_rows):
        session.execute(insert(GroupAnchor), chunk)
    source_rows = [
        {"group_id": g, "source_id": s, "members": n}
        for g, c in sources.items()
        for s, n in c.items()
    ]
    for chunk in _chunks(source_rows):
        session.execute(insert(GroupSource), chunk)
    for chunk in _chunks([{"anchor": a, "n": n} for a, n in frequency.items()]):
        session.execute(_ADD_FREQUENCY, chunk)
    session.execute(
        update(GroupingState)
        .where(GroupingState.id == 1)
        .values(members=GroupingState.members + sum(sizes.values()))
    )
