"""Metrics against hand-computed values."""

from __future__ import annotations

import pytest

from verify.evaluation.metrics import adjusted_rand, bcubed, prf


def test_bcubed_mixed_case() -> None:
    # Items 0,1: P=1, R=2/3; item 2: P=1/3, R=1/3; items 3,4: P=2/3, R=1 -> both means 11/15.
    p, r, f1 = bcubed(["a", "a", "a", "b", "b"], [1, 1, 2, 2, 2])
    assert p == pytest.approx(11 / 15)
    assert r == pytest.approx(11 / 15)
    assert f1 == pytest.approx(11 / 15)


def test_bcubed_split_cluster_keeps_precision() -> None:
    # One gold cluster of 4 split 2+1+1: recall (2/4+2/4+1/4+1/4)/4 = 3/8, F1 = 6/11.
    p, r, f1 = bcubed(["x", "x", "x", "x"], ["1", "1", "2", "3"])
    assert p == pytest.approx(1.0)
    assert r == pytest.approx(3 / 8)
    assert f1 == pytest.approx(6 / 11)


def test_bcubed_everything_merged() -> None:
    # Two gold clusters of 2 in one predicted group: precision 2/4 each, recall 1.
    assert bcubed([0, 0, 1, 1], [9, 9, 9, 9]) == pytest.approx((0.5, 1.0, 2 / 3))


def test_bcubed_rejects_length_mismatch() -> None:
    with pytest.raises(ValueError):
        bcubed([1, 2], [1])


def test_adjusted_rand() -> None:
    assert adjusted_rand(["a", "a", "b"], [5, 5, 7]) == pytest.approx(1.0)
    # Contingency all ones: index 0, expected 2*2/6, max 2 -> (0 - 2/3) / (2 - 2/3) = -0.5.
    assert adjusted_rand([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)


def test_prf() -> None:
    assert prf(3, 1, 2) == pytest.approx({"p": 0.75, "r": 0.6, "f1": 2 / 3})
    assert prf(0, 0, 0) == {"p": 0.0, "r": 0.0, "f1": 0.0}
    assert prf(0, 4, 0) == {"p": 0.0, "r": 0.0, "f1": 0.0}
