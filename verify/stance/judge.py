"""The stance judge the app and `verify eval stance` share: pair model + hand signals + combiner.

Inputs the model cannot judge get an answer with a note instead of an error:
- an empty text: `neutral`, note "empty statement";
- two statements with the same words: `agree`, note "identical statements";
- a text that is not English (`texts.is_supported`): `neutral`, note "language not supported".
Long texts are cut at documented lengths (see `texts`), never refused.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from . import signals
from .combiner import Combiner, combiner, pair_features
from .pair_model import PairModel
from .relation import EMPTY, IDENTICAL, LABELS, LANGUAGE_NOT_SUPPORTED, Relation
from .texts import MAX_TEXT_CHARS, is_supported, words


def _fixed(label: str, note: str, certainty: float = 1.0) -> Relation:
    rest = (1.0 - certainty) / (len(LABELS) - 1)
    probabilities = {name: certainty if name == label else rest for name in LABELS}
    return Relation(label=label, probabilities=probabilities, note=note)


def precheck(a: str, b: str) -> Relation | None:
    """The answer for a pair the model should not judge, or None when it should."""
    if not a.strip() or not b.strip():
        return _fixed("neutral", EMPTY)
    if words(a) == words(b):
        return _fixed("agree", IDENTICAL)
    if not is_supported(a[:MAX_TEXT_CHARS]) or not is_supported(b[:MAX_TEXT_CHARS]):
        return _fixed("neutral", LANGUAGE_NOT_SUPPORTED)
    return None


class StanceJudge:
    """`relate(pairs)`: the relation of each b to its a, with probabilities over LABELS."""

    def __init__(self, pair_model: PairModel | None = None, weights: Combiner | None = None):
        self.pair_model = pair_model or PairModel()
        self._weights = weights

    @property
    def weights(self) -> Combiner:
        if self._weights is None:
            self._weights = combiner()
        return self._weights

    def relate(self, pairs: Sequence[tuple[str, str]]) -> list[Relation]:
        answers: list[Relation | None] = [precheck(a, b) for a, b in pairs]
        todo = [i for i, answer in enumerate(answers) if answer is None]
        if todo:
            texts = [(pairs[i][0][:MAX_TEXT_CHARS], pairs[i][1][:MAX_TEXT_CHARS]) for i in todo]
            log_probs = self.pair_model.log_probabilities(texts)
            rows = [
                {**pair_features(lp), **signals.signal_features(a, b)}
                for lp, (a, b) in zip(log_probs, texts, strict=True)
            ]
            probabilities = self.weights.probabilities(rows)
            for i, probs in zip(todo, probabilities, strict=True):
                best = int(np.argmax(probs))
                answers[i] = Relation(
                    label=LABELS[best],
                    probabilities={label: float(p) for label, p in zip(LABELS, probs, strict=True)},
                )
        return [answer for answer in answers if answer is not None]


_JUDGE: StanceJudge | None = None
_LOCK = threading.Lock()


def stance_judge() -> StanceJudge:
    """The process-wide judge; its models load on first use."""
    global _JUDGE
    with _LOCK:
        if _JUDGE is None:
            _JUDGE = StanceJudge()
        return _JUDGE
