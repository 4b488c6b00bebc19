"""The combiner: a multinomial logistic regression from the pair model's log-probabilities and the
hand signals to the final probabilities over `relation.LABELS`.

Its weights are fitted by `training/train_stance.py combine` on pairs the pair model never saw in
training, and ship as `verify/data/stance_combiner.json` (features, scaling, coefficients,
intercepts, provenance). Scoring is numpy only: no scikit-learn at run time.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .relation import LABELS

WEIGHTS_PATH = Path(__file__).resolve().parent.parent / "data" / "stance_combiner.json"


class Combiner:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.features: list[str] = [str(f) for f in data["features"]]
        self.labels: list[str] = [str(label) for label in data["labels"]]
        if sorted(self.labels) != sorted(LABELS):
            raise ValueError(f"labels {self.labels} are not {list(LABELS)}")
        self.mean = np.asarray(data["mean"], dtype=np.float64)
        self.scale = np.asarray(data["scale"], dtype=np.float64)
        self.coef = np.asarray(data["coef"], dtype=np.float64)
        self.intercept = np.asarray(data["intercept"], dtype=np.float64)
        width = len(self.features)
        if self.coef.shape != (len(self.labels), width) or self.mean.shape != (width,):
            raise ValueError("coefficient shapes do not match the feature list")

    def matrix(self, rows: Sequence[Mapping[str, float]]) -> np.ndarray:
        return np.array([[row.get(f, 0.0) for f in self.features] for row in rows], dtype=float)

    def probabilities(self, rows: Sequence[Mapping[str, float]]) -> np.ndarray:
        """Shape (len(rows), len(LABELS)), columns in `LABELS` order."""
        if not rows:
            return np.zeros((0, len(LABELS)))
        scores = ((self.matrix(rows) - self.mean) / self.scale) @ self.coef.T + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        probs = exp / exp.sum(axis=1, keepdims=True)
        order = [self.labels.index(label) for label in LABELS]
        return np.asarray(probs[:, order])


@lru_cache(maxsize=1)
def combiner() -> Combiner:
    """The shipped weights, read on first use; a missing or broken file is an error."""
    if not WEIGHTS_PATH.is_file():
        raise RuntimeError(
            f"stance combiner weights not found at {WEIGHTS_PATH}; they ship with the package "
            "(rebuild them with `python training/train_stance.py combine`)"
        )
    try:
        return Combiner(json.loads(WEIGHTS_PATH.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError) as error:
        raise RuntimeError(f"stance combiner weights at {WEIGHTS_PATH}: {error}") from error


def pair_features(log_probabilities: Sequence[float]) -> dict[str, float]:
    """The pair model's output as combiner features: one log-probability per label."""
    return {f"pair:{label}": float(v) for label, v in zip(LABELS, log_probabilities, strict=True)}
