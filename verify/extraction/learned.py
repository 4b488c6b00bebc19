"""The learned cue gate: is this verb, with this subject and this content, an attribution cue?

A logistic regression over sparse string features of a candidate on the spaCy parse (the lemma,
whether `cues` lists it, the dependency labels around it, the subject's type, the content's
shape). The hand lists in `cues` stay the prior: they are features, and they still decide
the cue's kind. The weights are trained by `training/train_attribution.py` and shipped as
`verify/data/attribution_cues.json` (provenance in `verify/data/README.md`); they are read once,
on first use. Scoring is a sum of weights: no scikit-learn at run time.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cues import CLAUSE_ONLY_CUES, CUE_VERBS, OBJECT_CUES
from .parsing import text_of

if TYPE_CHECKING:
    from spacy.tokens import Token

WEIGHTS_PATH = Path(__file__).resolve().parent.parent / "data" / "attribution_cues.json"


class CueModel:
    """Weights of the cue gate: P(cue) = sigmoid(bias + sum of the weights of the features)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.bias = float(data["bias"])
        self.weights: dict[str, float] = {str(k): float(v) for k, v in data["weights"].items()}
        self.threshold = float(data["threshold"])

    def probability(self, features: list[str]) -> float:
        score = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


@lru_cache(maxsize=1)
def cue_model() -> CueModel:
    """The shipped weights, loaded on the first call; a missing or broken file is an error."""
    if not WEIGHTS_PATH.is_file():
        raise RuntimeError(
            f"attribution cue weights not found at {WEIGHTS_PATH}; they ship with the package "
            "(rebuild them with `python training/train_attribution.py`)"
        )
    try:
        data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
        return CueModel(data)
    except (ValueError, KeyError, TypeError) as error:
        message = f"attribution cue weights at {WEIGHTS_PATH} are unreadable: {error}"
        raise RuntimeError(message) from error


def _subject_type(subject: Token) -> str:
    if subject.pos_ == "PRON":
        return "pron:" + subject.lower_
    if subject.ent_type_:
        return "ent:" + subject.ent_type_
    return "pos:" + subject.pos_


def _bucket(n: int) -> str:
    for limit in (0, 2, 5, 10, 20, 40):
        if n <= limit:
            return str(limit)
    return "many"


def features(
    verb: Token, subject: Token, children: list[Token], content: tuple[int, int] | None
) -> list[str]:
    """The candidate's features as strings (one weight each in the model)."""
    lemma = verb.lemma_.lower()
    listed = CUE_VERBS.get(lemma, "none")
    deps = sorted({c.dep_ for c in verb.children})
    content_deps = sorted({c.dep_ for c in children}) or ["none"]
    marks = {g.lower_ for c in children for g in c.children if g.dep_ == "mark"}
    text = text_of(verb.doc)
    before = text[max(0, verb.idx - 3) : verb.idx]
    words = 0 if content is None else len(text[content[0] : content[1]].split())
    shape = "+".join(content_deps)
    found = [
        "lemma=" + lemma,
        "listed=" + listed,
        "object_cue=" + str(lemma in OBJECT_CUES),
        "clause_only=" + str(lemma in CLAUSE_ONLY_CUES),
        "tag=" + verb.tag_,
        "dep=" + verb.dep_,
        "head_pos=" + verb.head.pos_,
        "subject=" + _subject_type(subject),
        "subject_dep=" + subject.dep_,
        "content=" + shape,
        "content_words=" + _bucket(words),
        "lemma_content=" + lemma + "|" + shape,
        "listed_content=" + listed + "|" + shape,
        "lemma_tag=" + lemma + "|" + verb.tag_,
        "lemma_subject=" + lemma + "|" + _subject_type(subject).split(":")[0],
        "quote_before=" + str(any(q in before for q in "\"\u201d'")),
        "subject_after=" + str(subject.i > verb.i),
        "negated=" + str(any(c.dep_ == "neg" for c in verb.children)),
    ]
    found += ["child=" + d for d in deps]
    found += ["mark=" + m for m in sorted(marks)]
    found += ["lemma_mark=" + lemma + "|" + m for m in sorted(marks)]
    return found
