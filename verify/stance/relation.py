"""The relation of statement b to statement a, and the protocol of whatever judges pairs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

# How b relates to a: supports it, denies or undermines it, is about it without taking a side,
# or is not about it at all.
LABELS: tuple[str, ...] = ("agree", "disagree", "neutral", "unrelated")

# The side a member takes in its group, from its relation to the group's central claim.
SIDE_OF_LABEL: dict[str, str] = {
    "agree": "asserts",
    "disagree": "denies",
    "neutral": "neutral",
    "unrelated": "neutral",
}

LANGUAGE_NOT_SUPPORTED = "language not supported"
IDENTICAL = "identical statements"
EMPTY = "empty statement"


@dataclass(frozen=True)
class Relation:
    """b's relation to a: the most likely label, every label's probability, and a note when the
    answer did not come from the model ("language not supported", "identical statements")."""

    label: str
    probabilities: dict[str, float] = field(default_factory=dict)
    note: str | None = None

    @property
    def confidence(self) -> float:
        return self.probabilities.get(self.label, 0.0)


class PairJudge(Protocol):
    """Anything that gives, for each (a, b) pair, the relation of b to a."""

    def relate(self, pairs: Sequence[tuple[str, str]]) -> list[Relation]: ...


class RememberingJudge:
    """`inner`, asked about each distinct (a, b) pair once: a pair asked again (a claim judged
    again after another claim joined it, the same pair twice in one call) costs nothing. Meant
    for one unit of work, such as sorting one event: what it remembers grows with the pairs."""

    def __init__(self, inner: PairJudge) -> None:
        self.inner = inner
        self.known: dict[tuple[str, str], Relation] = {}

    def remember(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Ask `inner` about the distinct pairs of `pairs` not known yet, and keep the answers."""
        wanted = list(dict.fromkeys(pair for pair in pairs if pair not in self.known))
        if wanted:
            self.known.update(zip(wanted, self.inner.relate(wanted), strict=True))

    def relate(self, pairs: Sequence[tuple[str, str]]) -> list[Relation]:
        self.remember(pairs)
        return [self.known[pair] for pair in pairs]
