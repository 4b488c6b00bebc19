"""Dismissals: statements whose own words deny what others report.

"The allegations were illogical and fabricated", "there was no truth whatsoever to the reports"
and "it looked like a rebel provocation" deny the claim they sit in without a denial cue and
without restating what they deny, so the pair model, which reads two contents side by side,
often finds them unrelated to the accusation, or finds two of them at odds. Inside a claim their
relation to another member follows from the words alone: two dismissals agree; a dismissal and
a member that does not dismiss disagree in content (a member that denies through its cue,
"X denied [that it carried out the attack]", turns that around as it does for any judgement).
`DismissalJudge` answers such pairs without the model and passes the rest on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .relation import LABELS, PairJudge, Relation
from .slot_words import DISMISSING_PHRASES, DISMISSING_WORDS
from .texts import words

_PHRASE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in DISMISSING_PHRASES) + r")\b")


@lru_cache(maxsize=4096)
def dismisses(text: str) -> bool:
    """Whether `text` dismisses in its own words: a word of DISMISSING_WORDS or a phrase of
    DISMISSING_PHRASES (whole words, any case)."""
    tokens = [token.replace("\u2019", "'") for token in words(text)]
    return any(token in DISMISSING_WORDS for token in tokens) or bool(
        _PHRASE.search(" ".join(tokens))
    )


def _certain(label: str) -> Relation:
    return Relation(label, {name: float(name == label) for name in LABELS})


AGREE, DISAGREE = _certain("agree"), _certain("disagree")


def dismissal_relation(a: str, b: str) -> Relation | None:
    """b's relation to a when either dismisses: agree when both do, disagree when one does;
    None when neither does (the model's question)."""
    first, second = dismisses(a), dismisses(b)
    if not (first or second):
        return None
    return AGREE if first == second else DISAGREE


class DismissalJudge:
    """`inner` for pairs where neither statement dismisses; the others answered by
    `dismissal_relation`, without the model."""

    def __init__(self, inner: PairJudge) -> None:
        self.inner = inner

    def relate(self, pairs: Sequence[tuple[str, str]]) -> list[Relation]:
        firm = [dismissal_relation(a, b) for a, b in pairs]
        asked = [pair for pair, answer in zip(pairs, firm, strict=True) if answer is None]
        answers = iter(self.inner.relate(asked) if asked else [])
        return [answer if answer is not None else next(answers) for answer in firm]
