"""Whole-corpus grouping (``regroup`` and ``eval grouping``), with the score of
:mod:`verify.grouping.index`: a leader pass, reassignment passes, then merges of whole groups.

Pure numpy/scipy/hnswlib code: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import hnswlib
import numpy as np
import scipy.sparse as sp

from .index import DEFAULT_PARAMS, MIN_DF_LIMIT, GroupingParams, similarity_scale

_NEG = -1e9
_CELLS = 4_000_000  # score-matrix cells per block: bounds memory at ~16 MB per float32 matrix
_LEADER_CHUNK = 512
_DENSE_GROUPS = 4096  # above this many groups, candidates come from an HNSW index
_CLUSTER_CANDIDATES = 16


class _Corpus:
    """Row data of :func:`cluster` in matrix form, plus the current groups' aggregates."""

    def __init__(
        self,
        vectors: np.ndarray,
        anchor_sets: Sequence[frozenset[str]],
        sources: Sequence[str | None] | None,
        params: GroupingParams,
    ) -> None:
        n = vectors.shape[0]
        self.params = params
        self.x = np.ascontiguousarray(vectors, dtype=np.float32)
        self.sq = np.einsum("ij,ij->i", self.x, self.x).astype(np.float64)
        # Anchors: rarity weights, common ones dropped; rows normalised to sum 1.
        df: Counter[str] = Counter()
        for anchor_set in anchor_sets:
            df.update(anchor_set)
        limit = max(params.max_anchor_df * n, MIN_DF_LIMIT)
        vocabulary = {a: i for i, a in enumerate(sorted(a for a, c in df.items() if c <= limit))}
        rows: list[int] = []
        cols: list[int] = []
        weights: list[float] = []
        for row, anchor_set in enumerate(anchor_sets):
            for anchor in anchor_set:
                col = vocabulary.get(anchor)
                if col is not None:
                    rows.append(row)
                    cols.append(col)
                    weights.append(math.log((n + 1) / (df[anchor] + 1)) + 1.0)
        shape = (n, max(len(vocabulary), 1))
        self.anchor_binary = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=shape
        )
        weighted = sp.csr_matrix((np.asarray(weights, dtype=np.float32), (rows, cols)), shape=shape)
        totals = np.asarray(weighted.sum(axis=1)).ravel()
        self.has_anchors = (totals > 0).astype(np.float64)
        scale = np.divide(1.0, totals, out=np.zeros_like(totals), where=totals > 0)
        self.anchor_weighted = sp.csr_matrix(sp.diags(scale.astype(np.float32)) @ weighted)
        # Sources as a one-hot matrix (rows without a source are empty).
        codes: dict[str, int] = {}
        source_rows: list[int] = []
        source_cols: list[int] = []
        if sources is not None:
            for row, source in enumerate(sources):
                if source is not None:
                    source_rows.append(row)
                    source_cols.append(codes.setdefault(source, len(codes)))
        self.source_onehot = sp.csr_matrix(
            (np.ones(len(source_rows), dtype=np.float32), (source_rows, source_cols)),
            shape=(n, max(len(codes), 1)),
        )
        self.has_source = np.asarray(self.source_onehot.sum(axis=1)).ravel()
        self.use_sources = bool(codes) and params.source_bonus != 0.0
        self.use_anchors = bool(vocabulary) and params.anchor_weight != 0.0
        self.groups = 0
        self.hnsw: hnswlib.Index | None = None
        self.indexed = 0
        self.sums = np.zeros((0, self.x.shape[1]), dtype=np.float32)
        self.counts = np.zeros(0, dtype=np.int64)
        self.anchor_counts = sp.csr_matrix((shape[1], 0), dtype=np.float32)
        self.source_counts = sp.csr_matrix((self.source_onehot.shape[1], 0), dtype=np.float32)

    def rebuild(self, labels: np.ndarray, groups: int) -> None:
        """Recompute the per-group aggregates from ``labels`` (-1 = not placed)."""
        placed = np.flatnonzero(labels >= 0)
        assign = sp.csr_matrix(
            (np.ones(len(placed), dtype=np.float32), (placed, labels[placed])),
            shape=(self.x.shape[0], groups),
        )
        self.groups = groups
        self.counts = np.bincount(labels[placed], minlength=groups).astype(np.int64)
        self.sums = np.asarray(assign.T @ self.x, dtype=np.float32)
        self.norms = np.sqrt(np.einsum("ij,ij->i", self.sums, self.sums).astype(np.float64))
        if self.use_anchors:
            self.anchor_counts = sp.csr_matrix(self.anchor_binary.T @ assign)
        if self.use_sources:
            self.source_counts = sp.csr_matrix(self.source_onehot.T @ assign)

    def scores(
        self, rows: np.ndarray, labels: np.ndarray, target_min_size: np.ndarray | None = None
    ) -> np.ndarray:
        """Score matrix (len(rows), groups), float32; own group scored without the row.

        ``target_min_size`` (per row, optional) excludes groups smaller than it whose id is
        above the row's own group (two singletons may merge, the later into the earlier).
        """
        params = self.params
        counts = self.counts.astype(np.float64)
        score = self.x[rows] @ self.sums.T  # dot products with the groups' vector sums
        own = labels[rows]
        local = np.flatnonzero(own >= 0)
        g = own[local]
        dot = score[local, g].astype(np.float64)
        inverse = (1.0 / similarity_scale(self.norms, counts, params.cohesion)).astype(np.float32)
        score *= inverse[None, :]
        if self.use_anchors:
            shared = sp.csr_matrix(self.anchor_weighted[rows] @ self.anchor_counts).tocoo()
            per_member = (params.anchor_weight / np.maximum(counts, 1.0)).astype(np.float32)
            score[shared.row, shared.col] += shared.data * per_member[shared.col]
        if self.use_sources:
            same = sp.csr_matrix(self.source_onehot[rows] @ self.source_counts).tocoo()
            score[same.row, same.col] += np.float32(params.source_bonus)
        if len(local):
            r = rows[local]
            remaining = counts[g] - 1.0
            norm = np.sqrt(np.maximum(self.norms[g] ** 2 - 2.0 * dot + self.sq[r], 1e-12))
            value = (dot - self.sq[r]) / similarity_scale(norm, remaining, params.cohesion)
            if self.use_anchors:
                own_shared = _pick(self.anchor_weighted[r], self.anchor_counts, g)
                left = own_shared - self.has_anchors[r]
                value += params.anchor_weight * left / np.maximum(remaining, 1.0)
            if self.use_sources:
                own_same = _pick(self.source_onehot[r], self.source_counts, g)
                value += params.source_bonus * ((own_same - self.has_source[r]) > 0.5)
            score[local, g] = np.where(remaining > 0, value, _NEG)
        empty = np.flatnonzero(self.counts == 0)
        if len(empty):
            score[:, empty] = _NEG
        if target_min_size is not None:
            picky = np.flatnonzero(target_min_size > 1)
            small = np.flatnonzero(self.counts < 2)
            if len(picky) and len(small):
                block = np.ix_(picky, small)
                later = small[None, :] > own[picky][:, None]
                score[block] = np.where(later, _NEG, score[block])
        return score

    def best(
        self,
        rows: np.ndarray,
        labels: np.ndarray,
        target_min_size: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Best group and score for each of ``rows`` (group -1 when there is no group)."""
        best_group = np.full(len(rows), -1, dtype=np.int64)
        best_score = np.full(len(rows), _NEG, dtype=np.float64)
        if self.groups == 0 or len(rows) == 0:
            return best_group, best_score
        if self.groups > _DENSE_GROUPS and self.hnsw is not None:
            return self._best_candidates(rows, labels, target_min_size)
        step = max(1, _CELLS // self.groups)
        for start in range(0, len(rows), step):
            part = slice(start, start + step)
            minimum = None if target_min_size is None else target_min_size[part]
            score = self.scores(rows[part], labels, minimum)
            pick = np.argmax(score, axis=1)
            best_group[part] = pick
            best_score[part] = score[np.arange(score.shape[0]), pick]
        return best_group, best_score

    def sync_index(self, fresh: bool) -> None:
        """Keep an HNSW index over the group centroids once there are many groups.

        ``fresh`` rebuilds it from the current groups; otherwise only groups created since the
        last sync are added (centroids that drifted stay as indexed: the index only proposes
        candidates, which are then scored exactly against the current sums).
        """
        if self.groups <= _DENSE_GROUPS:
            self.hnsw = None
            return
        if fresh or self.hnsw is None:
            self.hnsw = hnswlib.Index(space="ip", dim=self.x.shape[1])
            self.hnsw.init_index(max_elements=max(2 * self.groups, 1024), ef_construction=64, M=16)
            self.hnsw.set_ef(3 * _CLUSTER_CANDIDATES)
            self.indexed = 0
        if self.groups > self.hnsw.get_max_elements():
            self.hnsw.resize_index(2 * self.groups)
        new = np.arange(self.indexed, self.groups)
        new = new[self.counts[new] > 0]
        if len(new):
            centroids = self.sums[new] / np.maximum(self.norms[new], 1e-12)[:, None]
            self.hnsw.add_items(centroids.astype(np.float32), new)
        self.indexed = self.groups

    def _best_candidates(
        self, rows: np.ndarray, labels: np.ndarray, target_min_size: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`best` among each row's nearest centroids (HNSW) and its own group."""
        assert self.hnsw is not None
        k = min(_CLUSTER_CANDIDATES, self.hnsw.get_current_count())
        best_group = np.full(len(rows), -1, dtype=np.int64)
        best_score = np.full(len(rows), _NEG, dtype=np.float64)
        step = 2048
        for start in range(0, len(rows), step):
            part = rows[start : start + step]
            found, _ = self.hnsw.knn_query(self.x[part], k=k)
            own = labels[part]
            candidates = np.concatenate([found.astype(np.int64), own[:, None]], axis=1)
            is_own = np.zeros(candidates.shape, dtype=bool)
            is_own[:, -1] = own >= 0
            duplicate = (candidates[:, :-1] == own[:, None]) & (own[:, None] >= 0)
            candidates[:, :-1][duplicate] = -1
            pair_rows = np.repeat(part, candidates.shape[1])
            pair_groups = candidates.ravel()
            valid = pair_groups >= 0
            score = np.full(pair_groups.shape, _NEG, dtype=np.float64)
            score[valid] = self._pair_scores(
                pair_rows[valid], pair_groups[valid], is_own.ravel()[valid]
            )
            if target_min_size is not None:
                minimum = np.repeat(target_min_size[start : start + step], candidates.shape[1])
                own_pairs = np.repeat(own, candidates.shape[1])
                too_small = (
                    valid
                    & (self.counts[np.maximum(pair_groups, 0)] < minimum)
                    & (pair_groups > own_pairs)
                )
                score[too_small] = _NEG
            matrix = score.reshape(candidates.shape)
            pick = np.argmax(matrix, axis=1)
            chosen = matrix[np.arange(len(part)), pick]
            best_group[start : start + step] = np.where(
                chosen > _NEG, candidates[np.arange(len(part)), pick], -1
            )
            best_score[start : start + step] = chosen
        return best_group, best_score

    def _pair_scores(self, rows: np.ndarray, groups: np.ndarray, own: np.ndarray) -> np.ndarray:
        """Score of row ``rows[i]`` against group ``groups[i]`` (without the row if ``own[i]``)."""
        params = self.params
        dot = np.einsum("ij,ij->i", self.x[rows], self.sums[groups]).astype(np.float64)
        counts = self.counts[groups].astype(np.float64) - own
        norms = np.where(
            own,
            np.sqrt(np.maximum(self.norms[groups] ** 2 - 2.0 * dot + self.sq[rows], 1e-12)),
            self.norms[groups],
        )
        dot = dot - np.where(own, self.sq[rows], 0.0)
        score = dot / similarity_scale(norms, counts, params.cohesion)
        if self.use_anchors:
            shared = _pick(self.anchor_weighted[rows], self.anchor_counts, groups)
            shared -= np.where(own, self.has_anchors[rows], 0.0)
            score += params.anchor_weight * shared / np.maximum(counts, 1.0)
        if self.use_sources:
            same = _pick(self.source_onehot[rows], self.source_counts, groups)
            same -= np.where(own, self.has_source[rows], 0.0)
            score += params.source_bonus * (same > 0.5)
        return np.where(counts > 0, score, _NEG)

    def local_leader(self, rows: np.ndarray) -> list[int]:
        """Sequential leader grouping of ``rows`` among themselves: local group per row."""
        params = self.params
        m = len(rows)
        gram = (self.x[rows] @ self.x[rows].T).astype(np.float64)
        if self.use_anchors:
            overlap = np.asarray(
                (self.anchor_weighted[rows] @ self.anchor_binary[rows].T).todense(),
                dtype=np.float64,
            )
        if self.use_sources:
            onehot = self.source_onehot[rows]
            same = np.asarray((onehot @ onehot.T).todense(), dtype=np.float64)
        # Row g of the accumulators holds, for every local row, its sum over group g's members.
        acc_dot = np.zeros((m, m))
        acc_anchor = np.zeros((m, m)) if self.use_anchors else acc_dot
        acc_source = np.zeros((m, m)) if self.use_sources else acc_dot
        sq_norm = np.zeros(m)
        size = np.zeros(m)
        out: list[int] = []
        groups = 0
        for i in range(m):
            target = -1
            if groups:
                norm = np.sqrt(np.maximum(sq_norm[:groups], 1e-12))
                score = acc_dot[:groups, i] / similarity_scale(norm, size[:groups], params.cohesion)
                if self.use_anchors:
                    score += params.anchor_weight * acc_anchor[:groups, i] / size[:groups]
                if self.use_sources:
                    score += params.source_bonus * (acc_source[:groups, i] > 0)
                pick = int(np.argmax(score))
                if score[pick] >= params.threshold:
                    target = pick
            if target < 0:
                target = groups
                groups += 1
            sq_norm[target] += 2.0 * acc_dot[target, i] + gram[i, i]
            acc_dot[target] += gram[i]
            if self.use_anchors:
                acc_anchor[target] += overlap[:, i]
            if self.use_sources:
                acc_source[target] += same[i]
            size[target] += 1
            out.append(target)
        return out


def _pick(rows: sp.csr_matrix, counts: sp.csr_matrix, columns: np.ndarray) -> np.ndarray:
    """Row i of ``rows @ counts`` at column ``columns[i]``, without the full product."""
    picked = sp.csr_matrix(counts[:, columns].T)  # row i: the counts of group columns[i]
    return np.asarray(rows.multiply(picked).sum(axis=1), dtype=np.float64).ravel()


def _leader(
    corpus: _Corpus, order: np.ndarray, labels: np.ndarray, groups: int, fresh: bool
) -> int:
    """Place the rows of ``order`` (unplaced) in turn: join the best group or found one.

    Rows go in chunks: each chunk is scored against the groups so far in one matrix product,
    and the chunk's rows that reach no group are grouped among themselves sequentially.
    """
    threshold = corpus.params.threshold
    for number, start in enumerate(range(0, len(order), _LEADER_CHUNK)):
        chunk = order[start : start + _LEADER_CHUNK]
        corpus.rebuild(labels, groups)
        corpus.sync_index(fresh=fresh and number == 0)
        target, score = corpus.best(chunk, labels)
        joins = score >= threshold
        labels[chunk[joins]] = target[joins]
        rest = chunk[~joins]
        if len(rest):
            local = corpus.local_leader(rest)
            labels[rest] = groups + np.asarray(local, dtype=np.int64)
            groups += max(local) + 1
    return groups


def _merge_groups(corpus: _Corpus, labels: np.ndarray, groups: int, fixed_groups: int) -> bool:
    """Merge mutual-best pairs of groups that score ``merge_threshold`` as wholes.

    A row is placed against groups one at a time, so an event can end up as two groups that
    each hold a coherent part of it (the raid and its denial in one, the army's details in
    another). Comparing groups as wholes (centroid to centroid, anchor profile to anchor
    profile, shared sources) joins such halves; mutual-best pairs only, so nothing chains.
    Two groups a person confirmed are never merged. Returns whether anything was merged.
    """
    params = corpus.params
    corpus.rebuild(labels, groups)
    live = np.flatnonzero(corpus.counts > 0)
    if len(live) < 2:
        return False
    unit = corpus.sums[live] / np.maximum(corpus.norms[live], 1e-12)[:, None].astype(np.float32)
    k = min(_CLUSTER_CANDIDATES, len(live) - 1)
    if len(live) <= _DENSE_GROUPS:
        similarity = unit @ unit.T
        np.fill_diagonal(similarity, -np.inf)
        neighbours = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
        cosines = np.take_along_axis(similarity, neighbours, axis=1)
    else:
        index = hnswlib.Index(space="ip", dim=unit.shape[1])
        index.init_index(max_elements=len(live), ef_construction=100, M=16)
        index.add_items(unit, np.arange(len(live)))
        index.set_ef(max(64, k + 1))
        found, distances = index.knn_query(unit, k=k + 1)
        neighbours, cosines = found[:, 1:].astype(np.int64), 1.0 - distances[:, 1:]
    # Centroid cosine scaled like a row's score (cohesion): loose groups attract less.
    tightness = (corpus.norms[live] / np.maximum(corpus.counts[live], 1)) ** params.cohesion
    score = cosines.astype(np.float64) * tightness[:, None] * tightness[neighbours]
    pairs_a = np.repeat(np.arange(len(live)), k)
    pairs_b = neighbours.ravel()
    if corpus.use_anchors:
        document_frequency = np.asarray(corpus.anchor_binary.sum(axis=0)).ravel()
        rarity = np.log((corpus.x.shape[0] + 1) / (document_frequency + 1)) + 1.0
        profile = sp.csr_matrix(corpus.anchor_counts[:, live].T @ sp.diags(rarity))
        lengths = np.sqrt(np.asarray(profile.multiply(profile).sum(axis=1)).ravel())
        profile = sp.csr_matrix(sp.diags(1.0 / np.maximum(lengths, 1e-12)) @ profile)
        overlap = np.asarray(profile[pairs_a].multiply(profile[pairs_b]).sum(axis=1)).ravel()
        score += params.anchor_weight * overlap.reshape(score.shape)
    if corpus.use_sources:
        held = sp.csr_matrix((corpus.source_counts[:, live] > 0).T.astype(np.float32))
        shared = np.asarray(held[pairs_a].multiply(held[pairs_b]).sum(axis=1)).ravel() > 0
        score += params.source_bonus * shared.reshape(score.shape)
    best = np.argmax(score, axis=1)
    partner = neighbours[np.arange(len(live)), best]
    best_score = score[np.arange(len(live)), best]
    mutual = partner[partner] == np.arange(len(live))
    merge = mutual & (best_score >= params.merge_threshold) & (np.arange(len(live)) < partner)
    merge &= ~((live < fixed_groups) & (live[partner] < fixed_groups))
    if not merge.any():
        return False
    mapping = np.arange(groups)
    for a in np.flatnonzero(merge):
        keep, drop = sorted((int(live[a]), int(live[partner[a]])))
        mapping[drop] = keep  # the lower slot survives, so a fixed group keeps its slot
    placed = labels >= 0
    labels[placed] = mapping[labels[placed]]
    return True


def _data_order(vectors: np.ndarray) -> np.ndarray:
    """A processing order that depends on the data, not on the order of the rows."""
    rng = np.random.default_rng(20261125)
    direction = np.asarray(rng.standard_normal(vectors.shape[1]), dtype=np.float32)
    key = np.round(vectors @ direction, 5)
    return np.lexsort((np.arange(len(key)), key))


def cluster(
    vectors: np.ndarray,
    anchor_sets: Sequence[frozenset[str]],
    sources: Sequence[str | None] | None = None,
    fixed: Mapping[int, int] | None = None,
    params: GroupingParams = DEFAULT_PARAMS,
) -> np.ndarray:
    """Whole-corpus grouping: an int label per row (``vectors`` are unit rows).

    ``fixed`` maps a row index to a label a person confirmed: those rows keep exactly that label,
    rows with the same fixed label stay together, different fixed labels are never merged, and
    free rows may join fixed groups. Free groups get labels above every fixed label.

    Method: a leader pass in a data-derived order (rows are processed in order of their
    projection on a fixed direction, so the row order of the input does not matter), then
    ``params.passes`` reassignment passes in which every free row moves to its best group
    (its own group scored without it) or, reaching none, is placed again by a leader pass;
    after the first pass only rows whose own or best group changed are rescored. Scoring is
    blockwise matrix products while there are at most 4096 groups; above that each row's 16
    nearest centroids (HNSW) plus its own group are scored exactly. Memory stays bounded.
    """
    n = int(vectors.shape[0])
    if len(anchor_sets) != n or (sources is not None and len(sources) != n):
        raise ValueError("vectors, anchor_sets and sources must have the same length")
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    corpus = _Corpus(vectors, anchor_sets, sources, params)
    fixed = dict(fixed or {})
    labels = np.full(n, -1, dtype=np.int64)
    fixed_labels = sorted(set(fixed.values()))
    fixed_slot = {label: slot for slot, label in enumerate(fixed_labels)}
    for row, label in fixed.items():
        labels[row] = fixed_slot[label]
    groups = len(fixed_labels)
    is_fixed = labels >= 0
    order = _data_order(corpus.x)
    free_order = order[~is_fixed[order]]
    groups = _leader(corpus, free_order, labels, groups, fresh=True)

    # Rows are rescored only while their own group or their best other group changes.
    active = np.ones(len(free_order), dtype=bool)
    last_target = np.full(len(free_order), -1, dtype=np.int64)
    for number in range(params.passes):
        corpus.rebuild(labels, groups)
        corpus.sync_index(fresh=number == 0)  # after the leader pass, centroids have moved
        rows = free_order[active]
        sizes = corpus.counts[labels[rows]]
        # A singleton joins another singleton only if that one's id is lower: no swaps.
        minimum = np.where(sizes <= 1, 2, 1)
        target, score = corpus.best(rows, labels, minimum)
        last_target[active] = target
        own = labels[rows]
        move = (score >= params.threshold) & (target != own)
        orphan = (score < params.threshold) & (sizes > 1)
        if not move.any() and not orphan.any():
            break
        before = labels.copy()
        labels[rows[move]] = target[move]
        labels[rows[orphan]] = -1
        corpus.rebuild(labels, groups)
        orphans = rows[orphan]
        groups = _leader(corpus, orphans, labels, groups, fresh=False)
        changed_rows = np.flatnonzero(before != labels)
        changed = np.zeros(groups, dtype=bool)
        changed[before[changed_rows][before[changed_rows] >= 0]] = True
        changed[labels[changed_rows]] = True
        active = changed[labels[free_order]] | (
            (last_target >= 0) & changed[np.maximum(last_target, 0)]
        )

    if params.merge_threshold > 0:
        for _ in range(params.merge_rounds):
            if not _merge_groups(corpus, labels, groups, len(fixed_labels)):
                break

    # Output labels: fixed groups keep their label, free groups are numbered after them in
    # order of their first row.
    result = np.empty(n, dtype=np.int64)
    base = (max(fixed_labels) + 1) if fixed_labels else 0
    first_row: dict[int, int] = {}
    for row, slot in enumerate(labels.tolist()):
        if slot >= len(fixed_labels) and slot not in first_row:
            first_row[slot] = row
    numbering = {slot: base + i for i, slot in enumerate(first_row)}  # by first row
    for slot, label in enumerate(fixed_labels):
        numbering[slot] = label
    result[:] = [numbering[slot] for slot in labels.tolist()]
    return result
