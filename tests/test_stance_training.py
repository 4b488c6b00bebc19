"""The loss weights of `training/train_stance.py pair`."""

from __future__ import annotations

import pytest

from training.train_stance import pair_weights


def _rows(counts: dict[tuple[str, str], int]) -> list[dict[str, str]]:
    return [{"file": f, "label": label} for (f, label), n in counts.items() for _ in range(n)]


def test_label_weighting_gives_a_label_the_same_weight_in_every_file() -> None:
    rows = _rows({("fnc", "disagree"): 4, ("sick", "disagree"): 12, ("sick", "agree"): 64})
    weights = pair_weights(rows, "label")
    by_key = {(r["file"], r["label"]): w for r, w in zip(rows, weights, strict=True)}
    assert by_key[("fnc", "disagree")] == by_key[("sick", "disagree")]
    # 16 disagreeing pairs against 64 agreeing: 1/sqrt(16) over 1/sqrt(64)
    assert by_key[("sick", "disagree")] / by_key[("sick", "agree")] == pytest.approx(2.0)
    assert sum(weights) / len(weights) == pytest.approx(1.0)


def test_file_label_weighting_lifts_a_label_that_is_rare_in_its_file() -> None:
    rows = _rows({("fnc", "disagree"): 4, ("sick", "disagree"): 16, ("sick", "agree"): 64})
    weights = pair_weights(rows, "file-label")
    by_key = {(r["file"], r["label"]): w for r, w in zip(rows, weights, strict=True)}
    assert by_key[("fnc", "disagree")] / by_key[("sick", "disagree")] == pytest.approx(2.0)
    assert sum(weights) / len(weights) == pytest.approx(1.0)


def test_mixed_weighting_is_the_geometric_mean_of_the_other_two() -> None:
    rows = _rows({("fnc", "disagree"): 4, ("sick", "disagree"): 16, ("sick", "agree"): 64})
    weights = pair_weights(rows, "mixed")
    by_key = {(r["file"], r["label"]): w for r, w in zip(rows, weights, strict=True)}
    # label weighting: fnc and sick disagree alike (ratio 1); file-label: ratio 2; mixed: sqrt 2
    assert by_key[("fnc", "disagree")] / by_key[("sick", "disagree")] == pytest.approx(2**0.5)
    assert sum(weights) / len(weights) == pytest.approx(1.0)
