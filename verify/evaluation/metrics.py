"""Evaluation metrics: B-cubed, adjusted Rand index, precision/recall/F1 from counts."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
from sklearn.metrics import adjusted_rand_score


def _codes(labels: Sequence[Hashable]) -> np.ndarray:
    index: dict[Hashable, int] = {}
    return np.fromiter(
        (index.setdefault(label, len(index)) for label in labels),
        dtype=np.int64,
        count=len(labels),
    )


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin), each item counting once.

    For item i with gold cluster G and predicted cluster P: precision_i = |G & P| / |P| and
    recall_i = |G & P| / |G|; the figures are the means over items. Computed from the
    contingency counts: the n_gp items of a cell all share n_gp / |P| and n_gp / |G|.
    """
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted must have the same length")
    n = len(gold)
    if n == 0:
        return 0.0, 0.0, 0.0
    g = _codes(gold)
    p = _codes(predicted)
    pairs = g * (int(p.max()) + 1) + p
    cells, cell_counts = np.unique(pairs, return_counts=True)
    cell_gold = cells // (int(p.max()) + 1)
    cell_pred = cells % (int(p.max()) + 1)
    gold_sizes = np.bincount(g)
    pred_sizes = np.bincount(p)
    squared = cell_counts.astype(np.float64) ** 2
    precision = float(np.sum(squared / pred_sizes[cell_pred]) / n)
    recall = float(np.sum(squared / gold_sizes[cell_gold]) / n)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return precision, recall, f1


def adjusted_rand(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Adjusted Rand index (Hubert & Arabie) of two labellings of the same items."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted must have the same length")
    return float(adjusted_rand_score(_codes(gold), _codes(predicted)))


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts; 0.0 where a ratio is undefined."""
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return {"p": precision, "r": recall, "f1": f1}
