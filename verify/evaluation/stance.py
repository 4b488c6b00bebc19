"""`verify eval stance`: read a stance file, judge every pair as the app does, score the labels.

Figures (the eval README's contract, details ours):
- accuracy: the share of pairs whose predicted label is the gold label;
- macro_f1: the mean F1 over the labels present in the file's gold (a label only predicted does
  not count: it would score 0 in a file that cannot contain it);
- per_label: precision, recall, F1 and gold support of every label present in gold or predictions;
- confusion: gold label -> predicted label -> count, a full square over those same labels;
- fnc_score: FNC-1 scoring, only when the gold contains "unrelated" (else None): 0.25 per pair
  whose related-vs-unrelated call matches the gold, plus 0.75 per related gold pair predicted with
  its exact label, as a percentage of the best possible score.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..stance.relation import LABELS, PairJudge
from .jsonl import json_objects
from .metrics import prf

UNRELATED = "unrelated"


def read_stance_file(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a stance JSONL file: {"id", "a", "b", "label", "dataset"}, one object per line.

    Blank lines are skipped; "a" and "b" may be empty strings. Raises ``ValueError`` naming the
    (1-based) line number when a line is not a JSON object, "a" or "b" is not a string, or
    "label" is not one of LABELS; and when the file holds no pairs at all.
    """
    rows: list[dict[str, Any]] = []
    for where, row in json_objects(path):
        for key in ("a", "b"):
            if not isinstance(row.get(key), str):
                raise ValueError(f"{where}: {key!r} must be a string")
        if "label" not in row:
            raise ValueError(f"{where}: missing 'label' (one of {', '.join(LABELS)})")
        label = row["label"]
        if label not in LABELS:
            raise ValueError(f"{where}: label {label!r} is not one of {', '.join(LABELS)}")
        rows.append(row)
    if not rows:
        raise ValueError(f"no pairs in {path}")
    return rows


def _ordered(labels: set[str]) -> list[str]:
    """LABELS order first, any other label after, alphabetically."""
    rank = {label: index for index, label in enumerate(LABELS)}
    return sorted(labels, key=lambda label: (rank.get(label, len(LABELS)), label))


def fnc_score(gold: Sequence[str], predicted: Sequence[str]) -> float | None:
    """The FNC-1 score as a percentage of the best possible, or None when no gold is unrelated."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted must have the same length")
    if UNRELATED not in gold:
        return None
    score = 0.0
    best = 0.0
    for truth, guess in zip(gold, predicted, strict=True):
        best += 0.25 if truth == UNRELATED else 1.0
        if (truth == UNRELATED) == (guess == UNRELATED):
            score += 0.25
            if truth != UNRELATED and guess == truth:
                score += 0.75
    return 100.0 * score / best


def score_stance(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """accuracy, macro_f1, per_label, confusion and fnc_score of predicted against gold labels."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted must have the same length")
    labels = _ordered(set(gold) | set(predicted))
    cells = Counter(zip(gold, predicted, strict=True))
    confusion = {truth: {guess: cells[truth, guess] for guess in labels} for truth in labels}
    gold_counts = Counter(gold)
    predicted_counts = Counter(predicted)
    per_label: dict[str, dict[str, Any]] = {}
    for label in labels:
        tp = cells[label, label]
        figures: dict[str, Any] = prf(tp, predicted_counts[label] - tp, gold_counts[label] - tp)
        figures["support"] = gold_counts[label]
        per_label[label] = figures
    present = [label for label in labels if gold_counts[label]]
    correct = sum(cells[label, label] for label in labels)
    return {
        "accuracy": correct / len(gold) if gold else 0.0,
        "macro_f1": (
            sum(per_label[label]["f1"] for label in present) / len(present) if present else 0.0
        ),
        "per_label": per_label,
        "confusion": confusion,
        "fnc_score": fnc_score(gold, predicted),
    }


def evaluate_stance(rows: Sequence[dict[str, Any]], judge: PairJudge) -> dict[str, Any]:
    """Judge every row's (a, b) pair in one call and score the labels (README contract).

    "seconds" is the judge's time; "notes" counts the relations per note (answers that did not
    come from the model, such as "language not supported"); "datasets" lists the files'
    distinct "dataset" values.
    """
    pairs = [(str(row["a"]), str(row["b"])) for row in rows]
    started = time.perf_counter()
    relations = judge.relate(pairs)
    seconds = time.perf_counter() - started
    if len(relations) != len(pairs):
        raise ValueError(f"the judge answered {len(relations)} of {len(pairs)} pairs")
    result = score_stance([str(row["label"]) for row in rows], [r.label for r in relations])
    result["pairs"] = len(pairs)
    result["seconds"] = seconds
    notes = Counter(r.note for r in relations if r.note is not None)
    result["notes"] = dict(notes.most_common())
    result["datasets"] = sorted({str(row["dataset"]) for row in rows if "dataset" in row})
    return result
