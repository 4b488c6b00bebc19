"""Grouping with synthetic vectors (no model): index placement, fixed labels, anchors."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from verify.grouping.anchors import anchors
from verify.grouping.clustering import cluster
from verify.grouping.index import DEFAULT_PARAMS, GroupIndex, GroupingParams

PARAMS = GroupingParams(threshold=0.5, anchor_weight=0.2, source_bonus=0.1)
NONE: frozenset[str] = frozenset()


def unit(*values: float, dimensions: int = 8) -> np.ndarray:
    vector = np.zeros(dimensions, dtype=np.float32)
    vector[: len(values)] = values
    return vector / np.linalg.norm(vector)


def test_best_respects_threshold() -> None:
    index = GroupIndex(8, PARAMS)
    index.add(1, unit(1.0), NONE)
    index.add(2, unit(0.0, 1.0), NONE)
    group, score = index.best(unit(1.0, 0.3), NONE)  # cosine 0.958 with group 1
    assert group == 1
    assert score == pytest.approx(1 / np.sqrt(1.09), abs=1e-5)
    group, score = index.best(unit(1.0, 1.0, 2.0), NONE)  # cosine 0.408 with both: too low
    assert group is None
    assert score == pytest.approx(1 / np.sqrt(6), abs=1e-5)


def test_anchors_and_source_raise_the_score() -> None:
    index = GroupIndex(8, PARAMS)
    index.add(1, unit(1.0), frozenset({"mastung"}), source="article-1")
    query = unit(1.0, 1.0, 2.0)  # cosine 0.408: below 0.5 on its own
    assert index.best(query, NONE)[0] is None
    group, score = index.best(query, frozenset({"mastung"}), source="article-1")
    assert group == 1
    assert score == pytest.approx(1 / np.sqrt(6) + 0.2 + 0.1, abs=1e-5)


def test_cosine_is_to_the_centroid_without_bonuses() -> None:
    index = GroupIndex(8, PARAMS)
    index.add(1, unit(1.0), frozenset({"mastung"}), source="article-1")
    index.add(1, unit(0.0, 1.0), frozenset({"mastung"}), source="article-1")
    query = unit(1.0, 1.0)  # on the centroid's direction: cosine 1, however many bonuses apply
    assert index.best(query, frozenset({"mastung"}), source="article-1")[1] > 1.0
    assert index.cosine(1, query) == pytest.approx(1.0, abs=1e-6)
    assert index.cosine(1, unit(1.0)) == pytest.approx(1 / np.sqrt(2), abs=1e-6)


def test_remove_drops_empty_group() -> None:
    index = GroupIndex(8, PARAMS)
    index.add(7, unit(1.0), frozenset({"x"}))
    index.add(7, unit(1.0, 0.2), frozenset({"x"}))
    index.add(8, unit(0.0, 1.0), NONE)
    assert len(index) == 2
    index.remove(7, unit(1.0), frozenset({"x"}))
    assert len(index) == 2
    index.remove(7, unit(1.0, 0.2), frozenset({"x"}))
    assert len(index) == 1
    assert index.best(unit(1.0), frozenset({"x"}))[0] is None
    assert index.best(unit(0.0, 1.0), NONE)[0] == 8
    with pytest.raises(KeyError):
        index.remove(7, unit(1.0), NONE)


def test_cluster_honours_fixed() -> None:
    vectors = np.stack(
        [unit(1.0), unit(0.0, 1.0), unit(1.0, 0.1), unit(1.0, 0.05), unit(0.0, 0.0, 1.0)]
    )
    # Rows 0 and 1 are orthogonal but confirmed together; row 3 is confirmed elsewhere.
    labels = cluster(vectors, [NONE] * 5, fixed={0: 42, 1: 42, 3: 5}, params=PARAMS)
    assert labels[0] == labels[1] == 42
    assert labels[3] == 5
    assert labels[2] in (42, 5)  # a free row may join a confirmed group
    assert labels[4] not in (5, 42)  # unrelated row gets a fresh label above the fixed ones
    assert labels[4] > 42


def test_cluster_groups_synthetic_topics_regardless_of_order() -> None:
    rng = np.random.default_rng(0)
    centres = rng.standard_normal((5, 32))
    rows = np.repeat(np.arange(5), 20)
    vectors = centres[rows] + 0.35 * rng.standard_normal((100, 32))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    params = dataclasses.replace(DEFAULT_PARAMS, anchor_weight=0.0)
    labels = cluster(vectors, [NONE] * 100, params=params)
    same = labels[:, None] == labels[None, :]
    assert (same == (rows[:, None] == rows[None, :])).all()
    order = rng.permutation(100)
    shuffled = cluster(vectors[order], [NONE] * 100, params=params)
    back = np.empty(100, dtype=np.int64)
    back[order] = shuffled
    assert ((back[:, None] == back[None, :]) == same).all()


def test_anchors_pick_names_and_numbers_not_initial_the() -> None:
    found = anchors("The army killed 12 fighters in Mastung, the ISPR said on Monday.")
    assert {"mastung", "12", "ispr", "monday"} <= found
    assert "the" not in found and "The" not in found and "army" not in found
    assert anchors("Islamic State denies it; IS is weak, U.S. officials say.") >= {"IS", "US"}
    assert "is" not in anchors("It is what it is.")
    assert anchors("McDonald's sold twelve burgers") == frozenset({"mcdonald", "12"})
