"""The `combine` stage of training/train_stance.py: fit the stance combiner and measure what each
hand signal adds.

Features: the pair model's log-probabilities (cached by the `pair` stage for the calibrate and
report splits) and the groups of `verify.stance.signals.SIGNAL_GROUPS`. A signal group stays only
when it raises the mean macro-F1 over the files in 5-fold cross-validation on the calibrate split
by more than MIN_GAIN; the report split is scored once per variant, for the record, and never used
to choose. The final combiner is fitted on the whole calibrate split; then its disagree
intercept is raised by the prior of BOOSTS that cross-validates best (`_disagree_boost`).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from training.train_stance import SEED, read_pairs
from verify.evaluation.stance import score_stance
from verify.stance import combiner as combiner_module
from verify.stance import signals
from verify.stance.combiner import pair_features
from verify.stance.relation import LABELS

MIN_GAIN = 0.002
C = 1.0
BOOSTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


def _rows(split: list[dict[str, Any]], cache: Any, name: str) -> list[dict[str, float]]:
    ids = json.loads((cache / f"{name}.ids.json").read_text())
    log_probs = np.load(cache / f"{name}.npy")
    by_id = {key: lp for key, lp in zip(ids, log_probs, strict=True)}
    rows = []
    for row in split:
        features = pair_features(by_id[f"{row['file']}|{row['id']}"])
        features.update(signals.signal_features(row["a"], row["b"]))
        rows.append(features)
    return rows


def _fit(
    x: np.ndarray, y: np.ndarray, balanced: bool
) -> tuple[LogisticRegression, np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(
        C=C, max_iter=2000, class_weight="balanced" if balanced else None, random_state=SEED
    )
    model.fit((x - mean) / scale, y)
    return model, mean, scale


def _predict(
    fitted: tuple[LogisticRegression, np.ndarray, np.ndarray], x: np.ndarray
) -> np.ndarray:
    model, mean, scale = fitted
    return np.asarray(model.predict((x - mean) / scale))


def file_scores(gold: list[str], predicted: list[str]) -> dict[str, float]:
    """The figures `verify eval stance` prints, for one file's pairs."""
    figures = score_stance(gold, predicted)
    scores = {
        "acc": figures["accuracy"],
        "macro_f1": figures["macro_f1"],
        "disagree_f1": figures["per_label"].get("disagree", {}).get("f1", 0.0),
    }
    if figures["fnc_score"] is not None:
        scores["fnc"] = figures["fnc_score"]
    return scores


def _per_file(rows: list[dict[str, Any]], predicted: np.ndarray) -> dict[str, dict[str, float]]:
    by_file: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for row, label in zip(rows, predicted, strict=True):
        by_file[row["file"]][0].append(row["label"])
        by_file[row["file"]][1].append(str(label))
    return {f: file_scores(g, p) for f, (g, p) in sorted(by_file.items())}


def _out_of_fold(x: np.ndarray, y: np.ndarray, balanced: bool) -> tuple[list[str], np.ndarray]:
    """The classes and each row's decision scores from the fold that did not train on it
    (5-fold, stratified, seeded)."""
    scores = np.empty((len(y), len(LABELS)))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    classes: list[str] = []
    for train, test in folds.split(x, y):
        model, mean, scale = _fit(x[train], y[train], balanced)
        classes = [str(c) for c in model.classes_]
        scores[test] = model.decision_function((x[test] - mean) / scale)
    return classes, scores


def _cv_macro(x: np.ndarray, y: np.ndarray, rows: list[dict[str, Any]], balanced: bool) -> float:
    classes, scores = _out_of_fold(x, y, balanced)
    predicted = np.asarray(classes, dtype=object)[np.argmax(scores, axis=1)]
    per_file = _per_file(rows, predicted)
    return float(np.mean([s["macro_f1"] for s in per_file.values()]))


def _disagree_boost(
    x: np.ndarray, y: np.ndarray, rows: list[dict[str, Any]], balanced: bool
) -> float:
    """How much to raise the disagree intercept (a log-odds prior). Each value of BOOSTS is
    scored by 5-fold cross-validation on the calibrate split, as the signals are: the mean
    macro-F1 over the files first; among the values within MIN_GAIN of the best (no real
    difference there), the one with the best mean disagree F1. A desk would rather show a
    possible counterclaim than miss it, and disagree pairs are rare in most files."""
    classes, scores = _out_of_fold(x, y, balanced)
    index = classes.index("disagree")
    figures: dict[float, tuple[float, float]] = {}
    for boost in BOOSTS:
        shifted = scores.copy()
        shifted[:, index] += boost
        predicted = np.asarray(classes, dtype=object)[np.argmax(shifted, axis=1)]
        per_file = _per_file(rows, predicted)
        macro = float(np.mean([s["macro_f1"] for s in per_file.values()]))
        disagree = float(np.mean([s["disagree_f1"] for s in per_file.values()]))
        figures[boost] = (macro, disagree)
        print(f"disagree prior +{boost:.2f}: cv {macro:.4f}, mean disagree F1 {disagree:.4f}")
    best = max(macro for macro, _ in figures.values())
    level = [b for b, (macro, _) in figures.items() if macro >= best - MIN_GAIN]
    return max(level, key=lambda b: (figures[b][1], -b))


def fit_combiner(args: argparse.Namespace) -> None:
    started = time.time()
    splits = read_pairs(args.data)
    calibrate, report = splits["calibrate"], splits["report"]
    cal_rows = _rows(calibrate, args.cache, "calibrate")
    rep_rows = _rows(report, args.cache, "report")
    print(f"signals computed in {time.time() - started:.0f} s", flush=True)
    y_cal = np.array([r["label"] for r in calibrate])
    pair_names = [f"pair:{label}" for label in LABELS]

    def matrix(rows: list[dict[str, float]], names: list[str]) -> np.ndarray:
        return np.array([[r[n] for n in names] for r in rows], dtype=float)

    def describe(names: list[str], balanced: bool) -> tuple[float, dict[str, dict[str, float]]]:
        cv = _cv_macro(matrix(cal_rows, names), y_cal, calibrate, balanced)
        fitted = _fit(matrix(cal_rows, names), y_cal, balanced)
        return cv, _per_file(report, _predict(fitted, matrix(rep_rows, names)))

    def show(title: str, cv: float, scores: dict[str, dict[str, float]]) -> None:
        cells = "  ".join(
            f"{f.split('-')[0]} acc {s['acc']:.3f} dis {s['disagree_f1']:.3f}"
            + (f" fnc {s['fnc']:.1f}" if "fnc" in s else "")
            for f, s in scores.items()
        )
        print(f"{title:<34} cv {cv:.4f} | {cells}", flush=True)

    # The pair model alone, as the combiner sees it, and the signals alone.
    balanced = False
    base_cv, base = describe(pair_names, False)
    bal_cv, bal = describe(pair_names, True)
    show("pair model", base_cv, base)
    show("pair model (balanced classes)", bal_cv, bal)
    if bal_cv > base_cv:
        balanced, base_cv = True, bal_cv
    every_signal = [n for names in signals.SIGNAL_GROUPS.values() for n in names]
    show("signals alone", *describe(every_signal, balanced))
    chosen = list(pair_names)
    kept = []
    for group, names in signals.SIGNAL_GROUPS.items():
        cv, scores = describe(pair_names + list(names), balanced)
        show(f"pair model + {group}", cv, scores)
    current = base_cv
    for group, names in signals.SIGNAL_GROUPS.items():
        cv, scores = describe(chosen + list(names), balanced)
        if cv > current + MIN_GAIN:
            chosen += list(names)
            kept.append(group)
            current = cv
            show(f"kept {group}", cv, scores)
    final_cv, final = describe(chosen, balanced)
    show("chosen signals", final_cv, final)
    model, mean, scale = _fit(matrix(cal_rows, chosen), y_cal, balanced)
    boost = _disagree_boost(matrix(cal_rows, chosen), y_cal, calibrate, balanced)
    index = list(model.classes_).index("disagree")
    model.intercept_[index] += boost
    shifted = np.asarray(model.classes_)[
        np.argmax(model.decision_function((matrix(rep_rows, chosen) - mean) / scale), axis=1)
    ]
    show(f"shipped (disagree prior +{boost:.2f})", final_cv, _per_file(report, shifted))
    data = {
        "features": chosen,
        "labels": [str(label) for label in model.classes_],
        "mean": mean.tolist(),
        "scale": scale.tolist(),
        "coef": model.coef_.tolist(),
        "intercept": model.intercept_.tolist(),
        "provenance": {
            "trained_by": "training/train_stance.py combine",
            "data": "calibrate split (15%, by statement a) of ../shared/eval/stance/*.jsonl",
            "pairs": len(calibrate),
            "signal_groups_kept": kept,
            "balanced_classes": balanced,
            "C": C,
            "seed": SEED,
            "cross_validated_macro_f1": round(final_cv, 4),
            "disagree_prior_boost": round(boost, 4),
        },
    }
    combiner_module.WEIGHTS_PATH.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {combiner_module.WEIGHTS_PATH}; signal groups kept: {kept or 'none'}")
