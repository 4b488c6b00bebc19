"""Grouping statements about the same event or claim: the score and the incremental index.

A statement joins a group when its score reaches ``GroupingParams.threshold``::

    score = similarity(vector, group)
            + anchor_weight * anchor overlap with the group
            + source_bonus  (if the group holds a statement of the same source)

similarity = vector . sum / (|sum| ** (1 - cohesion) * size ** cohesion), where sum is the sum
of the members' unit vectors: cohesion 0 is the cosine with the centroid (renormalised mean),
cohesion 1 the mean cosine with the members; the default 0.5 is the centroid cosine times
sqrt(|mean|), so loose groups attract less. For a one-member group it is the plain cosine.

The anchor overlap is the share of the statement's anchors (names, acronyms, numbers; see
:func:`anchors`) found in the group's members, each anchor weighted by its rarity (inverse
document frequency) and by the fraction of members that carry it: a number in [0, 1]. Rival
accounts of one event use different words (cosine ~0.4 with MiniLM) but name the same place,
people and figures: the anchor term and a "same event" threshold well below paraphrase level
keep them together.

Whole-corpus clustering with the same score is in :mod:`verify.grouping.clustering`; anchors in
:mod:`verify.grouping.anchors`. Pure numpy/hnswlib code: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import hnswlib
import numpy as np

# Changed groups held back from the HNSW graph before it is rewritten in one batch.
_PENDING_LIMIT = 256
# Below this many statements an anchor is never too common to count.
MIN_DF_LIMIT = 20.0


@dataclass(frozen=True)
class GroupingParams:
    """Knobs of the grouping score; the defaults were tuned on the development files."""

    threshold: float = 0.5
    """Score a statement needs to join a group ("same event" level, well below paraphrase)."""
    anchor_weight: float = 0.2
    """Weight of the anchor overlap (in [0, 1]) added to the cosine."""
    source_bonus: float = 0.35
    """Added when the candidate group already holds a statement of the same source: a news
    article is usually about one event, so its statements join each other unless their content
    is far apart. The evaluation files have no sources; this was set on the demo dispatches."""
    max_anchor_df: float = 0.05
    """Anchors carried by more than this share of statements are ignored (too common)."""
    passes: int = 4
    """Reassignment passes of :func:`cluster` after the first leader pass."""
    cohesion: float = 0.5
    """0 scores against the centroid direction (cosine); 1 against the plain mean of the members
    (the average member similarity, which stops loose groups from attracting everything)."""
    candidates: int = 32
    """Nearest centroids :class:`GroupIndex` rescores with anchors and sources."""
    merge_threshold: float = 0.65
    """:func:`cluster` merges two groups whose centroids score at least this (group to group:
    centroid cosine + anchor-profile overlap + shared source); 0 or less disables merging."""
    merge_rounds: int = 2
    """Rounds of mutual-best group merges (each round merges a group at most once)."""
    event_merge: float = 0.85
    """After placing, a group that took statements joins the nearest other group whose centroid
    cosine reaches this (see :mod:`verify.services.events`); 0 or less never merges. On the
    development coverage it joined the gas attack's reports of one day, left in two events, and
    no other incident (docs/experiments.md, "Split events, again")."""
    event_merge_size: int = 5
    """Members each of the two groups needs before their centroids are trusted to merge them."""
    event_days: int = 3
    """An article joins an event only within this many days of the event's nearest article,
    the event then spanning at most twice as many (:func:`verify.services.linking.within_days`);
    two events merge by the same rule."""
    article_threshold: float = 0.8
    """Cosine the centroid of an article's statements needs with an event's centroid for the
    whole article to join it (:mod:`verify.services.linking`); 0 or less: each statement
    decides."""


DEFAULT_PARAMS = GroupingParams()


def similarity_scale(norms: np.ndarray, sizes: np.ndarray, cohesion: float) -> np.ndarray:
    """Divisor turning a dot product with a group's vector sum into its similarity term."""
    norms = np.maximum(norms, 1e-12)
    if cohesion == 0.0:
        return norms
    sizes = np.maximum(sizes, 1.0)
    return np.asarray(norms ** (1.0 - cohesion) * sizes**cohesion, dtype=np.float64)


class PlacementIndex(Protocol):
    """What placing a statement needs, whatever keeps the groups: :class:`GroupIndex` in memory,
    or tables in PostgreSQL with pgvector (:mod:`verify.services.pgvector_index`)."""

    def best(
        self, vector: np.ndarray, anchor_set: frozenset[str], source: str | None = None
    ) -> tuple[int | None, float]:
        """Best group and its score; the group is None below the threshold."""
        ...

    def scores(
        self, vector: np.ndarray, anchor_set: frozenset[str], source: str | None = None
    ) -> dict[int, float]:
        """Score against each candidate group, by group id (threshold not applied)."""
        ...

    def add(
        self,
        group_id: int,
        vector: np.ndarray,
        anchor_set: frozenset[str],
        source: str | None = None,
        new: bool = False,
    ) -> None:
        """Add a member to ``group_id``, creating the group if it is new (``new``: the caller
        has just created it, so there is no state of it to read)."""
        ...

    def cosine(self, group_id: int, vector: np.ndarray) -> float:
        """Cosine of ``vector`` to the centroid of ``group_id``, without bonuses."""
        ...

    def neighbours(self, group_id: int, k: int) -> list[tuple[int, float, int]]:
        """Up to ``k`` other groups nearest to the centroid of ``group_id``: (group, centroid
        cosine, size), nearest first; empty when the group is not indexed."""
        ...


def anchor_weights(
    anchor_set: frozenset[str],
    frequencies: Mapping[str, int],
    members: int,
    params: GroupingParams,
) -> dict[str, float]:
    """Weight (inverse document frequency) of each anchor rare enough to count, given how many
    indexed statements carry each anchor and how many statements are indexed."""
    total = max(members, 1)
    limit = max(params.max_anchor_df * total, MIN_DF_LIMIT)
    weights: dict[str, float] = {}
    for anchor in anchor_set:
        df = frequencies.get(anchor, 0)
        if df > limit:
            continue
        weights[anchor] = math.log((total + 1) / (df + 1)) + 1.0
    return weights


def rescore(
    query: np.ndarray,
    sums: np.ndarray,
    sizes: np.ndarray,
    shared: np.ndarray,
    same_source: np.ndarray,
    weight_total: float,
    params: GroupingParams,
) -> np.ndarray:
    """The full score of a statement against candidate groups, given each group's vector sum,
    size, weighted anchor overlap (sum of weight * members carrying the anchor) and whether it
    holds a statement of the same source."""
    norms = np.linalg.norm(sums, axis=1)
    query64 = np.asarray(query, dtype=np.float32).reshape(-1).astype(np.float64)
    scores = (sums @ query64) / similarity_scale(norms, sizes, params.cohesion)
    if weight_total > 0:
        scores = scores + params.anchor_weight * shared / (sizes * weight_total)
    return np.asarray(scores + np.where(same_source, params.source_bonus, 0.0))


def pick_best(scored: Mapping[int, float], params: GroupingParams) -> tuple[int | None, float]:
    """The best-scoring group (ties to the smaller id), None when it is below the threshold."""
    if not scored:
        return None, 0.0
    group_id, score = max(scored.items(), key=lambda item: (item[1], -item[0]))
    if score < params.threshold:
        return None, score
    return group_id, score


class GroupIndex:
    """Incremental placement: centroid per group, in memory, numpy and hnswlib backed.

    Each group keeps the sum of its members' unit vectors, its anchor counts and its sources.
    :meth:`best` asks an HNSW index over the normalised centroids for the nearest ``candidates``
    groups, adds the groups that share a rare anchor with the statement, and rescores them all
    exactly with the full score. Anchor rarity comes from the members currently indexed.
    """

    def __init__(self, dimensions: int, params: GroupingParams = DEFAULT_PARAMS) -> None:
        self.dimensions = dimensions
        self.params = params
        self._capacity = 1024
        self._hnsw = hnswlib.Index(space="ip", dim=dimensions)
        self._hnsw.init_index(max_elements=self._capacity, ef_construction=100, M=16)
        self._hnsw.set_ef(max(64, params.candidates))
        self._indexed: set[int] = set()  # slots present in the HNSW index
        self._pending: set[int] = set()  # slots whose centroid must be (re)written there
        self._sums = np.zeros((self._capacity, dimensions), dtype=np.float64)
        self._counts = np.zeros(self._capacity, dtype=np.int64)
        self._slot_of: dict[int, int] = {}
        self._group_of: dict[int, int] = {}
        self._next_slot = 0
        self._anchor_counts: dict[int, Counter[str]] = {}
        self._source_counts: dict[int, Counter[str]] = {}
        self._anchor_groups: dict[str, set[int]] = {}
        self._anchor_df: Counter[str] = Counter()
        self._members = 0

    def __len__(self) -> int:
        return len(self._slot_of)

    @property
    def members(self) -> int:
        """Number of statements currently indexed."""
        return self._members

    def _grow(self) -> None:
        self._capacity *= 2
        self._hnsw.resize_index(self._capacity)
        sums = np.zeros((self._capacity, self.dimensions), dtype=np.float64)
        sums[: len(self._sums)] = self._sums
        counts = np.zeros(self._capacity, dtype=np.int64)
        counts[: len(self._counts)] = self._counts
        self._sums, self._counts = sums, counts

    def add(
        self,
        group_id: int,
        vector: np.ndarray,
        anchor_set: frozenset[str],
        source: str | None = None,
        new: bool = False,
    ) -> None:
        """Add a member to ``group_id``, creating the group if it is new (whether or not ``new``
        says so: the index holds every group it knows)."""
        slot = self._slot_of.get(group_id)
        if slot is None:
            if self._next_slot >= self._capacity:
                self._grow()
            slot = self._next_slot
            self._next_slot += 1
            self._slot_of[group_id] = slot
            self._group_of[slot] = group_id
            self._anchor_counts[slot] = Counter()
            self._source_counts[slot] = Counter()
        self._sums[slot] += np.asarray(vector, dtype=np.float64).reshape(-1)
        self._counts[slot] += 1
        self._members += 1
        counts = self._anchor_counts[slot]
        for anchor in anchor_set:
            if counts[anchor] == 0:
                self._anchor_groups.setdefault(anchor, set()).add(slot)
            counts[anchor] += 1
            self._anchor_df[anchor] += 1
        if source is not None:
            self._source_counts[slot][source] += 1
        self._pending.add(slot)

    def cosine(self, group_id: int, vector: np.ndarray) -> float:
        """Cosine of ``vector`` to the centroid of ``group_id`` (the sum of its members' unit
        vectors, those added so far included): what a membership stores as its similarity.
        Unlike :meth:`scores`, it has no anchor or source bonus, so it never exceeds 1."""
        total = self._sums[self._slot_of[group_id]]
        norm = float(np.linalg.norm(total))
        if norm == 0.0:
            return 0.0
        return float(total @ np.asarray(vector, dtype=np.float64).reshape(-1)) / norm

    def neighbours(self, group_id: int, k: int) -> list[tuple[int, float, int]]:
        """Up to ``k`` other groups nearest to the centroid of ``group_id`` (see
        :class:`PlacementIndex`); groups changed since the last HNSW write are compared too."""
        slot = self._slot_of.get(group_id)
        if slot is None:
            return []
        centre = self._sums[slot] / max(float(np.linalg.norm(self._sums[slot])), 1e-12)
        slots = set(self._pending)
        if self._indexed:
            labels, _ = self._hnsw.knn_query(
                centre.astype(np.float32).reshape(1, -1), k=min(k + 1, len(self._indexed))
            )
            slots.update(int(s) for s in labels[0])
        slots.discard(slot)
        found = []
        for other in slots:
            norm = float(np.linalg.norm(self._sums[other]))
            if norm > 0:
                cosine = float(self._sums[other] @ centre) / norm
                found.append((self._group_of[other], cosine, int(self._counts[other])))
        return sorted(found, key=lambda item: (-item[1], item[0]))[:k]

    def remove(
        self,
        group_id: int,
        vector: np.ndarray,
        anchor_set: frozenset[str],
        source: str | None = None,
    ) -> None:
        """Remove a member from ``group_id``; the group is dropped when it becomes empty."""
        slot = self._slot_of.get(group_id)
        if slot is None:
            raise KeyError(group_id)
        self._sums[slot] -= np.asarray(vector, dtype=np.float64).reshape(-1)
        self._counts[slot] -= 1
        self._members -= 1
        counts = self._anchor_counts[slot]
        for anchor in anchor_set:
            if counts[anchor] <= 0:
                continue
            counts[anchor] -= 1
            self._anchor_df[anchor] -= 1
            if self._anchor_df[anchor] <= 0:
                del self._anchor_df[anchor]
            if counts[anchor] == 0:
                del counts[anchor]
                holders = self._anchor_groups.get(anchor)
                if holders is not None:
                    holders.discard(slot)
                    if not holders:
                        del self._anchor_groups[anchor]
        if source is not None and self._source_counts[slot][source] > 0:
            self._source_counts[slot][source] -= 1
            if self._source_counts[slot][source] == 0:
                del self._source_counts[slot][source]
        if self._counts[slot] <= 0:
            self._free(group_id, slot)
        else:
            self._pending.add(slot)

    def drop(self, group_id: int) -> None:
        """Take a whole group out of the index (nothing happens if it is not there)."""
        slot = self._slot_of.get(group_id)
        if slot is None:
            return
        for anchor, count in self._anchor_counts[slot].items():
            self._anchor_df[anchor] -= count
            if self._anchor_df[anchor] <= 0:
                del self._anchor_df[anchor]
        self._members -= int(self._counts[slot])
        self._free(group_id, slot)

    def _free(self, group_id: int, slot: int) -> None:
        if slot in self._indexed:
            self._hnsw.mark_deleted(slot)
            self._indexed.discard(slot)
        self._pending.discard(slot)
        for anchor in self._anchor_counts[slot]:
            holders = self._anchor_groups.get(anchor)
            if holders is not None:
                holders.discard(slot)
                if not holders:
                    del self._anchor_groups[anchor]
        del self._slot_of[group_id]
        del self._group_of[slot]
        del self._anchor_counts[slot]
        del self._source_counts[slot]
        self._sums[slot] = 0.0
        self._counts[slot] = 0

    def _flush(self) -> None:
        """Write pending centroids to the HNSW index in one batch (cheap for bulk loads)."""
        if not self._pending:
            return
        slots = np.array(sorted(self._pending), dtype=np.int64)
        sums = self._sums[slots]
        norms = np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        revived = [int(s) for s in slots if s not in self._indexed]
        self._hnsw.add_items((sums / norms).astype(np.float32), slots)
        self._indexed.update(revived)
        self._pending.clear()

    def scores(
        self, vector: np.ndarray, anchor_set: frozenset[str], source: str | None = None
    ) -> dict[int, float]:
        """Score of the statement against each candidate group, by group id."""
        if not self._slot_of:
            return {}
        query = np.asarray(vector, dtype=np.float32).reshape(1, -1)
        if len(self._pending) > _PENDING_LIMIT:
            self._flush()
        # Groups changed since the last write to HNSW are scored exactly without being looked
        # up, so placing statements one by one does not rewrite the graph after every one.
        slots = set(self._pending)
        if self._indexed:
            k = min(self.params.candidates, len(self._indexed))
            labels, _ = self._hnsw.knn_query(query, k=k)
            slots.update(int(s) for s in labels[0])
        weights = anchor_weights(anchor_set, self._anchor_df, self._members, self.params)
        for anchor in weights:
            slots.update(self._anchor_groups.get(anchor, ()))
        slot_list = sorted(slots)
        slot_array = np.array(slot_list, dtype=np.int64)
        shared = np.array(
            [
                sum(w * self._anchor_counts[s].get(a, 0) for a, w in weights.items())
                for s in slot_list
            ],
            dtype=np.float64,
        )
        same_source = np.array(
            [source is not None and self._source_counts[s].get(source, 0) > 0 for s in slot_list],
            dtype=bool,
        )
        scored = rescore(
            query,
            self._sums[slot_array],
            self._counts[slot_array].astype(np.float64),
            shared,
            same_source,
            sum(weights.values()),
            self.params,
        )
        return {
            self._group_of[s]: float(v) for s, v in zip(slot_list, scored.tolist(), strict=True)
        }

    def best(
        self, vector: np.ndarray, anchor_set: frozenset[str], source: str | None = None
    ) -> tuple[int | None, float]:
        """Best group and its score; the group is None when no group reaches the threshold.

        The score of the best candidate is returned either way (0.0 when the index is empty).
        Ties go to the smaller group id.
        """
        return pick_best(self.scores(vector, anchor_set, source), self.params)
