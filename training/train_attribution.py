"""Train the learned cue gate of the attribution extractor (`verify/extraction/learned.py`).

    python training/train_attribution.py [--data FILE] [--out FILE] [--cache DOCBIN]

Reads a PolNeAR-style attribution JSONL file (default: the development file in
../shared/eval beside the project) and parses every article with the extractor's spaCy
pipeline. Every candidate the rules propose without the gate
(`verb_candidates(doc, gate=False)`) is labelled positive when its cue overlaps a gold cue
whose source (if any) overlaps the candidate's source. An L2 logistic regression
(scikit-learn, liblinear: deterministic) is fitted on the articles with index % 3 != 0; the
decision threshold is chosen on those same articles by the extractor's end-to-end source exact
F1; articles with index % 3 == 0 are held out and only reported. Writes the weights as JSON
(bias, threshold, feature -> weight) with provenance.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from spacy.tokens import Doc, DocBin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from verify.evaluation import attribution as attribution_eval  # noqa: E402
from verify.extraction import extract_from_doc, learned, reported  # noqa: E402
from verify.extraction.parsing import pipeline  # noqa: E402

SEED = 0
C = 0.5
THRESHOLDS = (0.35, 0.45, 0.55)
DEFAULT_DATA = str(ROOT.parent / "shared" / "eval" / "attribution" / "polnear-train.jsonl")


def parse_all(rows: list[dict[str, Any]], cache: str | None) -> list[Doc]:
    nlp = pipeline()
    if cache and Path(cache).is_file():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == [r["text"] for r in rows]:
            return docs
    docs = list(nlp.pipe((r["text"] for r in rows), batch_size=32))
    if cache:
        bin_ = DocBin(store_user_data=False)
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(cache)
    return docs


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def labelled(doc: Doc, row: dict[str, Any]) -> list[tuple[list[str], int]]:
    gold = []
    for attribution in row["attributions"]:
        cues = [tuple(p) for p in attribution.get("cue") or []]
        sources = [tuple(p) for p in attribution.get("source") or []]
        if cues:
            gold.append((cues, sources))
    found = []
    for candidate in reported.verb_candidates(doc, gate=False):
        assert candidate.cue is not None and candidate.source is not None
        positive = any(
            any(_overlaps(candidate.cue, c) for c in cues)
            and (not sources or any(_overlaps(candidate.source, s) for s in sources))
            for cues, sources in gold
        )
        found.append((candidate.features, int(positive)))
    return found


def fit(examples: list[tuple[list[str], int]]) -> tuple[float, dict[str, float]]:
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for n, (feats, _label) in enumerate(examples):
        for f in set(feats):
            rows.append(n)
            cols.append(vocabulary.setdefault(f, len(vocabulary)))
    matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(examples), len(vocabulary)))
    labels = np.array([label for _feats, label in examples])
    model = LogisticRegression(C=C, solver="liblinear", random_state=SEED, max_iter=1000)
    model.fit(matrix, labels)
    weights = {
        f: round(float(model.coef_[0][i]), 4)
        for f, i in vocabulary.items()
        if abs(model.coef_[0][i]) >= 1e-3
    }
    return round(float(model.intercept_[0]), 4), dict(sorted(weights.items()))


def evaluate(rows: list[dict[str, Any]], docs: dict[str, Doc]) -> dict[str, Any]:
    return attribution_eval.evaluate_attribution(rows, extract=lambda t: extract_from_doc(docs[t]))


def summary(result: dict[str, Any]) -> str:
    parts = []
    for role in ("source", "cue", "content", "attribution"):
        parts.append(
            f"{role} exact F1 {result[role]['exact']['f1']:.3f}"
            f" overlap F1 {result[role]['overlap']['f1']:.3f}"
        )
    return "; ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--out", default=str(learned.WEIGHTS_PATH))
    parser.add_argument("--cache", default=None, help="DocBin file to reuse parses from")
    args = parser.parse_args()
    random.seed(SEED)
    np.random.seed(SEED)
    rows = attribution_eval.read_attribution_file(args.data)
    started = time.time()
    docs = parse_all(rows, args.cache)
    print(f"parsed {len(rows)} articles in {time.time() - started:.0f}s")
    by_text = {doc.text: doc for doc in docs}
    develop = [i for i in range(len(rows)) if i % 3 != 0]
    held = [i for i in range(len(rows)) if i % 3 == 0]
    examples = [e for i in develop for e in labelled(docs[i], rows[i])]
    positives = sum(label for _f, label in examples)
    print(f"{len(examples)} candidates, {positives} positive (development split)")
    bias, weights = fit(examples)
    best = None
    for threshold in THRESHOLDS:
        model = learned.CueModel({"bias": bias, "weights": weights, "threshold": threshold})
        reported.cue_model = lambda model=model: model  # type: ignore[assignment]
        result = evaluate([rows[i] for i in develop], by_text)
        score = result["source"]["exact"]["f1"] + result["content"]["overlap"]["f1"]
        print(f"threshold {threshold}: development {summary(result)}")
        if best is None or score > best[0]:
            best = (score, threshold)
    assert best is not None
    threshold = best[1]
    model = learned.CueModel({"bias": bias, "weights": weights, "threshold": threshold})
    reported.cue_model = lambda: model  # type: ignore[assignment]
    held_result = evaluate([rows[i] for i in held], by_text)
    full_result = evaluate(rows, by_text)
    print(f"chosen threshold {threshold}")
    print(f"held out (index % 3 == 0, {len(held)} articles): {summary(held_result)}")
    print(f"full file ({len(rows)} articles): {summary(full_result)}")
    out = {
        "provenance": {
            "data": Path(args.data).name,
            "trained_on": "articles with index % 3 != 0",
            "held_out": "articles with index % 3 == 0",
            "seed": SEED,
            "C": C,
            "threshold_chosen_on": "development split, source exact F1 + content overlap F1",
            "command": "python training/train_attribution.py",
            "held_out_figures": summary(held_result),
        },
        "bias": bias,
        "threshold": threshold,
        "weights": weights,
    }
    Path(args.out).write_text(json.dumps(out, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {len(weights)} weights to {args.out}")


if __name__ == "__main__":
    main()
